/**
 * The one error taxonomy of the provider layer. Every failure of an upstream
 * call ends up as a ProviderError; `schema/errors.ts` translates it, once,
 * into a GraphQL error code. Messages are written for the gateway's users and
 * never carry credentials, upstream URLs or upstream bodies verbatim.
 */

import { providerDisplayName } from './names.js';

/** A registered provider's name (`krea`): metrics labels, idempotency scopes, `extensions.provider` once upper-cased. */
export type ProviderName = string;

export type ProviderErrorKind =
  'unauthenticated' | 'not-found' | 'rate-limited' | 'timeout' | 'unavailable' | 'bad-request' | 'insufficient-credits';

export interface ProviderErrorDetails {
  /** The upstream HTTP status, when there was one. */
  status?: number;
  /** From a Retry-After header, when the provider sent one. */
  retryAfterSeconds?: number;
}

export class ProviderError extends Error {
  override name = 'ProviderError';

  constructor(
    readonly provider: ProviderName,
    readonly kind: ProviderErrorKind,
    message: string,
    readonly details: ProviderErrorDetails = {},
  ) {
    super(`${providerDisplayName(provider)}: ${message}`);
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}

/** The kind an upstream HTTP status means; undefined for a success. */
export function kindForStatus(status: number): ProviderErrorKind | undefined {
  if (status < 400) return undefined;
  if (status === 401 || status === 403) return 'unauthenticated';
  if (status === 402) return 'insufficient-credits';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status < 500) return 'bad-request';
  return 'unavailable';
}

const STATUS_MESSAGE: Record<ProviderErrorKind, string> = {
  unauthenticated: 'the credentials were missing or rejected',
  'not-found': 'not found',
  'rate-limited': 'rate limit reached',
  timeout: 'no answer within the deadline',
  unavailable: 'the provider failed',
  'bad-request': 'the provider rejected the request',
  'insufficient-credits': 'not enough credits',
};

export function errorForStatus(
  provider: ProviderName,
  status: number,
  retryAfterSeconds: number | undefined,
): ProviderError {
  const kind = kindForStatus(status) ?? 'unavailable';
  const details: ProviderErrorDetails = { status };
  if (retryAfterSeconds !== undefined) details.retryAfterSeconds = retryAfterSeconds;
  return new ProviderError(provider, kind, `${STATUS_MESSAGE[kind]} (HTTP ${status})`, details);
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
