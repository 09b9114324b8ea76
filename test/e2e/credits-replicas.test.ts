/**
 * Generation credits shared by three replicas through one real Redis
 * (issue 23): 50 concurrent generations of one subject against a limit of
 * 10 spend exactly 10 and send exactly 10 POSTs, whichever replica takes
 * them; another subject is unaffected; a key replayed on another replica is
 * free; a FAILED job read on every replica is refunded once; Redis holds
 * digests only; while Redis is away a paid call is refused, unsent.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, ISSUER, startIssuer } from '../helpers/jwks.js';
import type { TestIssuer } from '../helpers/jwks.js';
import { startRedis } from '../helpers/redis.js';
import type { RedisServer } from '../helpers/redis.js';
import { codes, startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const LIMIT = 10;
const IMAGE =
  'mutation($key: String, $prompt: String! = "shared") { generateKreaImage(input: { bflFlux1Dev: { prompt: $prompt } }, idempotencyKey: $key) { job { id providerId } } }';
const USED = '{ viewer { quota { used remaining } } }';
type Generated = { generateKreaImage: { job: { id: string; providerId: string } } };
type Viewer = { viewer: { quota: { used: number; remaining: number } } };

let redis: RedisServer;
let issuer: TestIssuer;
let replicas: Stack[];

/** Polls `condition` (every 20 ms) until it holds or `ms` pass; answers whether it held. */
async function eventually(condition: () => boolean, ms = 15_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until && !condition()) await new Promise((resolve) => setTimeout(resolve, 20));
  return condition();
}
const allUp = () => replicas.every((replica) => replica.services.shared!.up);

beforeAll(async () => {
  [redis, issuer] = await Promise.all([startRedis(), startIssuer()]);
  // Generous deadlines: on a busy machine a slow answer must not pass for a refusal.
  const common = {
    redisUrl: redis.url,
    redisCommandTimeoutMs: 5_000,
    upstreamTimeoutMs: 30_000,
    quotaPerDay: LIMIT,
    gateway: { tokens: { jwksUrl: issuer.jwksUrl, issuer: ISSUER, audience: AUDIENCE, fetchTimeoutMs: 30_000 } },
  };
  const first = await startStack({
    sandbox: { kreaAssets: 2, kreaJobs: 2, argilAssets: 2, argilVideos: 2 },
    ...common,
  });
  const others = await Promise.all([1, 2].map(() => startStack({ sharedSandbox: first.sandbox, ...common })));
  replicas = [first, ...others];
  expect(await eventually(allUp)).toBe(true);
  // Each replica has fetched the key set before the tests.
  const warm = await as('warm-up');
  for (const replica of replicas) expect((await replica.query(USED, {}, warm)).errors).toBeUndefined();
});
afterAll(async () => {
  redis.resume();
  for (const replica of [...replicas].reverse()) await replica.close();
  await Promise.all([redis.stop(), issuer.close()]);
});

