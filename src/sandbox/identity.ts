/**
 * SANDBOX_AUTH=1: a demo identity provider on loopback, so sign-in, scopes
 * and credits can be tried with no Auth0 or Keycloak. It publishes a JSON Web
 * Key Set (ES256, a key made at start) and issues tokens to two demo users
 * from a small token endpoint, the way a real provider's would be used: the
 * gateway fetches the key set over HTTP and verifies tokens as it would any
 * other issuer's. No password: it is a demo on loopback.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

export const SANDBOX_AUDIENCE = 'mediagraph';
/** What each demo user may spend a day, unless QUOTA_CREDITS_PER_DAY is set. */
export const SANDBOX_CREDITS_PER_DAY = 20;

export interface DemoUser {
  id: string;
  name: string;
  scope: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'reader', name: 'Reader (media:read)', scope: 'media:read' },
  { id: 'creator', name: 'Creator (read, write, generate)', scope: 'media:read media:write media:generate' },
];

export interface SandboxIdentity {
  /** The issuer (`iss`) and its key set, for AUTH_ISSUER and AUTH_JWKS_URL. */
  issuer: string;
  jwksUrl: string;
  /** GET → `{ users: DemoUser[] }`. */
  usersUrl: string;
  /** POST `{ "user": "reader" | "creator" }` → `{ access_token, token_type, expires_in, scope }`. */
  tokenUrl: string;
  audience: string;
  close(): Promise<void>;
}

const TOKEN_SECONDS = 3_600;

function send(response: ServerResponse, status: number, body: unknown): void {
  // Any page may ask for a demo token: it grants only what the demo users hold, on loopback.
  response.writeHead(status, {
    'content-type': 'application/json',
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'content-type',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > 1_000) return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export async function startSandboxIdentity(host = '127.0.0.1', port = 0): Promise<SandboxIdentity> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = `sandbox-${Date.now().toString(36)}`;
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] };
  let issuer = '';
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://identity').pathname;
    if (request.method === 'OPTIONS') return send(response, 204, null);
    if (request.method === 'GET' && path === '/.well-known/jwks.json') return send(response, 200, jwks);
    if (request.method === 'GET' && path === '/users') return send(response, 200, { users: DEMO_USERS });
    if (request.method !== 'POST' || path !== '/token') return send(response, 404, { error: 'not_found' });
    void readJson(request).then(async (body) => {
      const id = (body as { user?: unknown } | undefined)?.user;
      const user = DEMO_USERS.find((candidate) => candidate.id === id);
      if (!user) return send(response, 400, { error: 'invalid_request', error_description: 'user: reader or creator' });
      const token = await new SignJWT({ scope: user.scope, name: user.name })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(SANDBOX_AUDIENCE)
        .setSubject(`demo-${user.id}`)
        .setIssuedAt()
        .setExpirationTime(`${TOKEN_SECONDS}s`)
        .sign(privateKey);
      send(response, 200, { access_token: token, token_type: 'Bearer', expires_in: TOKEN_SECONDS, scope: user.scope });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  issuer = `${origin}/`;
  return {
    issuer,
    jwksUrl: `${origin}/.well-known/jwks.json`,
    usersUrl: `${origin}/users`,
    tokenUrl: `${origin}/token`,
    audience: SANDBOX_AUDIENCE,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
