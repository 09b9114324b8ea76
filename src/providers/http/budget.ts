/**
 * The concurrency budget an upstream attempt leases: per provider and
 * credential, so a burst of GraphQL requests cannot stampede a provider into
 * rate limiting one account. Keyed by a digest of the credential, never the
 * credential. The replica's own budget (CallBudget) is taken first, then,
 * with REDIS_URL, the one every replica shares (SharedBudget): a call
 * waiting on Redis holds no more than its own replica's slot.
 */
import type { ProviderName } from '../errors.js';

/** A concurrency budget across replicas (shared/redis-budget.ts). */
export interface SharedBudget {
  withLease<T>(key: string, limit: number, call: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

const MAX_IDLE = 1_000;

/**
 * At most `size` calls at once; the rest wait their turn, first come first
 * served. What p-limit does, without its five promises and a bound function
 * per call (a slot free is the common case: the call runs at once, and its
 * slot goes to the next in line when it ends).
 */
class Slots {
  active = 0;
  private waiting: Array<(() => void) | undefined> = [];
  private head = 0;

  constructor(private readonly size: number) {}

  get pending(): number {
    return this.waiting.length - this.head;
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.active < this.size) this.active++;
    // The slot is handed over by the call that ends (release), so `active` already counts this one.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await call();
    } finally {
      this.release();
    }
  }

  private release(): void {
    if (this.head === this.waiting.length) {
      this.active--;
      return;
    }
    const next = this.waiting[this.head]!;
    this.waiting[this.head++] = undefined;
    // Drop the served part of the line now and then, so a long one does not keep its slots.
    if (this.head === this.waiting.length || this.head > 1_024) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
    next();
  }
}

/**
 * The replica's own budget: the rest wait their turn. A key's limiter stays
 * while it is in use and is kept idle (making one per call cost more than the
 * call's own queueing); idle ones are dropped once more than MAX_IDLE keys are
 * held, so many credentials cannot grow the map without bound.
 */
export class CallBudget {
  private readonly limits = new Map<string, Slots>();

  constructor(private readonly concurrency: number) {}

  async run<T>(key: string, call: () => Promise<T>): Promise<T> {
    let limit = this.limits.get(key);
    if (!limit) {
      if (this.limits.size >= MAX_IDLE) this.dropIdle();
      limit = new Slots(this.concurrency);
      this.limits.set(key, limit);
    }
    return limit.run(call);
  }

  private dropIdle(): void {
    for (const [key, limit] of this.limits) {
      if (limit.active === 0 && limit.pending === 0) this.limits.delete(key);
    }
  }

  /** Credentials with a limiter (in use, or idle and not yet dropped). */
  get size(): number {
    return this.limits.size;
  }

  /** Calls running and waiting, over every credential. */
  get usage(): { active: number; queued: number } {
    let active = 0;
    let queued = 0;
    for (const limit of this.limits.values()) {
      active += limit.active;
      queued += limit.pending;
    }
    return { active, queued };
  }
}

/** One provider's budgets: `lease` runs an attempt within both. */
export class ProviderBudget {
  readonly local: CallBudget;

  constructor(
    private readonly provider: ProviderName,
    private readonly concurrency: number,
    private readonly shared: SharedBudget | undefined,
  ) {
    this.local = new CallBudget(concurrency);
  }

  /** Runs `attempt` holding a slot of `key`'s budget; the wait for Redis' slot ends with `signalOf()` (asked only then). */
  lease<T>(key: string, attempt: () => Promise<T>, signalOf: () => AbortSignal): Promise<T> {
    const shared = this.shared;
    return this.local.run(key, () =>
      shared ? shared.withLease(`${this.provider}:${key}`, this.concurrency, attempt, signalOf()) : attempt(),
    );
  }
}
