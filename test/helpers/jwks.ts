/**
 * An identity provider on loopback for the tests: a JSON Web Key Set served
 * over real HTTP (with faults: down, slow, garbage), and tokens signed with
 * jose by its keys, as Auth0 or Keycloak would issue them.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { CryptoKey, JWK, JWTPayload } from 'jose';

export const ISSUER = 'https://issuer.test/';
export const AUDIENCE = 'https://media.test';

type Fault = 'none' | 'down' | 'slow' | 'garbage';

interface SigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface TestIssuer {
  jwksUrl: string;
  /** How many times the key set was fetched. */
  fetches(): number;
  /** Signs a token (defaults: sub `user-1`, iss, aud, exp in an hour, scope given). */
  sign(claims?: JWTPayload & { scope?: string }, options?: { kid?: string; noExp?: boolean }): Promise<string>;
  /** Adds a key the set publishes from now on; its kid. */
  rotate(alg?: 'RS256' | 'ES256' | 'PS256' | 'EdDSA'): Promise<string>;
  /** A key whose kid the set never publishes. */
  unpublished(): Promise<SigningKey>;
  signWith(key: SigningKey, claims?: JWTPayload): Promise<string>;
  /** The public JWK of the current key (for HMAC-with-the-public-key forgeries). */
  publicJwk(): JWK;
  fault(kind: Fault): void;
  close(): Promise<void>;
}

async function makeKey(alg: string, n: number): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `key-${n}-${alg.toLowerCase()}`;
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export async function startIssuer(): Promise<TestIssuer> {
  let count = 0;
  const keys: SigningKey[] = [await makeKey('RS256', count++)];
  let fault: Fault = 'none';
  let fetches = 0;
  const server = createServer((request, response) => {
    fetches++;
    if (fault === 'down') return response.writeHead(503).end();
    if (fault === 'slow') return void setTimeout(() => response.writeHead(200).end('{"keys":[]}'), 60_000).unref();
    if (fault === 'garbage')
      return response.writeHead(200, { 'content-type': 'application/json' }).end('{"keys": nope');
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: keys.map((key) => key.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const signWith = (key: SigningKey, claims: JWTPayload = {}, noExp = false) => {
    const jwt = new SignJWT({ sub: 'user-1', ...claims })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
      .setIssuer(claims.iss ?? ISSUER)
      .setAudience(claims.aud ?? AUDIENCE)
      .setIssuedAt();
    if (!noExp) jwt.setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 3_600);
    return jwt.sign(key.privateKey);
  };
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    fetches: () => fetches,
    sign: (claims, options) => {
      const key = keys.find((k) => k.kid === options?.kid) ?? keys[keys.length - 1]!;
      return signWith(key, claims, options?.noExp);
    },
    async rotate(alg = 'RS256') {
      const key = await makeKey(alg, count++);
      keys.push(key);
      return key.kid;
    },
    unpublished: () => makeKey('RS256', count++),
    signWith: (key, claims) => signWith(key, claims),
    publicJwk: () => keys[keys.length - 1]!.publicJwk,
    fault: (kind) => void (fault = kind),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
