/**
 * Webhook token bindings in Redis: which jobs each minted webhook token was
 * bound to (a provider that signs nothing proves a delivery by the token in
 * its URL). One key per token and job,
 * `mediagraph:<namespace>:<digest of nonce and job id>`, living as long as
 * the token. Only digests: a nonce alone proves nothing, but it is part of a
 * token and is kept out of Redis all the same.
 */
import { createHash } from 'node:crypto';

/** Bindings every replica shares (the provider keeps its own in process too). */
export interface SharedTokenBindings {
  bind(nonce: string, jobIds: readonly string[], ttlMs: number): Promise<void>;
  /** Whether `jobId` is bound to `nonce`; undefined while Redis is away. */
  isBound(nonce: string, jobId: string): Promise<boolean | undefined>;
}

/** The subset of an ioredis client the bindings use. */
export interface RedisKeyCommands {
  set(key: string, value: string, mode: 'PX', ms: number): Promise<unknown>;
  exists(key: string): Promise<number>;
}

export function redisTokenBindings(
  redis: RedisKeyCommands,
  isUp: () => boolean,
  namespace: string,
): SharedTokenBindings {
  const keyOf = (nonce: string, jobId: string) =>
    `mediagraph:${namespace}:${createHash('sha256').update(`${nonce}\n${jobId}`).digest('hex').slice(0, 40)}`;
  return {
    async bind(nonce, jobIds, ttlMs) {
      if (!isUp()) return;
      await Promise.all(jobIds.map((id) => redis.set(keyOf(nonce, id), '1', 'PX', ttlMs)));
    },
    async isBound(nonce, jobId) {
      if (!isUp()) return undefined;
      return (await redis.exists(keyOf(nonce, jobId))) === 1;
    },
  };
}
