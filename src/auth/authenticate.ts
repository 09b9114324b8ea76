/**
 * From a request's `Authorization` header to its Caller, or a refusal: a key
 * of GATEWAY_API_KEYS makes a service caller, a JWT verified against
 * AUTH_JWKS_URL a user (tokens.ts). Used by every entry point: HTTP (POST,
 * GET, SSE, multipart) in server/plugins/use-authentication.ts, WebSocket at
 * `connection_init`. With neither configured there is no authenticator and
 * every request is a `credential` caller (caller.ts).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { serviceCaller } from './caller.js';
import type { Caller } from './caller.js';
import { createTokenVerifier } from './tokens.js';
import type { TokenVerifierOptions } from './tokens.js';

export interface AuthOptions {
  /** GATEWAY_API_KEYS: service callers with every scope. */
  gatewayApiKeys?: readonly string[];
  /** AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE: end users with their token's scopes. */
  tokens?: TokenVerifierOptions;
}

export type Authentication = { caller: Caller } | { refused: string };

export type Authenticator = (authorization: string | null | undefined) => Promise<Authentication>;

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether `presented` is one of the keys: compared as digests against every key, so timing tells nothing. */
function keyMatcher(keys: readonly string[]): (presented: string) => boolean {
  const accepted = keys.map(digest);
  return (presented) => {
    const candidate = digest(presented);
    let ok = false;
    for (const key of accepted) ok = timingSafeEqual(key, candidate) || ok;
    return ok;
  };
}

/** The authenticator the options ask for; undefined when they ask for none (everyone is let in). */
export function createAuthenticator(options: AuthOptions): Authenticator | undefined {
  const keys = options.gatewayApiKeys ?? [];
  if (keys.length === 0 && !options.tokens) return undefined;
  const isKey = keys.length > 0 ? keyMatcher(keys) : () => false;
  const verify = options.tokens ? createTokenVerifier(options.tokens) : undefined;
  const missing = verify
    ? 'A bearer token is required: Authorization: Bearer <token>'
    : 'A gateway API key is required: Authorization: Bearer <key>';
  return async (authorization) => {
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (presented === undefined) return { refused: missing };
    if (isKey(presented)) return { caller: serviceCaller(presented) };
    if (!verify) return { refused: 'The gateway API key was not accepted' };
    const check = await verify(presented);
    if ('refused' in check) return { refused: `The bearer token was refused: ${check.refused}` };
    const { issuer, subject, scopes } = check.token;
    return { caller: { kind: 'user', subject: `${subject}@${issuer}`, scopes } };
  };
}

/** Each server's authenticator, for its WebSocket listener: one key-set cache serves both. */
const authenticators = new WeakMap<object, Authenticator>();
export const useAuthenticatorFor = (server: object, authenticate: Authenticator): void =>
  void authenticators.set(server, authenticate);
export const authenticatorOf = (server: object): Authenticator | undefined => authenticators.get(server);
