/**
 * Generation credits in one gateway without Redis (issue 23): a subject's
 * day is charged before each paid POST and refused past
 * QUOTA_CREDITS_PER_DAY with QUOTA_EXCEEDED and nothing sent; replays of
 * a key are free; a provider's refusal gives the credits back, an
 * ambiguous failure keeps them; a job that ends FAILED or CANCELLED is
 * refunded once when the gateway reads it; the count starts again at
 * midnight UTC (an injected clock); GENERATION_COSTS sets the prices.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { AUDIENCE, ISSUER, startIssuer } from '../helpers/jwks.js';
import type { TestIssuer } from '../helpers/jwks.js';
import { codes, startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const LIMIT = 10;
const IMAGE =
  'mutation($key: String, $prompt: String! = "credits") { generateKreaImage(input: { bflFlux1Dev: { prompt: $prompt } }, idempotencyKey: $key) { job { id providerId } } }';
const QUOTA = '{ viewer { subject quota { limit used remaining resetsAt } } }';
type Generated = { generateKreaImage: { job: { id: string; providerId: string } } };
type Viewer = {
  viewer: { subject: string; quota: { limit: number; used: number; remaining: number; resetsAt: string } | null };
};

let issuer: TestIssuer;
let stack: Stack;
/** The gateway's clock (GatewayOptions.now). */
let clock = Date.parse('2030-03-01T12:00:00.000Z');

beforeAll(async () => {
  issuer = await startIssuer();
  stack = await startStack({
    sandbox: { kreaAssets: 2, kreaJobs: 2, argilAssets: 2, argilVideos: 4 },
    quotaPerDay: LIMIT,
    // Generous deadlines: on a busy machine a slow answer must not pass for a refusal.
    upstreamTimeoutMs: 30_000,
    gateway: {
      tokens: { jwksUrl: issuer.jwksUrl, issuer: ISSUER, audience: AUDIENCE, fetchTimeoutMs: 30_000 },
      now: () => clock,
    },
  });
});
afterAll(async () => {
  await stack.close();
  await issuer.close();
});