async function as(sub: string): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await issuer.sign({ sub, scope: 'media:read media:write media:generate' })}` };
}

async function usedBy(headers: Record<string, string>, replica: Stack): Promise<number> {
  const answer = await replica.query<Viewer>(USED, {}, headers);
  expect(answer.errors).toBeUndefined();
  return answer.data!.viewer.quota.used;
}

const posts = () => replicas[0]!.sandbox.controls.count('krea', 'POST', '/generate/');

describe('credits across three replicas and one Redis', () => {
  it('50 concurrent generations of one subject spend exactly 10 and send exactly 10 POSTs', async () => {
    const alice = await as('alice');
    const sent = posts();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => replicas[i % 3]!.query<Generated>(IMAGE, { prompt: `burst ${i}` }, alice)),
    );
    const outcomes: Record<string, number> = {};
    for (const answer of answers) {
      const outcome = answer.errors ? codes(answer).join() : 'started';
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    expect(outcomes).toEqual({ started: LIMIT, QUOTA_EXCEEDED: 50 - LIMIT });
    const refused = answers.filter((answer) => answer.errors);
    expect(posts() - sent).toBe(LIMIT);
    for (const answer of refused) {
      expect(codes(answer)).toEqual(['QUOTA_EXCEEDED']);
      expect(answer.errors![0]!.extensions!.quota).toMatchObject({ limit: LIMIT, used: LIMIT, cost: 1 });
    }
    for (const replica of replicas) expect(await usedBy(alice, replica)).toBe(LIMIT);

    // Another subject spends from a budget of its own.
    const bob = await as('bob');
    expect((await replicas[1]!.query(IMAGE, {}, bob)).errors).toBeUndefined();
    expect(await usedBy(bob, replicas[2]!)).toBe(1);
  });

  it('charges a key once, whichever replica its replays reach', async () => {
    const carol = await as('carol');
    const sent = posts();
    const first = await replicas[0]!.query<Generated>(IMAGE, { key: 'carol-1' }, carol);
    const replays = await Promise.all(
      replicas.map((replica) => replica.query<Generated>(IMAGE, { key: 'carol-1' }, carol)),
    );
    for (const replay of replays) expect(replay.data).toEqual(first.data);
    expect(posts() - sent).toBe(1);
    expect(await usedBy(carol, replicas[1]!)).toBe(1);
  });

  it('refunds a job that ended FAILED once, though every replica reads it', async () => {
    const dave = await as('dave');
    const failed = (await replicas[0]!.query<Generated>(IMAGE, { prompt: 'fails' }, dave)).data!.generateKreaImage.job;
    expect((await replicas[1]!.query(IMAGE, { prompt: 'stays' }, dave)).errors).toBeUndefined();
    expect(await usedBy(dave, replicas[2]!)).toBe(2);

    expect(replicas[0]!.sandbox.failKreaJob(failed.providerId)).toBe(true);
    const READ = 'query($id: UUID!) { kreaJob(id: $id) { state } }';
    for (const replica of [...replicas, ...replicas]) {
      expect((await replica.query(READ, { id: failed.providerId }, dave)).data).toEqual({
        kreaJob: { state: 'FAILED' },
      });
      expect(await usedBy(dave, replica)).toBe(1);
    }
  });

  it('keeps only digests in Redis: no subject, issuer or token', async () => {
    const reader = new Redis(redis.url, { lazyConnect: true });
    try {
      await reader.connect();
      const keys = await reader.keys('mediagraph:credits*');
      expect(keys.length).toBeGreaterThan(0);
      const values = await Promise.all(
        keys.map((key) => (key.startsWith('mediagraph:credits-job:') ? reader.get(key) : Promise.resolve(''))),
      );
      expect([...keys, ...values].join('\n')).not.toMatch(/alice|bob|carol|dave|issuer\.test|Bearer/);
    } finally {
      reader.disconnect();
    }
  });

  it('refuses a paid call while Redis is away (retryable, nothing sent), and counts again once it is back', async () => {
    const erin = await as('erin');
    expect((await replicas[0]!.query(IMAGE, {}, erin)).errors).toBeUndefined();
    await redis.stop();
    expect(await eventually(() => replicas.every((replica) => !replica.services.shared!.up))).toBe(true);
    const sent = posts();
    const refused = await replicas[1]!.query(IMAGE, {}, erin);
    expect(refused.errors?.map((error) => error.extensions)).toEqual([
      { code: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: 1 },
    ]);
    expect(posts()).toBe(sent);

    // A fresh server has forgotten the day (no persistence): it counts from 0 again.
    await redis.start();
    expect(await eventually(allUp)).toBe(true);
    expect((await replicas[2]!.query(IMAGE, {}, erin)).errors).toBeUndefined();
    expect(await usedBy(erin, replicas[0]!)).toBe(1);
  });
});
