/**
 * Several replicas of one deployment, one real Redis, one sandbox (issue
 * 14, in one test process: each replica has its own services, pools, hub
 * and Redis connections, as a process would): a webhook taken by one
 * replica reaches a subscriber on another, an idempotency key used on one
 * and retried on another sends one POST, the upstream budget holds across
 * all of them, and Redis stopping mid-test stops no read.
 */
import { createClient } from 'graphql-sse';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis } from '../helpers/redis.js';
import type { RedisServer } from '../helpers/redis.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const SECRET = 'a-webhook-secret-shared-by-replicas';
let redis: RedisServer;
let replicas: Stack[];
let urls: string[];

beforeAll(async () => {
  redis = await startRedis();
  const first = await startStack({
    sandbox: { kreaAssets: 120, kreaJobs: 3, argilAssets: 3, argilVideos: 3 },
    redisUrl: redis.url,
    pollIntervalMs: 60_000,
    pollMaxIntervalMs: 60_000,
    upstreamConcurrency: 4,
    webhooks: { publicUrl: 'http://pending.invalid', secret: SECRET },
  });
  const others = await Promise.all(
    [1, 2].map((n) =>
      startStack({
        // Replica 2 is configured to report not-ready while Redis is away.
        gateway: n === 1 ? { readyRequiresRedis: true } : {},
        sharedSandbox: first.sandbox,
        redisUrl: redis.url,
        pollIntervalMs: 60_000,
        pollMaxIntervalMs: 60_000,
        upstreamConcurrency: 4,
        webhooks: { publicUrl: 'http://pending.invalid', secret: SECRET },
      }),
    ),
  );
  replicas = [first, ...others];
  urls = await Promise.all(replicas.map((replica) => replica.listen()));
  // Every replica mints webhook URLs that point at replica 1 (a load balancer would pick any).
  for (const replica of replicas) replica.services.webhooks!.publicUrl = new URL(urls[0]!).origin;
  await Promise.all(
    replicas.map(async (replica) => {
      for (let i = 0; i < 1_000 && !replica.services.shared!.up; i++) await new Promise((r) => setTimeout(r, 10));
    }),
  );
});
afterAll(async () => {
  for (const replica of [...replicas].reverse()) await replica.close();
  await redis.stop();
});

const GENERATE =
  'mutation($key: String) { generateKreaImage(input: { bflFlux1Dev: { prompt: "shared" } }, idempotencyKey: $key) { job { id providerId } } }';
type Generated = { generateKreaImage: { job: { id: string; providerId: string } } };

describe('replicas sharing one Redis', () => {
  it('delivers a webhook taken by replica 1 to a subscriber on replica 3', async () => {
    const job = (await replicas[0]!.query<Generated>(GENERATE)).data!.generateKreaImage.job;
    const client = createClient({ url: urls[2]!, retryAttempts: 0 });
    const states: string[] = [];
    try {
      for await (const event of client.iterate<{ jobUpdates: { state: string } }>({
        query: 'subscription($id: ID!) { jobUpdates(id: $id) { state } }',
        variables: { id: job.id },
      })) {
        states.push(event.data!.jobUpdates.state);
        if (states.length === 1) for (let i = 0; i < 8; i++) replicas[0]!.sandbox.advance();
      }
    } finally {
      client.dispose();
    }
    expect(states.at(-1)).toBe('SUCCEEDED');
    await replicas[0]!.sandbox.webhooks.settle();
    const delivery = replicas[0]!.sandbox.webhooks.sent.at(-1)!;
    expect(new URL(delivery.url).origin).toBe(new URL(urls[0]!).origin);
    // Replica 3 has a one-minute poll interval: only the shared nudge can have done it.
    expect(replicas[2]!.services.live.activePollers).toBe(0);
  });

  it('sends one POST for an idempotency key used on replica 1 and retried on replicas 2 and 3 at once', async () => {
    const sandbox = replicas[0]!.sandbox;
    sandbox.controls.resetCalls();
    const answers = await Promise.all(
      replicas.map((replica) => replica.query<Generated>(GENERATE, { key: 'across-replicas' })),
    );
    const ids = new Set(answers.map((answer) => answer.data!.generateKreaImage.job.providerId));
    expect(ids.size).toBe(1);
    expect(sandbox.controls.count('krea', 'POST')).toBe(1);
    const later = await replicas[1]!.query<Generated>(GENERATE, { key: 'across-replicas' });
    expect(later.data!.generateKreaImage.job.providerId).toBe([...ids][0]);
    expect(sandbox.controls.count('krea', 'POST')).toBe(1);
  });

  it('keeps one credential within UPSTREAM_CONCURRENCY upstream calls across all three replicas', async () => {
    const sandbox = replicas[0]!.sandbox;
    sandbox.controls.latencyMs = 20;
    sandbox.controls.resetCalls();
    try {
      const ids = sandbox.tenants[0]!.data.kreaAssets.slice(0, 60).map((asset) => asset.id);
      const answers = await Promise.all(
        ids.map((id, i) => replicas[i % 3]!.query('query($id: UUID!) { kreaAsset(id: $id) { id } }', { id })),
      );
      expect(answers.every((answer) => answer.errors === undefined)).toBe(true);
      expect(sandbox.controls.count('krea', 'GET')).toBe(60);
      expect(sandbox.controls.peakInFlight.krea).toBeLessThanOrEqual(4);
      expect(sandbox.controls.peakInFlight.krea).toBeGreaterThan(1);
    } finally {
      sandbox.controls.latencyMs = 0;
    }
  });

  it('serves reads while Redis is down, says so in /metrics, and shares again once it is back', async () => {
    await redis.stop();
    for (let i = 0; i < 1_000 && replicas[0]!.services.shared!.up; i++) await new Promise((r) => setTimeout(r, 10));
    const down = await replicas[0]!.query('{ kreaAssets(first: 2) { nodes { id } } }');
    expect(down.errors).toBeUndefined();
    const metrics = await (await fetch(urls[0]!.replace('/graphql', '/metrics'))).text();
    expect(metrics).toMatch(/mediagraph_redis_up 0/);
    const ready = async (url: string) => (await fetch(url.replace('/graphql', '/readyz'))).status;
    expect([await ready(urls[0]!), await ready(urls[1]!)]).toEqual([200, 503]);
    await redis.start();
    for (let i = 0; i < 1_500 && !replicas.every((r) => r.services.shared!.up); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(replicas.every((r) => r.services.shared!.up)).toBe(true);
    expect(await ready(urls[1]!)).toBe(200);
    const sandbox = replicas[0]!.sandbox;
    sandbox.controls.resetCalls();
    await Promise.all(replicas.map((replica) => replica.query<Generated>(GENERATE, { key: 'after-restart' })));
    expect(sandbox.controls.count('krea', 'POST')).toBe(1);
  });
});

describe('webhook replays across replicas', () => {
  it('takes on replica 2 an Argil event replica 1 already took as a duplicate', async () => {
    const secret = `whsec_${Buffer.from('a shared argil signing key!').toString('base64')}`;
    for (const replica of replicas) replica.services.argilWebhookSecret = secret;
    const body = JSON.stringify({
      event: 'VIDEO_GENERATION_SUCCESS',
      data: { videoId: '00000000-0000-4000-8000-000000000001' },
    });
    const id = `msg_${Date.now()}`;
    const at = new Date();
    const headers = {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, at, body),
    };
    const post = async (url: string) =>
      (await fetch(url.replace('/graphql', '/webhooks/argil'), { method: 'POST', headers, body })).status;
    expect(await post(urls[0]!)).toBe(202);
    // A duplicate gets a 2xx (Standard Webhooks senders retry anything else) and does nothing.
    expect(await post(urls[1]!)).toBe(200);
  });
});

