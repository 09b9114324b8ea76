/**
 * When an upstream call is tried again, and after how long. Pure, so the
 * policy can be read (and tested) apart from the HTTP plumbing:
 *  - only idempotent calls: GET always; DELETE only after a connection
 *    failure before any response (a POST never);
 *  - only what a retry can fix: 429, 502, 503, 504, a reset or refused connection;
 *  - exponential backoff with jitter, or the provider's Retry-After;
 *  - never past the call's deadline: when the wait would not fit, stop now
 *    and report the last answer (a 429 then carries its Retry-After).
 */
import type { ProviderError } from '../errors.js';
import type { HttpMethod } from './types.js';

export interface RetryPolicy {
  /** Further attempts after the first. @default 3 */
  retries: number;
  /** First backoff, doubled per attempt. @default 100 */
  baseDelayMs: number;
  /** @default 2000 */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, baseDelayMs: 100, maxDelayMs: 2_000 };

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

/** What is known about a failed attempt. */
export interface FailedAttempt {
  error: ProviderError;
  method: HttpMethod;
  /** True when the connection failed before any response arrived. */
  connectionFailure: boolean;
  /** 0 for the first attempt. */
  attempt: number;
  /** Milliseconds left before the call's deadline. */
  remainingMs: number;
}

/** Milliseconds to wait before the next attempt, or undefined to stop. */
export function retryDelay(
  failed: FailedAttempt,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  const { error, method, connectionFailure } = failed;
  if (failed.attempt >= policy.retries) return undefined;
  const idempotent = method === 'GET' || (method === 'DELETE' && connectionFailure);
  if (!idempotent) return undefined;
  const status = error.details.status;
  if (!connectionFailure && (status === undefined || !RETRYABLE_STATUS.has(status))) return undefined;
  const retryAfterMs =
    error.details.retryAfterSeconds === undefined ? undefined : error.details.retryAfterSeconds * 1000;
  // Full jitter on the upper half: spreads a burst of retries without ever retrying at once.
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** failed.attempt) * (0.5 + random() / 2);
  const delay = retryAfterMs ?? backoff;
  // Leave the attempt itself some room before the deadline.
  const needed = delay + Math.min(250, failed.remainingMs / 4);
  return needed < failed.remainingMs ? delay : undefined;
}