/** The headers of a user with every scope. */
async function as(sub: string): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await issuer.sign({ sub, scope: 'media:read media:write media:generate' })}` };
}

async function usedBy(headers: Record<string, string>, on: Stack = stack): Promise<number> {
  const answer = await on.query<Viewer>(QUOTA, {}, headers);
  expect(answer.errors).toBeUndefined();
  return answer.data!.viewer.quota!.used;
}

const posts = (on: Stack = stack) => on.sandbox.controls.count('krea', 'POST', '/generate/');

describe('credits in process', () => {
  it('viewer.quota says the limit, what is used and left, and when the day ends (UTC)', async () => {
    const headers = await as('viewer-quota');
    const before = await stack.query<Viewer>(QUOTA, {}, headers);
    expect(before.data!.viewer.quota).toEqual({
      limit: LIMIT,
      used: 0,
      remaining: LIMIT,
      resetsAt: '2030-03-02T00:00:00.000Z',
    });
    expect((await stack.query(IMAGE, {}, headers)).errors).toBeUndefined();
    expect((await stack.query<Viewer>(QUOTA, {}, headers)).data!.viewer.quota).toMatchObject({
      used: 1,
      remaining: LIMIT - 1,
    });
  });

  it('lets 50 concurrent generations of one subject spend exactly the limit; the rest are refused unsent', async () => {
    const alice = await as('alice');
    const sent = posts();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => stack.query<Generated>(IMAGE, { prompt: `burst ${i}` }, alice)),
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
      expect(answer.data).toBeNull();
      expect(codes(answer)).toEqual(['QUOTA_EXCEEDED']);
      expect(answer.errors![0]!.extensions!.quota).toEqual({
        limit: LIMIT,
        used: LIMIT,
        cost: 1,
        resetsAt: '2030-03-02T00:00:00.000Z',
      });
      expect(answer.errors![0]!.path).toEqual(['generateKreaImage']);
    }
    expect(await usedBy(alice)).toBe(LIMIT);

    // Another subject has a day of its own.
    const bob = await as('bob');
    expect((await stack.query<Generated>(IMAGE, {}, bob)).data!.generateKreaImage.job.providerId).toBeTruthy();
    expect(await usedBy(bob)).toBe(1);
  });

  it('refuses a call costing more than is left (a video of 10 with 9 left), sending nothing', async () => {
    const headers = await as('short');
    expect((await stack.query(IMAGE, {}, headers)).errors).toBeUndefined();
    const sent = stack.sandbox.controls.count('krea', 'POST');
    const video = await stack.query(
      'mutation { generateKreaVideo(input: { klingKling1: { prompt: "too dear" } }) { job { id } } }',
      {},
      headers,
    );
    expect(codes(video)).toEqual(['QUOTA_EXCEEDED']);
    expect(video.errors![0]!.extensions!.quota).toMatchObject({ limit: LIMIT, used: 1, cost: 10 });
    expect(video.errors![0]!.message).toMatch(/costs 10, 9 of 10 remain/);
    expect(stack.sandbox.controls.count('krea', 'POST')).toBe(sent);
    expect(await usedBy(headers)).toBe(1);
  });

  it('charges a key once: its replays are free, even once the day is spent', async () => {
    const headers = await as('replayer');
    const sent = posts();
    const first = await stack.query<Generated>(IMAGE, { key: 'replay-1' }, headers);
    const again = await Promise.all([1, 2, 3].map(() => stack.query<Generated>(IMAGE, { key: 'replay-1' }, headers)));
    for (const answer of again) expect(answer.data).toEqual(first.data);
    expect(posts() - sent).toBe(1);
    expect(await usedBy(headers)).toBe(1);

    for (let i = 1; i < LIMIT; i++) expect((await stack.query(IMAGE, {}, headers)).errors).toBeUndefined();
    expect(codes(await stack.query(IMAGE, {}, headers))).toEqual(['QUOTA_EXCEEDED']);
    expect((await stack.query<Generated>(IMAGE, { key: 'replay-1' }, headers)).data).toEqual(first.data);
    expect(await usedBy(headers)).toBe(LIMIT);
  });

  it('gives the credits back when the provider refuses (402), keeps them when it fails (5xx, dropped connection)', async () => {
    const headers = await as('refusals');
    const { controls } = stack.sandbox;
    controls.injectFault({ provider: 'krea', method: 'POST', path: '/generate/', kind: 'status', status: 402 });
    expect(codes(await stack.query(IMAGE, {}, headers))).toEqual(['INSUFFICIENT_CREDITS']);
    expect(await usedBy(headers)).toBe(0);

    controls.injectFault({ provider: 'krea', method: 'POST', path: '/generate/', kind: 'status', status: 500 });
    expect(codes(await stack.query(IMAGE, {}, headers))).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(await usedBy(headers)).toBe(1);

    controls.injectFault({ provider: 'krea', method: 'POST', path: '/generate/', kind: 'reset' });
    expect(codes(await stack.query(IMAGE, {}, headers))).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(await usedBy(headers)).toBe(2);
  });

  it('refunds a job that ends FAILED once, when it is read, and one that is CANCELLED', async () => {
    const headers = await as('unbilled');
    const one = (await stack.query<Generated>(IMAGE, { prompt: 'one' }, headers)).data!.generateKreaImage.job;
    const two = (await stack.query<Generated>(IMAGE, { prompt: 'two' }, headers)).data!.generateKreaImage.job;
    expect(await usedBy(headers)).toBe(2);

    expect(stack.sandbox.failKreaJob(one.providerId)).toBe(true);
    // Nothing is given back before the gateway learns of it.
    expect(await usedBy(headers)).toBe(2);
    const READ = 'query($id: UUID!) { kreaJob(id: $id) { state } }';
    expect((await stack.query(READ, { id: one.providerId }, headers)).data).toEqual({ kreaJob: { state: 'FAILED' } });
    expect(await usedBy(headers)).toBe(1);
    // Read again, alone and in a list: still refunded once.
    await stack.query(READ, { id: one.providerId }, headers);
    await stack.query('{ kreaJobs(first: 50) { nodes { state } } }', {}, headers);
    expect(await usedBy(headers)).toBe(1);

    const cancelled = await stack.query(
      'mutation($id: ID!) { deleteKreaJob(id: $id) { deletedId } }',
      { id: two.id },
      headers,
    );
    expect(cancelled.errors).toBeUndefined();
    expect((await stack.query(READ, { id: two.providerId }, headers)).data).toEqual({
      kreaJob: { state: 'CANCELLED' },
    });
    expect(await usedBy(headers)).toBe(0);
  });

  it('starts counting again at midnight UTC; a key refused for credits may be used the next day', async () => {
    clock = Date.parse('2030-03-05T23:59:59.000Z');
    try {
      const headers = await as('night-owl');
      for (let i = 0; i < LIMIT; i++) expect((await stack.query(IMAGE, {}, headers)).errors).toBeUndefined();
      const refused = await stack.query(IMAGE, { key: 'after-midnight' }, headers);
      expect(refused.errors![0]!.extensions).toMatchObject({
        code: 'QUOTA_EXCEEDED',
        quota: { used: LIMIT, resetsAt: '2030-03-06T00:00:00.000Z' },
      });

      clock = Date.parse('2030-03-06T00:00:01.000Z');
      expect((await stack.query<Viewer>(QUOTA, {}, headers)).data!.viewer.quota).toEqual({
        limit: LIMIT,
        used: 0,
        remaining: LIMIT,
        resetsAt: '2030-03-07T00:00:00.000Z',
      });
      const sent = posts();
      expect((await stack.query(IMAGE, { key: 'after-midnight' }, headers)).errors).toBeUndefined();
      expect(posts() - sent).toBe(1);
      expect(await usedBy(headers)).toBe(1);
    } finally {
      clock = Date.parse('2030-03-01T12:00:00.000Z');
    }
  });

  it('counts credits in /metrics by outcome and caller kind, never by subject', async () => {
    const text = await (await stack.gateway.fetch('http://gateway/metrics')).text();
    const value = (outcome: string) =>
      Number(
        text
          .split('\n')
          .find((line) => line.startsWith(`mediagraph_credits_total{outcome="${outcome}",caller="user"}`))
          ?.split(' ')[1],
      );
    expect(value('charged')).toBeGreaterThanOrEqual(LIMIT);
    expect(value('refused')).toBeGreaterThanOrEqual(50 - LIMIT);
    expect(value('refunded')).toBeGreaterThanOrEqual(3);
    expect(text).not.toMatch(/alice|night-owl|issuer\.test/);
  });
});

describe('costs', () => {
  let dir: string;
  let priced: Stack;
  let bare: Stack;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'credits-'));
    const file = join(dir, 'costs.json');
    writeFileSync(file, JSON.stringify({ video: 7, '/generate/image/bfl/flux-1-dev': 3 }));
    const { credits } = loadConfig({ GENERATION_COSTS: file, QUOTA_CREDITS_PER_DAY: '1000' });
    priced = await startStack({
      sandbox: { kreaAssets: 2, kreaJobs: 2, argilAssets: 2, argilVideos: 4 },
      upstreamTimeoutMs: 30_000,
      quotaPerDay: credits.perDay,
      generationCosts: credits.costs,
    });
    bare = await startStack({ sharedSandbox: priced.sandbox });
  });
  afterAll(async () => {
    await bare.close();
    await priced.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What `query` cost the caller (no tokens here: the credential is the subject). */
  async function costOf(query: string, variables: Record<string, unknown> = {}): Promise<number> {
    const before = await usedBy({}, priced);
    const answer = await priced.query(query, variables);
    expect(answer.errors).toBeUndefined();
    return (await usedBy({}, priced)) - before;
  }

  it('charges each paid mutation its cost: the defaults, GENERATION_COSTS by kind and by Krea path', async () => {
    const data = priced.sandbox.tenants[0]!.data;
    const app = data.kreaNodeApps[1]!;
    const video = data.argilVideos.find((candidate) => candidate.status === 'IDLE')!;
    expect(await costOf(IMAGE)).toBe(3);
    expect(
      await costOf('mutation { generateKreaImage(input: { bflFlux1KontextDev: { prompt: "p" } }) { job { id } } }'),
    ).toBe(1);
    expect(await costOf('mutation { generateKreaVideo(input: { klingKling1: { prompt: "p" } }) { job { id } } }')).toBe(
      7,
    );
    expect(
      await costOf(
        'mutation { enhanceKreaImage(input: { topazGenerativeEnhance: { width: 512, height: 512, imageUrl: "https://example.com/a.png" } }) { job { id } } }',
      ),
    ).toBe(2);
    expect(
      await costOf('mutation($input: KreaStyleTrainingInput!) { trainKreaStyle(input: $input) { job { id } } }', {
        input: { flux: { name: 'style', urls: ['https://example.com/1.png'], maxTrainSteps: 100 } },
      }),
    ).toBe(20);
    expect(
      await costOf(
        'mutation($id: String!, $input: JSON!) { executeKreaNodeApp(id: $id, input: $input) { jobs { id } } }',
        {
          id: app.id,
          input: { image_url: 'https://example.com/a.png', factor: 2, mode: 'fast' },
        },
      ),
    ).toBe(5);
    expect(
      await costOf('mutation($id: ID!) { renderArgilVideo(id: $id) { video { state } } }', {
        id: Buffer.from(`ArgilVideo:${video.id}`).toString('base64'),
      }),
    ).toBe(10);
  });

  it('without QUOTA_CREDITS_PER_DAY counts nothing: viewer.quota is null', async () => {
    expect((await bare.query(IMAGE)).errors).toBeUndefined();
    const viewer = await bare.query<Viewer>(QUOTA);
    expect(viewer.errors).toBeUndefined();
    expect(viewer.data!.viewer.quota).toBeNull();
    expect(viewer.data!.viewer.subject).toMatch(/^credential:/);
  });
});
