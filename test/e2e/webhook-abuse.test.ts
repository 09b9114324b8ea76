/**
 * A Krea webhook token in the wrong hands (issue 22, item 7): it names one
 * job and expires; replays of it are 2xx and cost nothing; a burst of
 * deliveries costs one poll; its path never reaches a log line; with Redis,
 * any replica knows which job a token was bound to, and Redis holds no token.
 */
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { KREA_JOB_STATUSES } from '../../src/providers/krea/shapes.js';
import { KREA_WEBHOOK_TOKEN_TTL_MS } from '../../src/providers/krea/webhooks/token.js';
import { startRedis } from '../helpers/redis.js';
import type { RedisServer } from '../helpers/redis.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';
import {
  WEBHOOK_SECRET,
  deliver,
  generate,
  kreaWebhookUrlOf,
  openWatch,
  pushStack,
  until,
  watch,
} from '../helpers/webhooks.js';

const gets = (stack: Stack, providerId: string) => stack.sandbox.controls.count('krea', 'GET', `/jobs/${providerId}`);

describe('replays and bursts of one Krea token', () => {
  it('take 500 replays as 2xx no-ops, and a burst of news costs one poll (and loses none)', async () => {
    // The debounce window outlasts the test: any poll past the first would be one too many.
    const { stack, url } = await pushStack(60_000, { webhookDebounceMs: 600_000 });
    try {
      const job = await generate(stack);
      const hook = kreaWebhookUrlOf(stack, job.providerId);
      const watching = await openWatch(url, job.id);
      const body = { job_id: job.providerId, status: 'completed' };
      const outcomes: string[] = [];
      for (let i = 0; i < 500; i += 25) {
        const batch = await Promise.all(Array.from({ length: 25 }, () => deliver(hook, body)));
        outcomes.push(...batch.map((answer) => `${answer.status} ${answer.outcome}`));
      }
      expect(outcomes.filter((o) => o === '202 accepted')).toHaveLength(1);
      expect(outcomes.filter((o) => o === '200 duplicate')).toHaveLength(499);
      // Each other status is news once; undocumented ones count as one.
      const news = [...KREA_JOB_STATUSES, 'made-up', 'made-up-too', 42];
      const answers = [];
      for (const status of [...news, ...news]) answers.push(await deliver(hook, { ...body, status }));
      expect(answers.filter((a) => a.status === 202)).toHaveLength(KREA_JOB_STATUSES.length); // 8 others + 1 made-up
      expect(answers.every((a) => a.status === 202 || a.status === 200)).toBe(true);
      await until(() => gets(stack, job.providerId) >= 2, 'the poll the deliveries asked for');
      // The subscription's first read and one poll for the whole burst.
      expect(gets(stack, job.providerId)).toBe(2);
      await watching.close();
    } finally {
      await stack.close();
    }
    // The debounce loses no news: what comes inside a window is polled at its end.
    const short = await pushStack(60_000, { webhookDebounceMs: 300 });
    try {
      const job = await generate(short.stack);
      const hook = kreaWebhookUrlOf(short.stack, job.providerId);
      // A delivery (news that is no change) polls at once…
      const states = watch(short.url, job.id, () => void deliver(hook, { job_id: job.providerId, status: 'queued' }));
      await until(() => gets(short.stack, job.providerId) === 2, 'the poll the first delivery asked for');
      // …and the job's end, delivered inside the window or after it, is polled and reaches the subscriber.
      for (let i = 0; i < 8; i++) short.stack.sandbox.advance();
      expect((await states).at(-1)).toBe('SUCCEEDED');
      expect(gets(short.stack, job.providerId)).toBe(3);
    } finally {
      await short.stack.close();
    }
  });
});

