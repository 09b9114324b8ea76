/**
 * Verifying a bearer JWT against a remote key set (AUTH_JWKS_URL), with jose:
 * only asymmetric algorithms, `exp` required, 60 s of clock tolerance, the
 * exact issuer, an audience the token must contain. jose caches the set and
 * fetches it again when a token names an unknown `kid` (at most once every
 * 30 s), so a rotated key is accepted within 30 s of being published; each
 * fetch has a deadline, so a key set that is down or slow refuses the token
 * instead of holding the request.
 *
 * A refusal names a reason class, never the token or anything in it.
 */
import type { JWTPayload } from 'jose';

/** jose, loaded with the first token to check (a gateway without AUTH_JWKS_URL never loads it). */
type Jose = typeof import('jose');

/** RS256/PS256/ES256/EdDSA: never `none`, never an HMAC algorithm (a public key is no secret). */
export const TOKEN_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;

export interface TokenVerifierOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** The longest a key set fetch may take. @default 5000 */
  fetchTimeoutMs?: number;
  /** The least time between two fetches for unknown `kid`s. @default 30000 */
  keySetCooldownMs?: number;
  /** The clock (tests move it). @default Date.now */
  now?: () => number;
}

export type TokenRefusalReason =
  | 'malformed'
  | 'expired'
  | 'not yet valid'
  | 'wrong issuer'
  | 'wrong audience'
  | 'missing claim'
  | 'bad signature'
  | 'algorithm not allowed'
  | 'unknown signing key'
  | 'signing keys unavailable';

export interface VerifiedToken {
  issuer: string;
  subject: string;
  scopes: string[];
}

export type TokenCheck = { token: VerifiedToken } | { refused: TokenRefusalReason };

/** Scopes from `scope` (space-separated) or `scp` (an array, or a string as some issuers send). */
function scopesOf(payload: JWTPayload): string[] {
  const raw = payload.scope ?? payload.scp;
  const list = typeof raw === 'string' ? raw.split(' ') : Array.isArray(raw) ? raw : [];
  const scopes = list.filter(
    (scope): scope is string => typeof scope === 'string' && /^[\x21-\x7e]{1,128}$/.test(scope),
  );
  return [...new Set(scopes)].sort().slice(0, 64);
}

function reasonOf({ errors }: Jose, error: unknown): TokenRefusalReason {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf' || error.claim === 'iat') return 'not yet valid';
    if (error.claim === 'iss') return 'wrong issuer';
    if (error.claim === 'aud') return 'wrong audience';
    return 'missing claim';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return 'algorithm not allowed';
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return 'unknown signing key';
  }
  if (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    error instanceof errors.JWKInvalid
  ) {
    return 'signing keys unavailable';
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'malformed';
  // A failed fetch of the set (refused, reset, not JSON): jose passes it on as it came.
  return 'signing keys unavailable';
}

export function createTokenVerifier(options: TokenVerifierOptions): (token: string) => Promise<TokenCheck> {
  const url = new URL(options.jwksUrl);
  // The module and the one key set (its cache, its cooldown) every check shares.
  let loaded: Promise<{ jose: Jose; keys: ReturnType<Jose['createRemoteJWKSet']> }> | undefined;
  const load = () =>
    (loaded ??= import('jose').then((jose) => ({
      jose,
      keys: jose.createRemoteJWKSet(url, {
        timeoutDuration: options.fetchTimeoutMs ?? 5_000,
        cooldownDuration: options.keySetCooldownMs ?? 30_000,
      }),
    })));
  const now = options.now ?? Date.now;
  return async (token) => {
    // A JWT is three base64url parts; anything else is refused before jose parses it.
    if (token.length > 16_384 || !/^[\w-]+\.[\w-]+\.[\w-]*$/.test(token)) return { refused: 'malformed' };
    const { jose, keys } = await load();
    try {
      const { payload } = await jose.jwtVerify(token, keys, {
        algorithms: [...TOKEN_ALGORITHMS],
        issuer: options.issuer,
        audience: options.audience,
        clockTolerance: 60,
        requiredClaims: ['exp', 'sub'],
        currentDate: new Date(now()),
      });
      return { token: { issuer: options.issuer, subject: payload.sub!, scopes: scopesOf(payload) } };
    } catch (error) {
      return { refused: reasonOf(jose, error) };
    }
  };
}
