/**
 * The opt-in response cache (RESPONSE_CACHE_TTL_MS): hits make no upstream
 * call, tenants never see each other's answers (1,000 concurrent mixed
 * requests, checked against a gateway without the cache), a mutation makes
 * what it changed disappear from cached lists at once, answers with errors
 * and jobs past their short TTL are read again; with REDIS_URL, replicas
 * share the answers and the invalidations.
 */
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startRedis } from '../helpers/redis.js';
import type { RedisServer } from '../helpers/redis.js';
import { DEFAULT_TENANT } from '../../src/sandbox/tenants.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const A = { kreaKey: 'krea-cache-a', argilKey: 'argil-cache-a' };
const B = { kreaKey: 'krea-cache-b', argilKey: 'argil-cache-b' };
const headersOf = (tenant: typeof A) => ({ 'x-krea-token': tenant.kreaKey, 'x-argil-api-key': tenant.argilKey });
const TTL = 60_000;

const KREA = 'query($n: Int!) { kreaAssets(first: $n) { edges { node { providerId url } } } }';
const ARGIL = 'query($n: Int!) { argilAssets(first: $n) { totalCount nodes { id name } } }';
const FEED =
  'query($n: Int!) { assets(first: $n) { nodes { __typename ... on KreaAsset { url } ... on ArgilAsset { url } } } }';

let cached: Stack;
let plain: Stack;
/** How far the cached gateway's clock is ahead of the real one. */
let skew = 0;
const kreaGets = () => cached.sandbox.controls.count('krea', 'GET');
const argilGets = () => cached.sandbox.controls.count('argil', 'GET');

beforeAll(async () => {
  cached = await startStack({
    sandbox: { tenants: [A, B, DEFAULT_TENANT], kreaAssets: 40, argilAssets: 40, kreaJobs: 10 },
    // 1,000 requests at once on a busy machine: a deadline that proves tenancy, not speed.
    upstreamTimeoutMs: 30_000,
    gateway: { responseCacheTtlMs: TTL, now: () => Date.now() + skew },
  });
  // The oracle: the same sandbox behind a gateway without the cache.
  plain = await startStack({ sharedSandbox: cached.sandbox, upstreamTimeoutMs: 30_000 });
});
afterAll(async () => {
  await plain.close();
  await cached.close();
});

describe('hits', () => {
  it('answer a repeated query without an upstream call, and other variables with one', async () => {
    cached.sandbox.controls.resetCalls();
    const first = await cached.query(KREA, { n: 3 }, headersOf(A));
    expect(kreaGets()).toBe(1);
    const again = await cached.query(KREA, { n: 3 }, headersOf(A));
    expect(again.data).toEqual(first.data);
    expect(kreaGets()).toBe(1);
    await cached.query(KREA, { n: 4 }, headersOf(A));
    expect(kreaGets()).toBe(2);
  });

  it('are off by default', async () => {
    plain.sandbox.controls.resetCalls();
    await plain.query(KREA, { n: 3 }, headersOf(A));
    await plain.query(KREA, { n: 3 }, headersOf(A));
    expect(plain.sandbox.controls.count('krea', 'GET')).toBe(2);
  });
});

describe('tenancy', () => {
  it('1,000 concurrent mixed requests of two tenants (and the server-held keys) each get their own answer', async () => {
    const tenants = [headersOf(A), headersOf(B), {}];
    const queries = [KREA, ARGIL, FEED];
    const cases = Array.from({ length: 1_000 }, (_, i) => ({
      headers: tenants[i % 3]!,
      query: queries[Math.floor(i / 3) % 3]!,
      n: 1 + (Math.floor(i / 9) % 4),
    }));
    const expected = new Map<string, unknown>();
    for (const each of cases) {
      const key = JSON.stringify(each);
      if (!expected.has(key)) expected.set(key, (await plain.query(each.query, { n: each.n }, each.headers)).data);
    }
    // 36 distinct (tenant, query, size) cases, and the three tenants' answers differ.
    expect(expected.size).toBe(36);
    const firstThree = cases.slice(0, 3).map((each) => JSON.stringify(expected.get(JSON.stringify(each))));
    expect(new Set(firstThree).size).toBe(3);
    cached.sandbox.controls.resetCalls();
    const answers = await Promise.all(cases.map((each) => cached.query(each.query, { n: each.n }, each.headers)));
    answers.forEach((answer, i) => {
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual(expected.get(JSON.stringify(cases[i])));
    });
    // Hits: far fewer upstream reads than requests.
    expect(kreaGets() + argilGets()).toBeLessThan(1_000);
  });
});

