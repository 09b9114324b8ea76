/**
 * Which webhook deliveries were taken already, so a retry or a replay gets a
 * 2xx and does nothing (senders retry what they think failed; an attacker
 * replays what it caught). Kept in process, bounded, and with REDIS_URL also
 * across replicas (`firstSighting`, a SET NX of the key's digest).
 */

/** With REDIS_URL: whether no replica has seen `key` within `ttlMs`; undefined while Redis is away. */
export type FirstSighting = (key: string, ttlMs: number) => Promise<boolean | undefined>;

/** At most this many keys in process (the oldest go first). */
const MAX_LOCAL = 100_000;

export class SeenDeliveries {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly shared?: FirstSighting,
  ) {}

  /** True the first time `key` comes, here or (with Redis) on any replica, within the TTL. */
  async first(key: string): Promise<boolean> {
    const now = Date.now();
    for (const [old, at] of this.seen) {
      if (now - at < this.ttlMs && this.seen.size < MAX_LOCAL) break;
      this.seen.delete(old);
    }
    if (this.seen.has(key)) return false;
    this.seen.set(key, now);
    return (await this.shared?.(key, this.ttlMs)) !== false;
  }
}
