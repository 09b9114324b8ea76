/**
 * Per-request provider keys, as the gateway reads them (X-Krea-Token,
 * X-Argil-Api-Key), and the gateway's own key if it wants one. Kept in this tab's sessionStorage only: gone when the
 * tab closes, never in localStorage, cookies or the URL. Without them the
 * gateway uses its own keys (the sandbox's, under `npm start`).
 *
 * Signed in (SANDBOX_AUTH, sign-in.ts), a request carries the user's access
 * token and nothing else: the gateway holds the provider keys.
 */
import { readAccessToken, signInMode } from './sign-in';

export interface Credentials {
  kreaToken: string;
  argilApiKey: string;
  /** For a gateway started with GATEWAY_API_KEYS (sent as Authorization: Bearer). */
  gatewayKey: string;
}

const KEYS = {
  kreaToken: 'mediagraph.kreaToken',
  argilApiKey: 'mediagraph.argilApiKey',
  gatewayKey: 'mediagraph.gatewayKey',
} as const;

export function readCredentials(): Credentials {
  return {
    kreaToken: sessionStorage.getItem(KEYS.kreaToken) ?? '',
    argilApiKey: sessionStorage.getItem(KEYS.argilApiKey) ?? '',
    gatewayKey: sessionStorage.getItem(KEYS.gatewayKey) ?? '',
  };
}

export function saveCredentials(credentials: Credentials): void {
  for (const name of ['kreaToken', 'argilApiKey', 'gatewayKey'] as const) {
    const value = credentials[name].trim();
    if (value) sessionStorage.setItem(KEYS[name], value);
    else sessionStorage.removeItem(KEYS[name]);
  }
}

/** The headers every request of the gallery carries. */
export function credentialHeaders(credentials: Credentials = readCredentials()): Record<string, string> {
  if (signInMode()) {
    const token = readAccessToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  }
  const headers: Record<string, string> = {};
  if (credentials.kreaToken) headers['x-krea-token'] = credentials.kreaToken;
  if (credentials.argilApiKey) headers['x-argil-api-key'] = credentials.argilApiKey;
  if (credentials.gatewayKey) headers.authorization = `Bearer ${credentials.gatewayKey}`;
  return headers;
}
