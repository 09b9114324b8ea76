/**
 * One provider's upstream: the pieces of this folder put together in the
 * order a call meets them. A GET may join an identical one in flight
 * (coalesce.ts); otherwise the call gets its deadline (deadline.ts) and runs
 * attempts (attempt.ts) within the credential's budget (budget.ts) until one
 * succeeds or the retry policy stops (retry.ts). Every failure reaches the
 * caller as a ProviderError; a 2xx body reaches it checked against `shape`.
 */
import type { z } from 'zod';
import type { ProviderName } from '../errors.js';
import { attempt } from './attempt.js';
import { ProviderBudget } from './budget.js';
import type { CallBudget, SharedBudget } from './budget.js';
import { Coalescer } from './coalesce.js';
import { Deadline } from './deadline.js';
import { createProviderPool } from './pool.js';
import type { ProviderPool } from './pool.js';
import { withRetries } from './retry.js';
import { DEFAULT_RETRY_POLICY } from './retry-policy.js';
import type { RetryPolicy } from './retry-policy.js';
import type { CallRequest, CallResult, UpstreamCall } from './types.js';

export interface UpstreamOptions {
  provider: ProviderName;
  baseUrl: string;
  /** Deadline for one call, from sending the request to reading the whole body. */
  timeoutMs: number;
  /** Open sockets at most; the rest queue in the pool. @default 64 */
  connections?: number;
  /** Observes every finished attempt (metrics). Never sees headers or bodies. */
  onCall?: (call: UpstreamCall) => void;
  /** Concurrent calls per credential; the rest queue. @default 16 */
  concurrencyPerCredential?: number;
  /**
   * How many identical GETs may join one in flight (same credential); 0
   * turns coalescing off. Bounded so that one answer does not release too
   * large a burst of requests at once. @default 15
   */
  coalesceFollowers?: number;
  retry?: RetryPolicy;
  /** The budget every replica shares (REDIS_URL); the replica's own applies alone without it. */
  sharedBudget?: SharedBudget | undefined;
}

export class Upstream {
  readonly provider: ProviderName;
  private readonly target: ProviderPool;
  private readonly timeoutMs: number;
  private readonly onCall: ((call: UpstreamCall) => void) | undefined;
  private readonly retry: RetryPolicy;
  private readonly budgets: ProviderBudget;
  private readonly coalescer: Coalescer;

  constructor(options: UpstreamOptions) {
    this.provider = options.provider;
    this.timeoutMs = options.timeoutMs;
    this.onCall = options.onCall;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.budgets = new ProviderBudget(options.provider, options.concurrencyPerCredential ?? 16, options.sharedBudget);
    this.coalescer = new Coalescer({ provider: options.provider, maxFollowers: options.coalesceFollowers ?? 15 });
    this.target = createProviderPool(options);
  }

  /** The replica's own budget (its usage is a metric). */
  get budget(): CallBudget {
    return this.budgets.local;
  }

  /**
   * Sends a request (retrying as the policy allows) and validates the JSON
   * body of a 2xx answer with `shape`. A non-2xx answer, a transport failure,
   * a body that is not JSON or not of the shape, and the deadline all become
   * ProviderErrors. Identical GETs in flight share one call (coalesce.ts).
   */
  call<S extends z.ZodType>(request: CallRequest, shape: S): Promise<CallResult<z.output<S>>> {
    return this.coalescer.call(request, (sent) => this.send(sent, shape));
  }

  private async send<S extends z.ZodType>(request: CallRequest, shape: S): Promise<CallResult<z.output<S>>> {
    const deadline = new Deadline(request.timeoutMs ?? this.timeoutMs, request.signal);
    const context = { provider: this.provider, target: this.target, deadline, onCall: this.onCall };
    const key = request.budgetKey ?? '';
    try {
      return await withRetries(
        (n) =>
          this.budgets.lease(
            key,
            () => attempt(context, request, shape, n),
            () => deadline.signal,
          ),
        request.method,
        this.retry,
        deadline,
      );
    } finally {
      deadline.end();
    }
  }

  close(): Promise<void> {
    return this.target.pool.close();
  }
}
