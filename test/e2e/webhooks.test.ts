/**
 * Push instead of poll (issue 14, in one process): Krea's webhook to a
 * generation's X-Webhook-URL and Argil's signed events reach subscribers at
 * once, with the pollers' interval far too long to have done it; forged,
 * unsigned, stale, oversized and unknown deliveries are refused and publish
 * nothing; a duplicate gets a 2xx and does nothing; a lost delivery is made
 * good by the fallback poll. (Abuse of a Krea token: webhook-abuse.test.ts.)
 */
import { Webhook } from 'standardwebhooks';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerArgilWebhook } from '../../scripts/register-argil-webhook.js';
import { DEFAULT_TENANT } from '../../src/sandbox/tenants.js';
import type { Stack } from '../helpers/stack.js';
import { deliver, generate, kreaWebhookUrlOf, openWatch, pushStack, until, watch } from '../helpers/webhooks.js';

async function metric(stack: Stack, outcome: string, provider: string): Promise<number> {
  const text = await stack.services.metrics.registry.getSingleMetricAsString('mediagraph_webhooks_total');
  const line = text.split('\n').find((l) => l.includes(`provider="${provider}"`) && l.includes(`outcome="${outcome}"`));
  return line ? Number(line.split(' ').pop()) : 0;
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

  it('takes a duplicate delivery without harm: a 2xx, and nothing done', async () => {
    stack.sandbox.webhooks.switches.duplicate = 1;
    const job = await generate(stack);
    const states = watch(url, job.id, () => {
      for (let i = 0; i < 8; i++) stack.sandbox.advance();
    });
    expect((await states).filter((state) => state === 'SUCCEEDED')).toHaveLength(1);
    await stack.sandbox.webhooks.settle();
    expect(stack.sandbox.webhooks.sent.slice(-2).map((s) => s.status)).toEqual([202, 200]);
    expect(await metric(stack, 'duplicate', 'krea')).toBe(1);
  });

  it('refuses forged tokens, bodies that are no job, oversized bodies and other methods, publishing nothing', async () => {
    const origin = new URL(url).origin;
    const token = kreaWebhookUrlOf(stack, (await generate(stack)).providerId)
      .split('/')
      .pop()!;
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
    // No debounce: a poll a duplicate caused would be seen at once.
    ({ stack, url } = await pushStack(60_000, { webhookDebounceMs: 0 }));
    secret = await registerArgilWebhook({
      argilBaseUrl: stack.sandbox.argilUrl,
      apiKey: DEFAULT_TENANT.argilKey,
      publicUrl: new URL(url).origin,
    });
    stack.services.argilWebhookSecret = secret;
  });
  afterAll(() => stack.close());

  async function renderedVideo(): Promise<string> {
    return (await renderedVideoIds()).id;
  }

  async function renderedVideoIds(): Promise<{ id: string; providerId: string }> {
    const avatar = stack.sandbox.tenants[0]!.data.argilAvatars[0]!;
    const created = await stack.query<{ createArgilVideo: { video: { id: string; providerId: string } } }>(
      'mutation($input: CreateArgilVideoInput!) { createArgilVideo(input: $input) { video { id providerId } } }',
      { input: { name: 'pushed', moments: [{ avatarId: avatar.id, transcript: 'hi' }] } },
    );
    const video = created.data!.createArgilVideo.video;
    await stack.query('mutation($id: ID!) { renderArgilVideo(id: $id) { video { state } } }', { id: video.id });
    return video;
  }

  /** Argil's headers for `body`, signed with the endpoint's secret unless told otherwise. */
  const signed = (body: string, at = new Date(), id = `msg_${Math.random()}`, key = secret) => ({
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(key).sign(id, at, body),
    'content-type': 'application/json',
  });

  async function post(headers: Record<string, string>, body: string): Promise<number> {
    const response = await request(`${new URL(url).origin}/webhooks/argil`, { method: 'POST', headers, body });
    await response.body.text();
    return response.statusCode;
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

  it('answers a retried delivery (its 202 lost) with a 2xx, and does nothing for it', async () => {
    const video = await renderedVideoIds();
    const gets = () => stack.sandbox.controls.count('argil', 'GET', `/v1/videos/${video.providerId}`);
    const states = watch(url, video.id, () => undefined);
    await until(() => gets() === 1, "the subscription's first read");
    const payload = JSON.stringify({ event: 'VIDEO_GENERATION_SUCCESS', data: { videoId: video.providerId } });
    const delivery = signed(payload);
    expect(await post(delivery, payload)).toBe(202);
    await until(() => gets() === 2, 'the poll the delivery asked for');
    // Argil retries the same webhook-id: 2xx, or it would retry for hours.
    expect(await post(delivery, payload)).toBe(200);
    // The video really finishes; Argil's own (new) event ends the subscription,
    // by which time a poll the retry had asked for would have happened too.
    for (let i = 0; i < 3; i++) stack.sandbox.advance();
    expect((await states).at(-1)).toBe('SUCCEEDED');
    expect(gets()).toBe(3);
    expect(await metric(stack, 'duplicate', 'argil')).toBe(1);
  });

  it('refuses bad signatures, stale timestamps and unknown events', async () => {
    const payload = JSON.stringify({
      event: 'VIDEO_GENERATION_SUCCESS',
      data: { videoId: '00000000-0000-4000-8000-000000000000' },
    });
    const good = signed(payload);
    expect(await post(good, payload)).toBe(202);
    expect(await post({ 'content-type': 'application/json' }, payload)).toBe(401);
    expect(
      await post(
        signed(payload, new Date(), undefined, `whsec_${Buffer.from('another key, not Argil’s').toString('base64')}`),
        payload,
      ),
    ).toBe(401);
    expect(await post(signed(payload, new Date(Date.now() - 60 * 60_000)), payload)).toBe(401);
    expect(await post({ ...signed(payload), 'webhook-signature': 'v1,AAAA' }, payload)).toBe(401);
    const unknown = JSON.stringify({ event: 'SOMETHING_ELSE', data: {} });
    expect(await post(signed(unknown), unknown)).toBe(422);
    stack.sandbox.webhooks.switches.badSignature = 1;
    const id = await renderedVideo();
    for (let i = 0; i < 3; i++) stack.sandbox.advance();
    await stack.sandbox.webhooks.settle();
    expect(stack.sandbox.webhooks.sent.at(-1)).toMatchObject({ status: 401 });
    expect(id).toBeTruthy();
  });
});