describe('invalidation', () => {
  it('a deleted asset is gone from cached lists at once, even lists that never selected its id', async () => {
    const ids = '{ kreaAssets(first: 5) { edges { node { id providerId } } } }';
    const urls = '{ kreaAssets(first: 5) { edges { node { url } } } }';
    const listed = await cached.query<{ kreaAssets: { edges: Array<{ node: { id: string; providerId: string } }> } }>(
      ids,
      {},
      headersOf(B),
    );
    const before = await cached.query(urls, {}, headersOf(B));
    const victim = listed.data!.kreaAssets.edges[0]!.node;
    cached.sandbox.controls.resetCalls();
    expect((await cached.query(urls, {}, headersOf(B))).data).toEqual(before.data);
    expect(kreaGets()).toBe(0);

    const deleted = await cached.query(
      'mutation($id: ID!) { deleteAsset(id: $id) { deletedId } }',
      { id: victim.id },
      headersOf(B),
    );
    expect(deleted.errors).toBeUndefined();
    const after = await cached.query<typeof listed.data>(ids, {}, headersOf(B));
    expect(after.data!.kreaAssets.edges.map((edge) => edge.node.providerId)).not.toContain(victim.providerId);
    expect((await cached.query(urls, {}, headersOf(B))).data).not.toEqual(before.data);
    // Tenant A's cached answers were not B's to drop.
    cached.sandbox.controls.resetCalls();
    await cached.query(KREA, { n: 3 }, headersOf(A));
    expect(kreaGets()).toBe(0);
  });

  it('answers with an error are not cached', async () => {
    const query = '{ argilAssets(first: 2, status: PROCESSING) { nodes { id } } }';
    cached.sandbox.controls.injectFault({ provider: 'argil', kind: 'status', status: 500, times: 99 });
    const failed = await cached.query(query, {}, headersOf(A));
    expect(failed.errors?.length).toBeGreaterThan(0);
    cached.sandbox.controls.clearFaults();
    cached.sandbox.controls.resetCalls();
    const healthy = await cached.query(query, {}, headersOf(A));
    expect(healthy.errors).toBeUndefined();
    expect(argilGets()).toBe(1);
  });

  it('an answer holding a job is reused for 2 s at most, one without for the whole TTL', async () => {
    const query = '{ kreaJobs(first: 2) { edges { node { providerId status } } } }';
    cached.sandbox.controls.resetCalls();
    await cached.query(query, {}, headersOf(A));
    await cached.query(query, {}, headersOf(A));
    expect(kreaGets()).toBe(1);
    skew += 1_900;
    await cached.query(query, {}, headersOf(A));
    expect(kreaGets()).toBe(1);
    skew += 200;
    await cached.query(query, {}, headersOf(A));
    expect(kreaGets()).toBe(2);
    // A list without a job lives the whole TTL.
    const assets = '{ kreaAssets(first: 2) { nodes { providerId } } }';
    await cached.query(assets, {}, headersOf(A));
    skew += TTL - 1_000;
    await cached.query(assets, {}, headersOf(A));
    expect(kreaGets()).toBe(3);
    skew += 2_000;
    await cached.query(assets, {}, headersOf(A));
    expect(kreaGets()).toBe(4);
  });
});

describe('over WebSocket', () => {
  it('operations run (uncached) with the cache on', async () => {
    const client = createClient({
      url: (await cached.listen()).replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: headersOf(A),
    });
    try {
      cached.sandbox.controls.resetCalls();
      for (let i = 0; i < 2; i++) {
        const result = await new Promise<{ data?: unknown; errors?: unknown }>((resolve, reject) => {
          let last: { data?: unknown } = {};
          client.subscribe(
            { query: KREA, variables: { n: 2 } },
            { next: (value) => void (last = value), error: reject, complete: () => resolve(last) },
          );
        });
        expect(result.errors).toBeUndefined();
        expect(result.data).toEqual((await plain.query(KREA, { n: 2 }, headersOf(A))).data);
      }
      // Two over the socket, two from the oracle: the socket's were not cached.
      expect(kreaGets()).toBe(4);
    } finally {
      await client.dispose();
    }
  });
});

describe('with REDIS_URL', () => {
  let redis: RedisServer;
  let one: Stack;
  let two: Stack;
  beforeAll(async () => {
    redis = await startRedis();
    one = await startStack({
      sandbox: { tenants: [A, B], kreaAssets: 20, argilAssets: 20, kreaJobs: 0 },
      redisUrl: redis.url,
      gateway: { responseCacheTtlMs: TTL },
    });
    two = await startStack({ sharedSandbox: one.sandbox, redisUrl: redis.url, gateway: { responseCacheTtlMs: TTL } });
    await until(() => one.services.shared!.up && two.services.shared!.up);
  });
  afterAll(async () => {
    await two?.close();
    await one?.close();
    await redis?.stop();
  });

  it('replicas share answers, and a mutation on one invalidates them for both', async () => {
    const count = () => one.sandbox.controls.count('krea', 'GET');
    const list = '{ kreaAssets(first: 3) { edges { node { id providerId } } } }';
    one.sandbox.controls.resetCalls();
    const first = await one.query<{ kreaAssets: { edges: Array<{ node: { id: string; providerId: string } }> } }>(
      list,
      {},
      headersOf(A),
    );
    expect((await two.query(list, {}, headersOf(A))).data).toEqual(first.data);
    expect(count()).toBe(1);
    // The other tenant on the other replica: its own answer.
    const other = await two.query(list, {}, headersOf(B));
    expect(other.data).not.toEqual(first.data);
    expect(count()).toBe(2);

    const victim = first.data!.kreaAssets.edges[0]!.node;
    await two.query('mutation($id: ID!) { deleteAsset(id: $id) { deletedId } }', { id: victim.id }, headersOf(A));
    const after = await one.query<typeof first.data>(list, {}, headersOf(A));
    expect(after.data!.kreaAssets.edges.map((edge) => edge.node.providerId)).not.toContain(victim.providerId);
  });

  it('misses (and still answers) while Redis is away', async () => {
    await redis.stop();
    await until(() => !one.services.shared!.up);
    one.sandbox.controls.resetCalls();
    const list = '{ kreaAssets(first: 2) { edges { node { providerId } } } }';
    expect((await one.query(list, {}, headersOf(A))).errors).toBeUndefined();
    expect((await one.query(list, {}, headersOf(A))).errors).toBeUndefined();
    expect(one.sandbox.controls.count('krea', 'GET')).toBe(2);
    await redis.start();
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1_500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}
