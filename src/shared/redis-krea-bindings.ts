/**
 * Krea webhook bindings in Redis (webhooks/krea-bindings.ts): one key per
 * token and job, `mediagraph:krea-hook:<digest of nonce and job id>`, living
 * as long as the token. Only digests: a nonce alone proves nothing, but it
 * is part of a token and is kept out of Redis all the same.
 */
import { createHash } from 'node:crypto';
import type { SharedKreaBindings } from '../webhooks/krea-bindings.js';

/** The subset of an ioredis client the bindings use. */
export interface RedisKeyCommands {
  set(key: string, value: string, mode: 'PX', ms: number): Promise<unknown>;
  exists(key: string): Promise<number>;
}

const keyOf = (nonce: string, jobId: string) =>
  `mediagraph:krea-hook:${createHash('sha256').update(`${nonce}\n${jobId}`).digest('hex').slice(0, 40)}`;

export function redisKreaBindings(redis: RedisKeyCommands, isUp: () => boolean): SharedKreaBindings {
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
