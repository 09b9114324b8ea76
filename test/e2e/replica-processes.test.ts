/**
 * Three gateway processes (`src/main.ts` as `npm start` runs it, here
 * through tsx), one real Redis, the sandbox in this process (issue 14): a
 * webhook taken by process 1 reaches a subscriber on process 3; ten
 * subscribers over the three cause one poller; an idempotency key used on
 * all three sends one POST; the budget holds across them; and killing the
 * process that holds a poller lease moves it to another.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createClient } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { DEFAULT_TENANT } from '../../src/sandbox/tenants.js';
import { freePort, graphqlData as graphql } from '../helpers/http.js';
import { startRedis } from '../helpers/redis.js';
import type { RedisServer } from '../helpers/redis.js';

const root = new URL('../..', import.meta.url).pathname;
let redis: RedisServer;
let sandbox: Sandbox;
const children: ChildProcessWithoutNullStreams[] = [];
const urls: string[] = [];

function startGateway(port: number, publicUrl: string): Promise<ChildProcessWithoutNullStreams> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(KREA|ARGIL|SANDBOX|PORT|HOST|GATEWAY|REDIS|PUBLIC|WEBHOOK)/.test(key),
    ),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      ...clean,
      PORT: String(port),
      LOG_LEVEL: 'silent',
      SANDBOX: '0',
      KREA_BASE_URL: sandbox.kreaUrl,
      ARGIL_BASE_URL: sandbox.argilUrl,
      KREA_API_KEY: DEFAULT_TENANT.kreaKey,
      ARGIL_API_KEY: DEFAULT_TENANT.argilKey,
      REDIS_URL: redis.url,
      PUBLIC_URL: publicUrl,
      WEBHOOK_SECRET: 'a-webhook-secret-for-processes',
      POLL_INTERVAL_MS: '60000',
      POLL_MAX_INTERVAL_MS: '60000',
      UPSTREAM_CONCURRENCY: '4',
      SHUTDOWN_GRACE_MS: '0',
    },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('listening on')) resolve(child);
    });
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', () => reject(new Error(`gateway exited: ${out}`)));
  });
}

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(url.replace('/graphql', '/metrics'))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : Number.NaN;
}

beforeAll(async () => {
  redis = await startRedis();
  sandbox = await startSandbox({ kreaAssets: 80, kreaJobs: 3, argilAssets: 3, argilVideos: 3 });
  const ports = [await freePort(), await freePort(), await freePort(), await freePort()];
  const publicUrl = `http://127.0.0.1:${ports[0]}`;
  children.push(...(await Promise.all(ports.map((port) => startGateway(port, publicUrl)))));
  urls.push(...ports.map((port) => `http://127.0.0.1:${port}/graphql`));
  for (const url of urls) {
    for (let i = 0; i < 500 && (await metric(url, 'mediagraph_redis_up')) !== 1; i++)
      await new Promise((r) => setTimeout(r, 20));
  }
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await sandbox?.close();
  await redis?.stop();
});

const GENERATE =
  'mutation($key: String) { generateKreaImage(input: { bflFlux1Dev: { prompt: "processes" } }, idempotencyKey: $key) { job { id providerId } } }';
type Generated = { generateKreaImage: { job: { id: string; providerId: string } } };

function watch(url: string, id: string) {
  const client = createClient({ url, retryAttempts: 0 });
  const states: string[] = [];
  let arrived!: () => void;
  const first = new Promise<void>((resolve) => (arrived = resolve));
  const done = (async () => {
    for await (const event of client.iterate<{ jobUpdates: { state: string } }>({
      query: 'subscription($id: ID!) { jobUpdates(id: $id) { state } }',
      variables: { id },
    })) {
      states.push(event.data!.jobUpdates.state);
      arrived();
    }
  })().catch((error: unknown) => {
    // A stream from a process that was killed ends with a network error: recorded, not thrown.
    states.push(`error: ${String(error)}`);
  });
  return { states, first, done, dispose: () => client.dispose() };
}

describe('three gateway processes, one Redis', () => {
  it('delivers a webhook taken by process 1 to ten subscribers over processes 1-3, from one poller', async () => {
    const job = (await graphql<Generated>(urls[0]!, GENERATE)).generateKreaImage.job;
    sandbox.controls.resetCalls();
    const subscriptions = Array.from({ length: 10 }, (_, i) => watch(urls[i % 3]!, job.id));
    try {
      await Promise.all(subscriptions.map((s) => s.first));
      const leading = await Promise.all(urls.slice(0, 3).map((url) => metric(url, 'mediagraph_pollers_leading')));
      expect(leading.reduce((a, b) => a + b, 0)).toBe(1);
      for (let i = 0; i < 8; i++) sandbox.advance();
      await Promise.all(subscriptions.map((s) => s.done));
      expect(subscriptions.map((s) => s.states.at(-1))).toEqual(Array(10).fill('SUCCEEDED'));
      expect(sandbox.controls.count('krea', 'GET', `/jobs/${job.providerId}`)).toBe(2);
      await sandbox.webhooks.settle();
      expect(new URL(sandbox.webhooks.sent.at(-1)!.url).origin).toBe(new URL(urls[0]!).origin);
    } finally {
      subscriptions.forEach((s) => s.dispose());
    }
  });

  it('sends one POST for one idempotency key used on three processes at once', async () => {
    sandbox.controls.resetCalls();
    const answers = await Promise.all(
      urls.slice(0, 3).map((url) => graphql<Generated>(url, GENERATE, { key: 'processes-1' })),
    );
    expect(new Set(answers.map((a) => a.generateKreaImage.job.providerId)).size).toBe(1);
    expect(sandbox.controls.count('krea', 'POST')).toBe(1);
  });

  it('never lets the provider see more than UPSTREAM_CONCURRENCY calls of one credential from the three', async () => {
    sandbox.controls.latencyMs = 20;
    sandbox.controls.resetCalls();
    try {
      const ids = sandbox.tenants[0]!.data.kreaAssets.slice(0, 60).map((asset) => asset.id);
      await Promise.all(
        ids.map((id, i) => graphql(urls[i % 3]!, 'query($id: UUID!) { kreaAsset(id: $id) { id } }', { id })),
      );
      expect(sandbox.controls.count('krea', 'GET')).toBe(60);
      expect(sandbox.controls.peakInFlight.krea).toBeLessThanOrEqual(4);
    } finally {
      sandbox.controls.latencyMs = 0;
    }
  });

  it('moves a poller lease to another process when its holder is killed', async () => {
    const job = (await graphql<Generated>(urls[3]!, GENERATE)).generateKreaImage.job;
    const holder = watch(urls[3]!, job.id);
    await holder.first;
    const follower = watch(urls[1]!, job.id);
    await follower.first;
    try {
      expect(await metric(urls[3]!, 'mediagraph_pollers_leading')).toBe(1);
      children[3]!.kill('SIGKILL');
      let moved = false;
      for (let i = 0; i < 150 && !moved; i++) {
        await new Promise((r) => setTimeout(r, 100));
        moved = (await metric(urls[1]!, 'mediagraph_pollers_leading')) === 1;
      }
      expect(moved).toBe(true);
    } finally {
      holder.dispose();
      follower.dispose();
    }
  });
});
