/**
 * Push instead of poll (issue 14, in one process): Krea's webhook to a
 * generation's X-Webhook-URL and Argil's signed events reach subscribers at
 * once, with the pollers' interval far too long to have done it; forged,
 * unsigned, replayed, stale, oversized and unknown deliveries are refused
 * and publish nothing; a lost delivery is made good by the fallback poll.
 */
import { Webhook } from 'standardwebhooks';
import { createClient } from 'graphql-sse';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerArgilWebhook } from '../../scripts/register-argil-webhook.js';
import { DEFAULT_TENANT } from '../../src/sandbox/tenants.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const SECRET = 'a-webhook-secret-of-some-length';

async function metric(stack: Stack, outcome: string, provider: string): Promise<number> {
  const text = await stack.services.metrics.registry.getSingleMetricAsString('mediagraph_webhooks_total');
  const line = text.split('\n').find((l) => l.includes(`provider="${provider}"`) && l.includes(`outcome="${outcome}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

/** A stack whose generations ask for webhooks to its own loopback listener, and whose pollers would wait a minute. */
async function pushStack(pollIntervalMs: number): Promise<{ stack: Stack; url: string }> {
  const stack = await startStack({
    sandbox: { kreaJobs: 2, kreaAssets: 2, argilAssets: 2, argilVideos: 3 },
    pollIntervalMs,
    pollMaxIntervalMs: pollIntervalMs,
    webhooks: { publicUrl: 'http://pending.invalid', secret: SECRET },
  });
  const url = await stack.listen();
  // The listener's port is known only now.
  stack.services.webhooks!.publicUrl = new URL(url).origin;
  return { stack, url };
}

async function generate(stack: Stack): Promise<{ id: string; providerId: string }> {
  const started = await stack.query<{ generateKreaImage: { job: { id: string; providerId: string } } }>(
    'mutation { generateKreaImage(input: { bflFlux1Dev: { prompt: "pushed" } }) { job { id providerId } } }',
  );
  return started.data!.generateKreaImage.job;
}

/** Every state the subscription emits; `afterFirst` runs once the first has arrived (time moves on then). */
async function watch(url: string, id: string, afterFirst: () => void): Promise<string[]> {
  const client = createClient({ url, retryAttempts: 0 });
  const states: string[] = [];
  try {
    for await (const event of client.iterate<{ jobUpdates: { state: string } }>({
      query: 'subscription($id: ID!) { jobUpdates(id: $id) { state } }',
      variables: { id },
    })) {
      states.push(event.data!.jobUpdates.state);
      if (states.length === 1) afterFirst();
    }
  } finally {
    client.dispose();
  }
  return states;
}

describe('Krea webhooks', () => {
  let stack: Stack;
  let url: string;
  beforeAll(async () => ({ stack, url } = await pushStack(60_000)));
  afterAll(() => stack.close());

  it('reaches a subscriber at once: the delivery makes the poller read the job again', async () => {
    const job = await generate(stack);
    const states = watch(url, job.id, () => {
      for (let i = 0; i < 8; i++) stack.sandbox.advance();
    });
    expect((await states).at(-1)).toBe('SUCCEEDED');
    await stack.sandbox.webhooks.settle();
    expect(stack.sandbox.webhooks.sent.at(-1)).toMatchObject({ status: 202 });
    expect(await metric(stack, 'accepted', 'krea')).toBeGreaterThanOrEqual(1);
    // First poll at subscription, one more after the delivery: no interval passed.
    expect(stack.sandbox.controls.count('krea', 'GET', `/jobs/${job.providerId}`)).toBe(2);
  });

  it('takes a duplicate delivery without harm', async () => {
    stack.sandbox.webhooks.switches.duplicate = 1;
    const job = await generate(stack);
    const states = watch(url, job.id, () => {
      for (let i = 0; i < 8; i++) stack.sandbox.advance();
    });
    expect((await states).filter((state) => state === 'SUCCEEDED')).toHaveLength(1);
    await stack.sandbox.webhooks.settle();
    expect(stack.sandbox.webhooks.sent.slice(-2).map((s) => s.status)).toEqual([202, 202]);
  });

  it('refuses forged tokens, bodies that are no job, oversized bodies and other methods, publishing nothing', async () => {
    const origin = new URL(url).origin;
    const webhookUrl = stack.sandbox.tenants[0]!.data.kreaJobs.find((j) => j.webhookUrl)!.webhookUrl!;
    const token = webhookUrl.split('/').pop()!;
    const forged = `${token.slice(0, -2)}xx`;
    const cases: Array<[string, string, string, number]> = [
      ['POST', `/webhooks/krea/${forged}`, '{"job_id":"00000000-0000-4000-8000-000000000000"}', 401],
      ['POST', '/webhooks/krea/not-a-token', '{}', 401],
      ['POST', `/webhooks/krea/${token}`, '{"job_id":"nope"}', 400],
      ['POST', `/webhooks/krea/${token}`, 'not json', 400],
      ['POST', `/webhooks/krea/${token}`, `{"job_id":"${'a'.repeat(70_000)}"}`, 413],
      ['GET', `/webhooks/krea/${token}`, '', 404],
      ['POST', '/webhooks/elsewhere', '{}', 404],
    ];
    stack.sandbox.controls.resetCalls();
    for (const [method, path, body, status] of cases) {
      const response = await request(origin + path, { method, body: method === 'GET' ? undefined : body });
      expect(response.statusCode, `${method} ${path.slice(0, 40)}`).toBe(status);
      await response.body.text();
    }
    expect(stack.sandbox.controls.calls).toHaveLength(0);
    expect(await metric(stack, 'forged', 'krea')).toBe(2);
  });
});

describe('the fallback poll', () => {
  it('makes good a lost delivery', async () => {
    const { stack, url } = await pushStack(100);
    try {
      stack.sandbox.webhooks.switches.lose = 1;
      const job = await generate(stack);
      const states = watch(url, job.id, () => {
        for (let i = 0; i < 8; i++) stack.sandbox.advance();
      });
      expect((await states).at(-1)).toBe('SUCCEEDED');
      expect(stack.sandbox.webhooks.sent.at(-1)).toMatchObject({ status: 0 });
    } finally {
      await stack.close();
    }
  });
});

describe('Argil webhooks', () => {
  let stack: Stack;
  let url: string;
  let secret: string;
  beforeAll(async () => {
    ({ stack, url } = await pushStack(60_000));
    secret = await registerArgilWebhook({
      argilBaseUrl: stack.sandbox.argilUrl,
      apiKey: DEFAULT_TENANT.argilKey,
      publicUrl: new URL(url).origin,
    });
    stack.services.argilWebhookSecret = secret;
  });
  afterAll(() => stack.close());

  async function renderedVideo(): Promise<string> {
    const avatar = stack.sandbox.tenants[0]!.data.argilAvatars[0]!;
    const created = await stack.query<{ createArgilVideo: { video: { id: string } } }>(
      'mutation($input: CreateArgilVideoInput!) { createArgilVideo(input: $input) { video { id } } }',
      { input: { name: 'pushed', moments: [{ avatarId: avatar.id, transcript: 'hi' }] } },
    );
    const id = created.data!.createArgilVideo.video.id;
    await stack.query('mutation($id: ID!) { renderArgilVideo(id: $id) { video { state } } }', { id });
    return id;
  }

  it('registers the endpoint and prints its secret, and a signed event reaches the subscriber at once', async () => {
    expect(secret).toMatch(/^whsec_/);
    const id = await renderedVideo();
    const states = watch(url, id, () => {
      for (let i = 0; i < 3; i++) stack.sandbox.advance();
    });
    expect((await states).at(-1)).toBe('SUCCEEDED');
    await stack.sandbox.webhooks.settle();
    expect(stack.sandbox.webhooks.sent.at(-1)).toMatchObject({ status: 202 });
  });

  it('refuses bad signatures, replays, stale timestamps and unknown events', async () => {
    const origin = new URL(url).origin;
    const payload = JSON.stringify({
      event: 'VIDEO_GENERATION_SUCCESS',
      data: { videoId: '00000000-0000-4000-8000-000000000000' },
    });
    const signed = (body: string, at = new Date(), id = `msg_${Math.random()}`, key = secret) => ({
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(key).sign(id, at, body),
      'content-type': 'application/json',
    });
    const post = async (headers: Record<string, string>, body = payload) => {
      const response = await request(`${origin}/webhooks/argil`, { method: 'POST', headers, body });
      await response.body.text();
      return response.statusCode;
    };
    const good = signed(payload);
    expect(await post(good)).toBe(202);
    expect(await post(good)).toBe(409);
    expect(await post({ 'content-type': 'application/json' })).toBe(401);
    expect(
      await post(
        signed(payload, new Date(), undefined, `whsec_${Buffer.from('another key, not Argil’s').toString('base64')}`),
      ),
    ).toBe(401);
    expect(await post(signed(payload, new Date(Date.now() - 60 * 60_000)))).toBe(401);
    expect(await post({ ...signed(payload), 'webhook-signature': 'v1,AAAA' })).toBe(401);
    const unknown = JSON.stringify({ event: 'SOMETHING_ELSE', data: {} });
    expect(await post(signed(unknown), unknown)).toBe(422);
    stack.sandbox.webhooks.switches.badSignature = 1;
    const id = await renderedVideo();
    for (let i = 0; i < 3; i++) stack.sandbox.advance();
    await stack.sandbox.webhooks.settle();
    expect(stack.sandbox.webhooks.sent.at(-1)).toMatchObject({ status: 401 });
    expect(id).toBeTruthy();
    expect(await metric(stack, 'replayed', 'argil')).toBe(1);
  });
});

describe('polling while webhooks flow', () => {
  it('falls back to POLL_WEBHOOK_INTERVAL_MS between polls once webhooks arrive, and polls at its own pace before', async () => {
    const { stack, url } = await pushStack(40);
    try {
      const count = (providerId: string) => stack.sandbox.controls.count('krea', 'GET', `/jobs/${providerId}`);
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      // Before any webhook: a queued job is polled again and again.
      const before = await generate(stack);
      const quiet = createClient({ url, retryAttempts: 0 });
      const quietSub = quiet.iterate({
        query: 'subscription($id: ID!) { jobUpdates(id: $id) { state } }',
        variables: { id: before.id },
      });
      await quietSub.next();
      // Waits for the second poll however slow the machine is (bounded), rather than sleeping a guess.
      for (let i = 0; i < 1_000 && count(before.providerId) < 2; i++) await sleep(10);
      expect(count(before.providerId)).toBeGreaterThanOrEqual(2);
      await quietSub.return?.();
      quiet.dispose();
      // A webhook arrives (another job finishes)…
      const finished = await generate(stack);
      const states = watch(url, finished.id, () => {
        for (let i = 0; i < 8; i++) stack.sandbox.advance();
      });
      expect((await states).at(-1)).toBe('SUCCEEDED');
      // …and a new poller is only the fallback now: its first read, then nothing for a minute.
      const after = await generate(stack);
      const flowing = createClient({ url, retryAttempts: 0 });
      const flowingSub = flowing.iterate({
        query: 'subscription($id: ID!) { jobUpdates(id: $id) { state } }',
        variables: { id: after.id },
      });
      await flowingSub.next();
      await sleep(600);
      expect(count(after.providerId)).toBe(1);
      await flowingSub.return?.();
      flowing.dispose();
    } finally {
      await stack.close();
    }
  });
});