describe('polling while webhooks flow', () => {
  it("slows only the pollers of the credential whose webhooks flow, never another tenant's", async () => {
    const other = { kreaKey: 'other-krea-key', argilKey: 'other-argil-key' };
    const { stack, url } = await pushStack(40, {
      sandbox: { kreaJobs: 2, kreaAssets: 2, argilAssets: 2, argilVideos: 3, tenants: [DEFAULT_TENANT, other] },
    });
    const asOther = { 'x-krea-token': other.kreaKey };
    const count = (providerId: string) => stack.sandbox.controls.count('krea', 'GET', `/jobs/${providerId}`);
    const watches: Array<{ close(): Promise<void> }> = [];
    try {
      // The server credential's webhooks flow: one of its jobs was delivered.
      const finished = await generate(stack);
      const delivered = await deliver(kreaWebhookUrlOf(stack, finished.providerId), {
        job_id: finished.providerId,
        status: 'completed',
      });
      expect(delivered).toEqual({ status: 202, outcome: 'accepted' });
      // A new job of each tenant, watched: the server credential's poller is only the fallback now…
      const mine = await generate(stack);
      const theirs = await generate(stack, asOther);
      watches.push(await openWatch(url, mine.id), await openWatch(url, theirs.id, asOther));
      // …while the other tenant's, which no webhook concerns, polls at its own pace (every 40 ms).
      await until(() => count(theirs.providerId) >= 5, "the other tenant's poller to poll five times");
      expect(count(mine.providerId)).toBe(1);
    } finally {
      await Promise.all(watches.map((w) => w.close()));
      await stack.close();
    }
  });
});
