/**
 * Who may ask (runtime-contract.md, "Who is asking"): AUTH_JWKS_URL with its
 * AUTH_ISSUER and AUTH_AUDIENCE, all three or none.
 */
import { BOOLEANS, ConfigError, oneOf, present } from './read.js';
import type { Env } from './read.js';

export interface AuthConfig {
  /** Bearer JWTs verified against this key set; undefined: no end-user tokens. */
  tokens: { jwksUrl: string; issuer: string; audience: string } | undefined;
  /** SANDBOX_AUTH=1: the sandbox issues demo tokens and the gateway requires them (sandbox mode only). */
  sandboxAuth: boolean;
}

/** `useSandbox`: whether the embedded sandbox providers start (SANDBOX_AUTH needs them). */
export function authConfig(env: Env, useSandbox: boolean): AuthConfig {
  const sandboxAuth = oneOf(env, 'SANDBOX_AUTH', 'off', BOOLEANS) === 'on';
  if (sandboxAuth && !useSandbox)
    throw new ConfigError('SANDBOX_AUTH', 'only works with the sandbox providers (SANDBOX)');
  const jwksUrl = present(env, 'AUTH_JWKS_URL');
  if (sandboxAuth && jwksUrl !== undefined) {
    throw new ConfigError('SANDBOX_AUTH', 'the sandbox issues its own tokens: unset AUTH_JWKS_URL, or SANDBOX_AUTH');
  }
  const issuer = present(env, 'AUTH_ISSUER');
  const audience = present(env, 'AUTH_AUDIENCE');
  if (jwksUrl === undefined) {
    const stray = issuer !== undefined ? 'AUTH_ISSUER' : audience !== undefined ? 'AUTH_AUDIENCE' : undefined;
    if (stray) throw new ConfigError(stray, 'only means something with AUTH_JWKS_URL');
    return { tokens: undefined, sandboxAuth };
  }
  // Kept as written (a key set may carry a query); only its scheme is checked.
  let protocol: string | undefined;
  try {
    protocol = new URL(jwksUrl).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new ConfigError('AUTH_JWKS_URL', 'expected the http(s) URL of a JSON Web Key Set');
  }
  if (issuer === undefined)
    throw new ConfigError('AUTH_ISSUER', 'required with AUTH_JWKS_URL (the exact iss accepted)');
  if (audience === undefined)
    throw new ConfigError('AUTH_AUDIENCE', 'required with AUTH_JWKS_URL (an aud the token must contain)');
  return { tokens: { jwksUrl, issuer, audience }, sandboxAuth };
}
