/**
 * The opt-in response cache (RESPONSE_CACHE_TTL_MS > 0), on
 * @graphql-yoga/plugin-response-cache: a query answered from the cache runs
 * no resolver and makes no upstream call (it is found before parsing).
 *
 * Tenancy: the cache key covers the document, the variables and the digests
 * of every provider's credential the request uses (a header's, or the
 * server-held one), never the credentials; two tenants never share an entry.
 * With tokens it also covers the caller's subject and scopes: one
 * organisation's provider key serves many users, and an answer cached for
 * one must never reach a user who lacks a scope it needed, nor answer
 * `viewer` for another subject.
 *
 * Invalidation: each credential digest has a generation, part of the key. A
 * mutation moves the generations of the credentials it used once it has run,
 * so every answer cached for them (lists, counts, single objects) is
 * unreachable at once: a deleted asset is gone from the next `assets` page.
 * In memory, the plugin also drops the entries holding an object a mutation
 * returned, for every tenant (two keys to one account). A generation is kept
 * twice as long as an answer can live (in memory, for up to 100,000
 * credentials, the least recently used forgotten first), so one that is
 * forgotten by its age can only bring back answers that have expired.
 *
 * TTLs: RESPONSE_CACHE_TTL_MS for everything, at most JOB_TTL_MS for answers
 * holding a job, a video or an avatar (their status moves). Answers with any error are
 * not cached.
 *
 * Storage: the plugin's in-memory LRU by default; with REDIS_URL, Redis,
 * shared by the replicas (shared/redis-response-cache.ts).
 */
import { createHash } from 'node:crypto';
import { getOperationAST } from 'graphql';
import { createLRUCache } from 'graphql-yoga';
import type { Plugin } from 'graphql-yoga';
import { createInMemoryCache, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import type { Cache } from '@graphql-yoga/plugin-response-cache';
import { callerOf } from '../auth/caller.js';
import type { RequestContext } from '../context.js';
import { nextGeneration } from '../shared/generation.js';
import type { ResponseCacheStore } from '../shared/response-cache-store.js';
import { credentialDigestsOf } from './credential-digests.js';
import type { CredentialSource } from './credential-digests.js';
import { isWebSocketRequest } from './websocket-requests.js';

/** The longest an answer holding an object whose state moves (a job, a video, an avatar in training) is reused. */
export const JOB_TTL_MS = 2_000;
const MAX_ENTRIES = 1_000;
const MAX_GENERATIONS = 100_000;

/**
 * The plugin's cache, with every answer also expiring by `now` (the LRU's own
 * clock cannot be moved): tests advance time instead of waiting for it.
 */
function expiringBy(now: () => number, cache: Cache): Cache {
  const expiries = new WeakMap<object, number>();
  return {
    set(id, data, entities, ttl) {
      expiries.set(data, now() + ttl);
      return cache.set(id, data, entities, ttl);
    },
    get(id) {
      const found = cache.get(id);
      if (!found || found instanceof Promise) return found;
      return now() < (expiries.get(found) ?? Infinity) ? found : null;
    },
    invalidate: (entities) => cache.invalidate(entities),
  };
}

export function inMemoryStore(ttlMs: number, now: () => number = Date.now): ResponseCacheStore {
  const generations = createLRUCache<string>({ max: MAX_GENERATIONS, ttl: 2 * ttlMs + 1_000 });
  const cache = createInMemoryCache({ max: MAX_ENTRIES });
  return {
    cache: now === Date.now ? cache : expiringBy(now, cache),
    generations: (digests) => digests.map((digest) => generations.get(digest) ?? '0'),
    bump(digests) {
      for (const digest of digests) generations.set(digest, nextGeneration());
    },
  };
}

export interface ResponseCacheOptions {
  ttlMs: number;
  store: ResponseCacheStore;
  /** Types whose state moves (each provider names its own: a job, a video): their answers live JOB_TTL_MS at most. */
  changingTypes: readonly string[];
  /** Each provider's credential header, and the server-held credential's digest for requests without one. */
  credentials: readonly CredentialSource[];
}

export function useGatewayResponseCache(options: ResponseCacheOptions): Plugin[] {
  const { store, credentials } = options;
  // The same digests the request context uses (context.ts), from the headers: the cache answers before the context exists.
  const digestsOf = (request: Request): string[] =>
    credentialDigestsOf(credentials, (name) => request.headers.get(name));
  const cache = useResponseCache({
    cache: store.cache,
    ttl: options.ttlMs,
    // Over WebSocket the plugin's HTTP hooks do not run: those operations are not cached.
    enabled: (request) => !isWebSocketRequest(request),
    ttlPerSchemaCoordinate: {
      ...Object.fromEntries(options.changingTypes.map((type) => [type, Math.min(options.ttlMs, JOB_TTL_MS)])),
      // Credits move with every generation, on any replica: never answered from a cache.
      Quota: 0,
    },
    // Only the session's digests, generations and caller, hashed; the plugin hashes the key again with the
    // document. The caller was remembered by use-authentication's onRequest, which runs before this lookup;
    // without tokens there is none, and the credential digests name the caller already.
    session: async (request) => {
      const digests = digestsOf(request);
      const generations = await store.generations(digests);
      const caller = callerOf(request);
      const who = caller ? JSON.stringify([caller.subject, caller.scopes]) : '';
      return createHash('sha256')
        .update(`${digests.join('.')}|${generations.join('.')}|${who}`)
        .digest('hex');
    },
    // A cached answer carries no ETag that could be replayed: the key is not the client's to hold.
    shouldCacheResult: ({ result }) => !result.errors?.length,
  });
  const invalidation: Plugin = {
    onExecute({ args }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return;
      const context = args.contextValue as unknown as RequestContext;
      return {
        // After the mutation has run: a query that starts later reads what it changed.
        onExecuteDone: () => store.bump(context.providers.credentialDigests()),
      };
    },
  };
  return [cache, invalidation];
}
