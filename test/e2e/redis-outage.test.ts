/**
 * Two replicas sharing one real Redis that hangs (SIGSTOP) or dies (issue
 * 22, items 2 and 4): a read and a subscription still answer, `/metrics`
 * and `/readyz` say Redis is away, and a keyed generation is refused with a
 * retryable error instead of each replica sending its own paid POST (and
 * runs once when Redis is back). Without REDIS_URL a keyed replay works as it
 * always did.
 */
import { createClient } from 'graphql-sse';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedis } from '../helpers/redis.js';
import type { RedisServer } from '../helpers/redis.js';
import { startStack } from '../helpers/stack.js';
import type { GraphQLResponse, Stack } from '../helpers/stack.js';

/** Far above a command deadline plus a read, far below "forever" (the old code never answered). */
const CLIENT_DEADLINE_MS = 10_000;

let redis: RedisServer;
let replicas: Stack[];
let urls: string[];

const GENERATE =
  'mutation($key: String) { generateKreaImage(input: { bflFlux1Dev: { prompt: "outage" } }, idempotencyKey: $key) { job { id providerId } } }';
type Generated = { generateKreaImage: { job: { id: string; providerId: string } } };

/** Polls `condition` (every 20 ms) until it holds or `ms` pass; answers whether it held. */
async function eventually(condition: () => boolean | Promise<boolean>, ms = 15_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

const allUp = () => replicas.every((replica) => replica.services.shared!.up);

async function redisUpMetric(url: string): Promise<string | undefined> {
  const text = await (await fetch(url.replace('/graphql', '/metrics'))).text();
  return text.split('\n').find((line) => line.startsWith('mediagraph_redis_up '));
}

async function readiness(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url.replace('/graphql', '/readyz'));
  return { status: response.status, body: await response.text() };
}

/** One GraphQL POST over the socket that gives up after CLIENT_DEADLINE_MS. */
async function post<T>(url: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(CLIENT_DEADLINE_MS),
  });
  return (await response.json()) as Omit<GraphQLResponse<T>, 'status' | 'headers'>;
}

beforeAll(async () => {
  redis = await startRedis();
  const first = await startStack({
    sandbox: { kreaAssets: 10, kreaJobs: 2, argilAssets: 2, argilVideos: 2 },
    redisUrl: redis.url,
  });
  // Replica 2 reports not-ready while Redis is away (READY_REQUIRES_REDIS=1).
  const second = await startStack({
    sharedSandbox: first.sandbox,
    redisUrl: redis.url,
    gateway: { readyRequiresRedis: true },
  });
  replicas = [first, second];
  urls = await Promise.all(replicas.map((replica) => replica.listen()));
  expect(await eventually(allUp)).toBe(true);
});

afterEach(async () => {
  redis.resume();
  await redis.start();
  expect(await eventually(allUp)).toBe(true);
});

afterAll(async () => {
  redis?.resume();
  for (const replica of [...(replicas ?? [])].reverse()) await replica.close();
  await redis?.stop();
});

