import { createClient } from 'graphql-sse';
import type { Client, ExecutionResult } from 'graphql-sse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const JOB_UPDATES = 'subscription($id: ID!) { kreaJobUpdates(id: $id) { providerId status isTerminal } }';
const ASSET_UPDATES =
  'subscription($id: ID!) { assetUpdates(id: $id) { __typename providerId status ... on ArgilAsset { url } } }';

type Event = ExecutionResult<Record<string, { status: string; isTerminal?: boolean; providerId: string }>>;

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function next(iterator: AsyncIterator<Event>): Promise<Event | undefined> {
  const result = await iterator.next();
  return result.done ? undefined : result.value;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1_500; i++) {
    if (condition()) return;
    await sleep(10);
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('subscriptions over SSE', () => {
  let stack: Stack;
  let client: Client;

  // A fresh sandbox per test: time passes in it (advance()), and tests pick objects by status.
  beforeEach(async () => {
    stack = await startStack({
      sandbox: { kreaAssets: 5, argilAssets: 60, kreaJobs: 40 },
      maxSubscriptionsPerClient: 12,
    });
    client = createClient({ url: await stack.listen(), retryAttempts: 0 });
  });
  afterEach(async () => {
    client.dispose();
    await stack.close();
  });

  const jobsIn = (status: string) => stack.sandbox.tenants[0]!.data.kreaJobs.filter((job) => job.status === status);
  const subscribe = (query: string, id: string) =>
    client.iterate<Event['data']>({ query, variables: { id } }) as AsyncIterableIterator<Event>;

  it('emits every status of a job in order, then ends after the terminal one', async () => {
    const job = jobsIn('backlogged').find((j) => parseInt(j.job_id[0]!, 16) % 4 !== 0)!;
    const events = subscribe(JOB_UPDATES, gid('KreaJob', job.job_id));
    const statuses: string[] = [];
    for (let event = await next(events); event; event = await next(events)) {
      expect(event.errors).toBeUndefined();
      statuses.push(event.data!.kreaJobUpdates!.status);
      stack.sandbox.advance();
    }
    expect(statuses).toEqual([
      'BACKLOGGED',
      'QUEUED',
      'SCHEDULED',
      'PROCESSING',
      'SAMPLING',
      'INTERMEDIATE_COMPLETE',
      'COMPLETED',
    ]);
    await until(() => stack.services.live.activePollers === 0, 'the poller to stop');
  });

  it('serves ten subscribers of one job with one poller', async () => {
    const slow = await startStack({ sandbox: { kreaJobs: 40 }, pollIntervalMs: 1_000, pollMaxIntervalMs: 1_000 });
    const slowClient = createClient({ url: await slow.listen(), retryAttempts: 0 });
    try {
      const job = slow.sandbox.tenants[0]!.data.kreaJobs.find((j) => j.status === 'queued')!;
      const iterators = Array.from(
        { length: 10 },
        () =>
          slowClient.iterate({
            query: JOB_UPDATES,
            variables: { id: gid('KreaJob', job.job_id) },
          }) as AsyncIterableIterator<Event>,
      );
      const first = await Promise.all(iterators.map(next));
      expect(first.map((event) => event!.data!.kreaJobUpdates!.status)).toEqual(Array(10).fill('QUEUED'));
      expect(slow.services.live.activePollers).toBe(1);
      // One poller: one call per poll, whatever the number of subscribers. How
      // many polls fit in the time the ten took to arrive depends on the
      // machine, so the count is held against the subscribers, not the clock.
      const polls = () => slow.sandbox.controls.count('krea', 'GET', `/jobs/${job.job_id}`);
      expect(polls()).toBeLessThan(10);
      slow.sandbox.advance();
      const second = await Promise.all(iterators.map(next));
      expect(second.map((event) => event!.data!.kreaJobUpdates!.status)).toEqual(Array(10).fill('SCHEDULED'));
      expect(slow.services.live.activePollers).toBe(1);
      expect(polls()).toBeLessThan(10);
      await Promise.all(iterators.map((iterator) => iterator.return?.()));
    } finally {
      slowClient.dispose();
      await slow.close();
    }
  });

  it('stops polling when the last subscriber disconnects, not before', async () => {
    const job = jobsIn('scheduled')[0]!;
    const path = `/jobs/${job.job_id}`;
    const a = subscribe(JOB_UPDATES, gid('KreaJob', job.job_id));
    const b = subscribe(JOB_UPDATES, gid('KreaJob', job.job_id));
    await Promise.all([next(a), next(b)]);
    await a.return?.();
    const before = stack.sandbox.controls.count('krea', 'GET', path);
    await until(() => stack.sandbox.controls.count('krea', 'GET', path) > before + 1, 'polling to go on for b');
    expect(stack.services.live.activePollers).toBe(1);
    await b.return?.();
    await until(() => stack.services.live.activePollers === 0, 'the poller to stop');
    const stopped = stack.sandbox.controls.count('krea', 'GET', path);
    // A witness on another job: while its poller takes several turns (each at
    // least one interval), the stopped one must take none.
    const witness = jobsIn('scheduled')[1]!;
    const witnessPath = `/jobs/${witness.job_id}`;
    const c = subscribe(JOB_UPDATES, gid('KreaJob', witness.job_id));
    await next(c);
    const turns = stack.sandbox.controls.count('krea', 'GET', witnessPath);
    await until(() => stack.sandbox.controls.count('krea', 'GET', witnessPath) >= turns + 5, 'the witness to poll');
    expect(stack.sandbox.controls.count('krea', 'GET', path)).toBe(stopped);
    await c.return?.();
  });

  it('ends the stream with the error when polling fails', async () => {
    const job = jobsIn('processing')[0]!;
    const events = subscribe(JOB_UPDATES, gid('KreaJob', job.job_id));
    expect((await next(events))!.data!.kreaJobUpdates!.status).toBe('PROCESSING');
    stack.sandbox.controls.injectFault({
      provider: 'krea',
      path: `/jobs/${job.job_id}`,
      kind: 'status',
      status: 500,
      times: 50,
    });
    const failed = await next(events);
    expect(failed!.errors!.map((error) => error.extensions)).toEqual([
      { code: 'UPSTREAM_UNAVAILABLE', provider: 'KREA' },
    ]);
    expect(await next(events)).toBeUndefined();
    await until(() => stack.services.live.activePollers === 0, 'the poller to stop');
  });

  it('gives one event for a Krea asset (READY at once), then ends', async () => {
    const asset = stack.sandbox.tenants[0]!.data.kreaAssets[0]!;
    const events = subscribe(ASSET_UPDATES, gid('KreaAsset', asset.id));
    const event = await next(events);
    expect(event!.data!.assetUpdates).toMatchObject({ __typename: 'KreaAsset', status: 'READY', providerId: asset.id });
    expect(await next(events)).toBeUndefined();
  });

  it('follows a PROCESSING Argil asset until it is READY or FAILED', async () => {
    const asset = stack.sandbox.tenants[0]!.data.argilAssets.find((a) => a.status === 'PROCESSING')!;
    const events = subscribe(ASSET_UPDATES, gid('ArgilAsset', asset.id));
    expect((await next(events))!.data!.assetUpdates).toMatchObject({ status: 'PROCESSING', url: null });
    stack.sandbox.advance();
    stack.sandbox.advance();
    const done = await next(events);
    expect(['READY', 'FAILED']).toContain(done!.data!.assetUpdates!.status);
    expect(await next(events)).toBeUndefined();
  });

  it('answers NOT_FOUND for an unknown job and BAD_USER_INPUT for an id of the wrong type', async () => {
    const unknown = subscribe(JOB_UPDATES, gid('KreaJob', '00000000-0000-4000-8000-000000000000'));
    expect((await next(unknown))!.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', provider: 'KREA' });
    const wrongType = subscribe(JOB_UPDATES, gid('KreaAsset', '00000000-0000-4000-8000-000000000000'));
    expect((await next(wrongType))!.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(stack.sandbox.controls.count('krea', 'GET', '/assets/00000000-0000-4000-8000-000000000000')).toBe(0);
  });

  it('caps the open subscriptions of one client', async () => {
    const jobs = jobsIn('backlogged').concat(jobsIn('queued'));
    const open = Array.from({ length: 12 }, (_, i) =>
      subscribe(JOB_UPDATES, gid('KreaJob', jobs[i % jobs.length]!.job_id)),
    );
    await Promise.all(open.map(next));
    const refused = subscribe(JOB_UPDATES, gid('KreaJob', jobs[0]!.job_id));
    expect((await next(refused))!.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    await Promise.all(open.map((iterator) => iterator.return?.()));
    await until(() => stack.services.live.openSubscriptions === 0, 'the subscriptions to close');
    const again = subscribe(JOB_UPDATES, gid('KreaJob', jobs[0]!.job_id));
    expect((await next(again))!.errors).toBeUndefined();
    await again.return?.();
  });
});
