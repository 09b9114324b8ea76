/**
 * Every way one attempt can fail, as a ProviderError of the one taxonomy
 * (../errors.ts): an answer's status (with its Retry-After), the deadline,
 * the caller going away, and undici's transport failures, which are told
 * apart by `err.code` (undici's documented contract), never by class.
 */
import { errorForStatus, parseRetryAfter, ProviderError } from '../errors.js';
import type { ProviderName } from '../errors.js';
import type { Deadline } from './deadline.js';
import { singleHeader } from './query.js';
import type { CallResult } from './types.js';

/** undici's codes for a connection that failed before any response. */
const CONNECTION_FAILURES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

function codeOf(error: unknown): string {
  return String((error as { code?: unknown } | null)?.code);
}

/** True for a transport error that may mean the request never reached the provider (retry.ts may resend a DELETE). */
export function isConnectionFailure(error: unknown): boolean {
  return CONNECTION_FAILURES.has(codeOf(error));
}

/** A non-2xx answer; a 429 or 503 keeps its Retry-After for the retry policy and the client. */
export function statusError(
  provider: ProviderName,
  status: number,
  headers: CallResult<unknown>['headers'],
): ProviderError {
  return errorForStatus(provider, status, parseRetryAfter(singleHeader(headers['retry-after'])));
}

/** A request that got no (whole) answer: the deadline, the caller, or the transport. */
export function transportError(provider: ProviderName, error: unknown, deadline: Deadline): ProviderError {
  if (deadline.expired) {
    return new ProviderError(provider, 'timeout', `no answer within ${deadline.timeoutMs} ms`);
  }
  if (deadline.aborted) return cancelledError(provider);
  switch (codeOf(error)) {
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return new ProviderError(provider, 'timeout', `no answer within ${deadline.timeoutMs} ms`);
    case 'UND_ERR_RES_EXCEEDED_MAX_SIZE':
      return new ProviderError(provider, 'unavailable', 'the provider answered with an oversized body');
    default:
      // ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET, a truncated body, …
      return new ProviderError(provider, 'unavailable', 'the connection to the provider failed');
  }
}

/** What a caller that stopped waiting (its signal aborted) is told. */
export function cancelledError(provider: ProviderName): ProviderError {
  return new ProviderError(provider, 'unavailable', 'the request was cancelled');
}