describe('a hung Redis (SIGSTOP)', () => {
  it('stalls no read, and /metrics and /readyz say Redis is away', async () => {
    redis.pause();
    const read = await post<{ kreaAssets: { nodes: unknown[] } }>(
      urls[0]!,
      '{ kreaAssets(first: 3) { nodes { id } } }',
    );
    expect(read.errors).toBeUndefined();
    expect(read.data!.kreaAssets.nodes).toHaveLength(3);
    // Replica 2 sent nothing yet: its periodic probe finds the hang by itself.
    for (const url of urls)
      expect(await eventually(async () => (await redisUpMetric(url)) === 'mediagraph_redis_up 0')).toBe(true);
    expect(await readiness(urls[0]!)).toEqual({ status: 200, body: 'degraded: redis unavailable' });
    expect(await readiness(urls[1]!)).toEqual({ status: 503, body: 'redis unavailable' });
    const again = await post<{ kreaAssets: { nodes: unknown[] } }>(
      urls[1]!,
      '{ kreaAssets(first: 3) { nodes { id } } }',
    );
    expect(again.errors).toBeUndefined();
  });

  it('opens a subscription and sends its first state (the poller leads on its own)', async () => {
    const job = (await replicas[0]!.query<Generated>(GENERATE)).data!.generateKreaImage.job;
    redis.pause();
    const client = createClient({ url: urls[1]!, retryAttempts: 0 });
    let timer: NodeJS.Timeout | undefined;
    try {
      const first = (async () => {
        for await (const event of client.iterate<{ jobUpdates: { state: string } }>({
          query: 'subscription($id: ID!) { jobUpdates(id: $id) { state } }',
          variables: { id: job.id },
        }))
          return event;
        return undefined;
      })();
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no first state within the deadline')), CLIENT_DEADLINE_MS);
      });
      const event = await Promise.race([first, deadline]);
      expect(event?.errors).toBeUndefined();
      expect(event?.data?.jobUpdates.state).toMatch(/^[A-Z_]+$/);
    } finally {
      clearTimeout(timer);
      client.dispose();
    }
  });

  it('refuses a keyed generation with a retryable error, then sends it once when Redis answers again', async () => {
    const sandbox = replicas[0]!.sandbox;
    sandbox.controls.resetCalls();
    redis.pause();
    // At once, before a probe finds the hang: each replica's claim of the key goes
    // unanswered (and lands when Redis resumes), or finds Redis already away.
    const refused = await Promise.all(urls.map((url) => post<Generated>(url, GENERATE, { key: 'hung-redis' })));
    for (const answer of refused) {
      expect(answer.data).toBeNull();
      expect(answer.errors?.map((error) => error.extensions)).toEqual([
        { code: 'UPSTREAM_UNAVAILABLE', provider: 'KREA', retryAfterSeconds: 1 },
      ]);
    }
    expect(sandbox.controls.count('krea', 'POST')).toBe(0);
    expect(await eventually(() => replicas.every((replica) => !replica.services.shared!.up))).toBe(true);
    redis.resume();
    expect(await eventually(allUp)).toBe(true);
    // The refusal burned nothing (a claim that landed unanswered is undone): the
    // same key now runs once, shared by both replicas.
    const sent = await Promise.all(urls.map((url) => post<Generated>(url, GENERATE, { key: 'hung-redis' })));
    for (const answer of sent) expect(answer.errors).toBeUndefined();
    expect(new Set(sent.map((answer) => answer.data!.generateKreaImage.job.providerId)).size).toBe(1);
    expect(sandbox.controls.count('krea', 'POST')).toBe(1);
  });
});

describe('a dead Redis', () => {
  it('sends no POST for six keyed generations over two replicas; each gets the retryable error (no REDIS_URL: as before)', async () => {
    const sandbox = replicas[0]!.sandbox;
    await redis.stop();
    expect(await eventually(() => replicas.every((replica) => !replica.services.shared!.up))).toBe(true);
    sandbox.controls.resetCalls();
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => post<Generated>(urls[i % 2]!, GENERATE, { key: 'dead-redis' })),
    );
    expect(sandbox.controls.count('krea', 'POST')).toBe(0);
    for (const answer of answers)
      expect(answer.errors?.map((error) => error.extensions)).toEqual([
        { code: 'UPSTREAM_UNAVAILABLE', provider: 'KREA', retryAfterSeconds: 1 },
      ]);

    // An Argil render is refused the same way, naming Argil.
    const videos = await post<{ argilVideos: { nodes: Array<{ id: string }> } }>(
      urls[0]!,
      '{ argilVideos(first: 1) { nodes { id } } }',
    );
    const render = await post(
      urls[1]!,
      'mutation($id: ID!) { renderArgilVideo(id: $id, idempotencyKey: "dead-redis") { video { id } } }',
      { id: videos.data!.argilVideos.nodes[0]!.id },
    );
    expect(render.errors?.map((error) => error.extensions)).toEqual([
      { code: 'UPSTREAM_UNAVAILABLE', provider: 'ARGIL', retryAfterSeconds: 1 },
    ]);
    expect(sandbox.controls.count('argil', 'POST')).toBe(0);

    // Meanwhile a gateway without REDIS_URL replays a key as it always did.
    const alone = await startStack({ sharedSandbox: sandbox });
    try {
      const first = await alone.query<Generated>(GENERATE, { key: 'in-process' });
      const replay = await alone.query<Generated>(GENERATE, { key: 'in-process' });
      expect(replay.data!.generateKreaImage.job.providerId).toBe(first.data!.generateKreaImage.job.providerId);
      expect(sandbox.controls.count('krea', 'POST')).toBe(1);
    } finally {
      await alone.close();
    }
  });
});
