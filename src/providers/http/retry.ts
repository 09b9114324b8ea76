/**
 * Runs a call's attempts until one succeeds or retry-policy.ts says stop,
 * waiting between them within the call's deadline.
 *
 * A small hand-written loop, not undici's `interceptors.retry` (RetryHandler).
 * Its default policy caps a Retry-After at `maxTimeout` and waits anyway,
 * where ours stops at once when the wait would not fit before the deadline
 * (a 429 reaches the client as RATE_LIMITED with its retryAfterSeconds), and
 * its `methods` list cannot say "a DELETE only when the connection failed
 * before any response". A custom `retry` callback could take those decisions
 * from retry-policy.ts, but RetryHandler runs every attempt inside one
 * dispatch, so the rest would need interceptors of our own around it:
 *  - one budget lease per attempt, released while waiting (budget.ts);
 *  - one trace span per attempt (`http.request.resend_count`, a fresh
 *    `traceparent` header) and one metrics and log entry, whose outcome is
 *    `malformed` when the body fails its shape (known only after the body);
 *  - the code of the last answer when the deadline cuts a retry short;
 *  - no resume of a truncated body with a Range request (RetryHandler
 *    resumes a body whose length it knows; we report it as unavailable).
 */
import { retryDelay } from './retry-policy.js';
import type { RetryPolicy } from './retry-policy.js';
import { isFailure } from './attempt.js';
import type { AttemptOutcome } from './attempt.js';
import { waitUnlessAborted } from './deadline.js';
import type { Deadline } from './deadline.js';
import type { CallResult, HttpMethod } from './types.js';
import type { ProviderError } from '../errors.js';

export async function withRetries<T>(
  run: (attempt: number) => Promise<AttemptOutcome<T>>,
  method: HttpMethod,
  policy: RetryPolicy,
  deadline: Deadline,
): Promise<CallResult<T>> {
  let last: ProviderError | undefined;
  for (let attempt = 0; ; attempt++) {
    const outcome = await run(attempt);
    if (!isFailure(outcome)) return outcome;
    // The deadline cut an attempt short after an earlier answer: report that answer.
    if (outcome.error.kind === 'timeout' && last) throw last;
    last = outcome.error;
    const delay = retryDelay(
      {
        error: outcome.error,
        method,
        connectionFailure: outcome.connectionFailure,
        attempt,
        remainingMs: deadline.remainingMs(),
      },
      policy,
    );
    if (delay === undefined) throw outcome.error;
    await waitUnlessAborted(delay, deadline.signal);
    if (deadline.aborted) throw outcome.error;
  }
}
