/**
 * Where the response cache keeps answers and each credential digest's
 * generation: this process (server/response-cache.ts `inMemoryStore`) or
 * Redis (redis-response-cache.ts). The contract lives here, below both, so
 * shared/ never imports the server that uses it.
 */
import type { Cache } from '@graphql-yoga/plugin-response-cache';

export interface ResponseCacheStore {
  cache: Cache;
  generations(digests: readonly string[]): Promise<string[]> | string[];
  bump(digests: readonly string[]): Promise<void> | void;
}
