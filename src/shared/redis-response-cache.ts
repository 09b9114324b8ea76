/**
 * The response cache's store in Redis (REDIS_URL; see server/response-cache.ts):
 * answers under `mediagraph:rc:answer:<hashed key>` with their TTL, and each
 * credential digest's generation under `mediagraph:rc:generation:<digest>`.
 * The plugin's own Redis store keeps its entity sets forever, so answers are
 * plain SET PX here. While Redis is away every lookup misses.
 */
import { nextGeneration } from './generation.js';
import type { ResponseCacheStore } from './response-cache-store.js';

/** The subset of an ioredis client the Redis store uses. */
export interface RedisCommands {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, mode: 'PX', ms: number): Promise<unknown>;
  mget(keys: string[]): Promise<Array<string | null>>;
}

export function redisStore(redis: RedisCommands, ttlMs: number, isUp: () => boolean): ResponseCacheStore {
  const answer = (key: string) => `mediagraph:rc:answer:${key}`;
  const generation = (digest: string) => `mediagraph:rc:generation:${digest}`;
  return {
    cache: {
      get: async (key) => {
        if (!isUp()) return undefined;
        const stored = await redis.get(answer(key)).catch(() => null);
        return stored === null ? undefined : JSON.parse(stored);
      },
      set: async (key, value, _entities, ttl) => {
        if (!isUp() || !Number.isFinite(ttl)) return;
        await redis.set(answer(key), JSON.stringify(value), 'PX', Math.max(1, Math.round(ttl))).catch(() => undefined);
      },
      // Generations do it (see above): no entity sets to keep.
      invalidate: () => undefined,
    },
    async generations(digests) {
      // Away: a key no answer was stored under, so nothing stale is found when it is back.
      if (!isUp()) return digests.map(() => `away-${nextGeneration()}`);
      const stored = await redis.mget(digests.map(generation)).catch(() => undefined);
      return stored ? stored.map((value) => value ?? '0') : digests.map(() => `away-${nextGeneration()}`);
    },
    async bump(digests) {
      await Promise.all(
        digests.map((digest) =>
          redis.set(generation(digest), nextGeneration(), 'PX', 2 * ttlMs + 1_000).catch(() => undefined),
        ),
      );
    },
  };
}
