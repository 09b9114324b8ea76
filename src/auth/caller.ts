/**
 * Who is asking: one Caller per request (or WebSocket connection), made
 * before anything GraphQL runs (auth/authenticate.ts) and read by the scope
 * checks, the credits and `viewer`. The gateway knows three kinds:
 *
 * - `user`: a verified JWT (AUTH_JWKS_URL); its subject is `sub@iss`, its
 *   scopes the token's;
 * - `service`: a key of GATEWAY_API_KEYS; every scope;
 * - `credential`: neither is configured; every scope, and the subject is a
 *   digest of the provider credentials in use (as before there were users).
 */
import { createHash } from 'node:crypto';

export const SCOPES = ['media:read', 'media:write', 'media:generate'] as const;
export type Scope = (typeof SCOPES)[number];

export type CallerKind = 'user' | 'service' | 'credential';

export interface Caller {
  kind: CallerKind;
  /** Whose credits are counted: never a secret (digests only for keys and credentials). */
  subject: string;
  /** What the token granted (sorted, without duplicates); every scope for services and credentials. */
  scopes: readonly string[];
}

/** True when the caller holds `scope`. */
export const holds = (caller: Caller, scope: string): boolean => caller.scopes.includes(scope);

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

const EVERY_SCOPE: readonly string[] = Object.freeze([...SCOPES]);

/** A service caller: one of GATEWAY_API_KEYS, named by a digest of it. */
export function serviceCaller(key: string): Caller {
  return { kind: 'service', subject: `service:${digest(key)}`, scopes: EVERY_SCOPE };
}

/** The caller when no identity is configured: the provider credentials' digests (already digests) name it. */
export function credentialCaller(credentialDigests: readonly string[]): Caller {
  return { kind: 'credential', subject: `credential:${credentialDigests.join('.')}`, scopes: EVERY_SCOPE };
}

/** The callers of the requests (and WebSocket connections) authenticated so far. */
const callers = new WeakMap<Request, Caller>();

export const rememberCaller = (request: Request, caller: Caller): void => void callers.set(request, caller);
export const callerOf = (request: Request): Caller | undefined => callers.get(request);