describe('what a Krea token is good for', () => {
  let stack: Stack;
  let url: string;
  beforeAll(async () => ({ stack, url } = await pushStack(60_000, { webhookDebounceMs: 0 })));
  afterAll(() => stack.close());

  it('is refused a day after it was minted (the clock moved on), and taken before', async () => {
    const job = await generate(stack);
    const hook = kreaWebhookUrlOf(stack, job.providerId);
    const watching = await openWatch(url, job.id);
    const body = { job_id: job.providerId, status: 'completed' };
    stack.services.webhooks!.now = () => Date.now() + KREA_WEBHOOK_TOKEN_TTL_MS + 60_000;
    try {
      expect(await deliver(hook, body)).toEqual({ status: 410, outcome: 'expired' });
    } finally {
      stack.services.webhooks!.now = undefined;
    }
    expect(await deliver(hook, body)).toEqual({ status: 202, outcome: 'accepted' });
    await until(() => gets(stack, job.providerId) === 2, 'the poll the delivery asked for');
    await watching.close();
  });

  it('names only the jobs its POST started: another job, even the same tenant’s, is refused', async () => {
    const mine = await generate(stack);
    const other = await generate(stack);
    const watching = await openWatch(url, other.id);
    const mineHook = kreaWebhookUrlOf(stack, mine.providerId);
    const otherHook = kreaWebhookUrlOf(stack, other.providerId);
    expect(await deliver(mineHook, { job_id: other.providerId, status: 'completed' })).toEqual({
      status: 403,
      outcome: 'wrong-job',
    });
    expect(await deliver(mineHook, { job_id: randomUUID(), status: 'completed' })).toEqual({
      status: 403,
      outcome: 'wrong-job',
    });
    // The refused ones asked for no poll: only the genuine delivery's shows.
    expect(await deliver(otherHook, { job_id: other.providerId, status: 'completed' })).toMatchObject({ status: 202 });
    await until(() => gets(stack, other.providerId) >= 2, 'the poll the genuine delivery asked for');
    expect(gets(stack, other.providerId)).toBe(2);
    await watching.close();

    // A node app's jobs are bound to the token its POST carried, as a generation's are.
    const app = stack.sandbox.tenants[0]!.data.kreaNodeApps[1]!;
    const executed = await stack.query<{ executeKreaNodeApp: { jobs: Array<{ providerId: string }> } }>(
      'mutation($id: String!, $input: JSON!) { executeKreaNodeApp(id: $id, input: $input) { jobs { providerId } } }',
      { id: app.id, input: { image_url: 'https://example.com/a.png', factor: 2, mode: 'fast' } },
    );
    const ran = executed.data!.executeKreaNodeApp.jobs[0]!.providerId;
    const appHook = kreaWebhookUrlOf(stack, ran);
    expect(await deliver(appHook, { job_id: ran, status: 'completed' })).toMatchObject({ status: 202 });
    expect(await deliver(appHook, { job_id: other.providerId, status: 'failed' })).toMatchObject({ status: 403 });
  });
});

describe('the request log', () => {
  it('shows no token in the path of a webhook delivery, taken or refused', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const { stack } = await pushStack(60_000, { gateway: { logger: createLogger('trace', destination) } });
    try {
      const job = await generate(stack);
      const hook = kreaWebhookUrlOf(stack, job.providerId);
      const token = hook.split('/').pop()!;
      expect(await deliver(hook, { job_id: job.providerId, status: 'completed' })).toMatchObject({ status: 202 });
      expect(await deliver(`${hook.slice(0, -3)}xyz`, { job_id: job.providerId })).toMatchObject({ status: 401 });
      const logged = lines.map((line) => JSON.parse(line) as { path?: string; status?: number });
      const paths = logged.filter((line) => line.path?.startsWith('/webhooks/')).map((l) => `${l.status} ${l.path}`);
      expect(paths).toEqual(['202 /webhooks/krea/[redacted]', '401 /webhooks/krea/[redacted]']);
      const nonce = token.split('.')[0]!;
      expect(lines.filter((line) => line.includes(nonce))).toEqual([]);
    } finally {
      await stack.close();
    }
  });
});

describe('replicas sharing one Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => (redis = await startRedis()));
  afterAll(() => redis.stop());

  it('know on every replica which job a token was bound to, and Redis holds no token', async () => {
    const { stack: first } = await pushStack(60_000, { redisUrl: redis.url });
    const second = await startStack({
      sharedSandbox: first.sandbox,
      redisUrl: redis.url,
      webhooks: { publicUrl: 'http://pending.invalid', secret: WEBHOOK_SECRET },
    });
    const inspect = new Redis(redis.url);
    try {
      const secondOrigin = new URL(await second.listen()).origin;
      await until(() => first.services.shared!.up && second.services.shared!.up, 'both replicas to reach Redis');
      const job = await generate(first);
      const other = await generate(first);
      // Minted and bound on the first replica; a load balancer hands the delivery to the second.
      const token = kreaWebhookUrlOf(first, job.providerId).split('/').pop()!;
      const onSecond = `${secondOrigin}/webhooks/krea/${token}`;
      expect(await deliver(onSecond, { job_id: other.providerId, status: 'completed' })).toEqual({
        status: 403,
        outcome: 'wrong-job',
      });
      expect(await deliver(onSecond, { job_id: job.providerId, status: 'completed' })).toEqual({
        status: 202,
        outcome: 'accepted',
      });
      // The first replica knows the second took it.
      const onFirst = kreaWebhookUrlOf(first, job.providerId);
      expect(await deliver(onFirst, { job_id: job.providerId, status: 'completed' })).toEqual({
        status: 200,
        outcome: 'duplicate',
      });
      const nonce = token.split('.')[0]!;
      const keys = await inspect.keys('mediagraph:*');
      const values = await Promise.all(
        keys.map(async (key) => ((await inspect.type(key)) === 'string' ? ((await inspect.get(key)) ?? '') : '')),
      );
      expect(keys.some((key) => key.startsWith('mediagraph:krea-hook:'))).toBe(true);
      expect([...keys, ...values].filter((text) => text.includes(nonce) || text.includes(token))).toEqual([]);
    } finally {
      inspect.disconnect();
      await second.close();
      await first.close();
    }
  });
});
