/**
 * Identical GETs in flight with the same credential share one call (up to
 * `maxFollowers` joining it): the same page asked by many concurrent
 * requests costs the provider (and the rate limit) once. The key holds the
 * credential's digest, never the credential, so tenants never share. The
 * shared call is not cancelled by one caller going away; each caller stops
 * waiting on its own signal. The first caller gets the answer at once, the
 * others in the order release-order.ts gives (or at once after a quick
 * answer).
 *
 * Not undici's `interceptors.deduplicate`: it hands an answer to every
 * waiter at once, has no bound on how many join, and sits below the budget
 * and the retries, where a follower would already hold a budget slot.
 */
import type { ProviderName } from '../errors.js';
import { onAbort } from './cancel.js';
import type { CallerSignal } from './cancel.js';
import { queryString } from './query.js';
import { releaseInTurns } from './release-order.js';
import type { Waiter } from './release-order.js';
import { cancelledError } from './translate-errors.js';
import type { CallRequest, CallResult } from './types.js';

/** Shared calls answered faster than this release their waiters at once. */
const STAGGER_MIN_CALL_MS = 5;

/** A shared GET in flight: how many identical calls joined it, and their waiters. */
interface InFlight {
  followers: number;
  waiting: Waiter[];
}

export interface CoalescerOptions {
  provider: ProviderName;
  /** How many identical GETs may join one in flight; 0 turns coalescing off. */
  maxFollowers: number;
}

export class Coalescer {
  private readonly inFlight = new Map<string, InFlight>();
  private readonly provider: ProviderName;
  private readonly maxFollowers: number;

  constructor(options: CoalescerOptions) {
    this.provider = options.provider;
    this.maxFollowers = options.maxFollowers;
  }

  /** `send` makes the call; a GET identical to one in flight joins that one instead. */
  call<R extends CallResult<unknown>>(request: CallRequest, send: (request: CallRequest) => Promise<R>): Promise<R> {
    if (request.method !== 'GET') return send(request);
    const key = `${request.budgetKey ?? ''}\n${request.path}${queryString(request.query)}`;
    const entry = this.inFlight.get(key);
    if (entry && entry.followers < this.maxFollowers) {
      entry.followers++;
      const pending = new Promise<R>((resolve, reject) =>
        entry.waiting.push({ resolve: resolve as (value: CallResult<unknown>) => void, reject }),
      );
      request.observer?.({
        provider: this.provider,
        operation: request.operation,
        method: request.method,
        outcome: 'coalesced',
        durationMs: 0,
        attempt: 0,
      });
      return this.untilAborted(pending, request.signal);
    }
    if (this.maxFollowers === 0) return send(request);
    const startedAt = performance.now();
    const shared = send({ ...request, signal: undefined });
    const own: InFlight = { followers: 0, waiting: [] };
    this.inFlight.set(key, own);
    const release = (settle: (waiter: Waiter) => void) => {
      if (this.inFlight.get(key) === own) this.inFlight.delete(key);
      // Answered quickly, the next identical call would be answered before a
      // release in turns ended: the turns would only cost, so all at once.
      if (performance.now() - startedAt < STAGGER_MIN_CALL_MS) for (const waiter of own.waiting) settle(waiter);
      else releaseInTurns(own.waiting, settle, () => this.inFlight.has(key));
    };
    shared.then(
      (value) => release((waiter) => waiter.resolve(value)),
      (error: unknown) => release((waiter) => waiter.reject(error)),
    );
    return this.untilAborted(shared, request.signal);
  }

  /** `promise`, or a rejection once `signal` aborts (that caller went away; others may still wait). */
  private untilAborted<T>(promise: Promise<T>, signal: CallerSignal | undefined): Promise<T> {
    if (!signal) return promise;
    if (signal.aborted) return Promise.reject(cancelledError(this.provider));
    return new Promise<T>((resolve, reject) => {
      const stop = onAbort(signal, () => reject(cancelledError(this.provider)));
      promise.then(
        (value) => {
          stop();
          resolve(value);
        },
        (error: unknown) => {
          stop();
          reject(error);
        },
      );
    });
  }
}