describe('one poller per object across replicas', () => {
  type Subscription = { states: string[]; first: Promise<void>; done: Promise<void>; dispose: () => void };

  function subscribe(url: string, id: string): Subscription {
    const client = createClient({ url, retryAttempts: 0 });
    const states: string[] = [];
    let firstArrived!: () => void;
    const first = new Promise<void>((resolve) => (firstArrived = resolve));
    const done = (async () => {
      for await (const event of client.iterate<{ jobUpdates: { state: string } }>({
        query: 'subscription($id: ID!) { jobUpdates(id: $id) { state } }',
        variables: { id },
      })) {
        states.push(event.data!.jobUpdates.state);
        firstArrived();
      }
    })();
    return { states, first, done, dispose: () => client.dispose() };
  }

  it('serves ten subscribers spread over three replicas with one poller, and all see the end', async () => {
    const sandbox = replicas[0]!.sandbox;
    const job = (await replicas[0]!.query<Generated>(GENERATE)).data!.generateKreaImage.job;
    sandbox.controls.resetCalls();
    const subscriptions = Array.from({ length: 10 }, (_, i) => subscribe(urls[i % 3]!, job.id));
    try {
      await Promise.all(subscriptions.map((s) => s.first));
      expect(replicas.reduce((sum, r) => sum + r.services.live.leadingPollers, 0)).toBe(1);
      expect(replicas.reduce((sum, r) => sum + r.services.live.activePollers, 0)).toBe(3);
      for (let i = 0; i < 8; i++) sandbox.advance();
      await Promise.all(subscriptions.map((s) => s.done));
      expect(subscriptions.map((s) => s.states.at(-1))).toEqual(Array(10).fill('SUCCEEDED'));
      // The leader's first read, and one after the webhook's nudge.
      expect(sandbox.controls.count('krea', 'GET', `/jobs/${job.providerId}`)).toBe(2);
    } finally {
      subscriptions.forEach((s) => s.dispose());
    }
  });

  it('moves the lease to another replica when its holder dies (within 5 s and one try)', async () => {
    const extra = await Promise.all(
      [0, 1].map(() =>
        startStack({
          sharedSandbox: replicas[0]!.sandbox,
          redisUrl: redis.url,
          pollIntervalMs: 60_000,
          pollMaxIntervalMs: 60_000,
        }),
      ),
    );
    const extraUrls = await Promise.all(extra.map((stack) => stack.listen()));
    for (const stack of extra)
      for (let i = 0; i < 1_000 && !stack.services.shared!.up; i++) await new Promise((r) => setTimeout(r, 10));
    const job = (await extra[0]!.query<Generated>(GENERATE)).data!.generateKreaImage.job;
    const first = subscribe(extraUrls[0]!, job.id);
    await first.first;
    const second = subscribe(extraUrls[1]!, job.id);
    await second.first;
    try {
      expect(extra.map((stack) => stack.services.live.leadingPollers)).toEqual([1, 0]);
      // The holder dies: its Redis connection and its pollers go, its lease is never released.
      await extra[0]!.services.shared!.close();
      extra[0]!.services.live.close();
      let moved = false;
      for (let i = 0; i < 150 && !moved; i++) {
        await new Promise((r) => setTimeout(r, 100));
        moved = extra[1]!.services.live.leadingPollers === 1;
      }
      expect(moved).toBe(true);
    } finally {
      first.dispose();
      second.dispose();
      for (const stack of extra) await stack.close();
    }
  });
});
