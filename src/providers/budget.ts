/**
 * A per-provider, per-credential cap on concurrent upstream calls: the rest
 * wait their turn, so a burst of GraphQL requests cannot stampede a provider
 * into rate limiting one account. Keyed by a digest of the credential, never
 * the credential; a key's limiter is dropped as soon as it is idle.
 */
import pLimit from 'p-limit';
import type { LimitFunction } from 'p-limit';

export class CallBudget {
  private readonly limits = new Map<string, LimitFunction>();

  constructor(private readonly concurrency: number) {}

  async run<T>(key: string, call: () => Promise<T>): Promise<T> {
    let limit = this.limits.get(key);
    if (!limit) {
      limit = pLimit(this.concurrency);
      this.limits.set(key, limit);
    }
    try {
      return await limit(call);
    } finally {
      if (limit.activeCount === 0 && limit.pendingCount === 0) this.limits.delete(key);
    }
  }

  /** Calls running and waiting, over every credential. */
  get usage(): { active: number; queued: number } {
    let active = 0;
    let queued = 0;
    for (const limit of this.limits.values()) {
      active += limit.activeCount;
      queued += limit.pendingCount;
    }
    return { active, queued };
  }
}
