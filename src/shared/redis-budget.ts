/**
 * The upstream concurrency budget per provider and credential digest across
 * replicas: a Lua script takes a lease from a sorted set atomically (a lease
 * expires if its replica dies mid-call). Callers over the budget wait and
 * retry at a paced interval, they are not failed; with Redis away (or a
 * command past its deadline) the call runs at once, within the replica's own
 * budget.
 */
import { randomUUID } from 'node:crypto';
import type { SharedBudget } from '../providers/http/budget.js';
import type { RedisLink } from './redis-link.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes a lease when fewer than ARGV[2] unexpired ones exist. KEYS[1] the set; ARGV: now, limit, expiry, token. */
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], 600000)
  return 1
end
return 0`;

export class RedisBudget implements SharedBudget {
  constructor(
    private readonly link: RedisLink,
    private readonly replica: string,
    /** How long a lease lives if its replica dies mid-call. */
    private readonly leaseMs: number,
  ) {}

  /**
   * Runs `call` within `limit` concurrent calls for `key` across every
   * replica. Each try is one command within the link's deadline; the wait
   * ends with the call's own deadline (`signal`).
   */
  async withLease<T>(key: string, limit: number, call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const set = `mediagraph:budget:${key}`;
    const token = `${this.replica}:${randomUUID()}`;
    const client = this.link.client;
    let leased = false;
    for (let wait = 2; !leased; wait = Math.min(wait * 2, 25)) {
      if (!this.link.up) break;
      try {
        const now = Date.now();
        leased = (await client.eval(ACQUIRE, 1, set, now, limit, now + this.leaseMs, token)) === 1;
      } catch {
        break;
      }
      if (leased) break;
      // The call's deadline passed while waiting: the call itself reports it.
      if (signal?.aborted) break;
      await sleep(wait + Math.random() * wait);
    }
    try {
      return await call();
    } finally {
      if (leased) client.zrem(set, token).catch(() => undefined);
    }
  }
}
