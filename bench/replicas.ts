/**
 * The bench's replica scenarios (README, "Benchmarks"): three gateway
 * replicas in this process with one real redis-server and the sandbox, as
 * test/e2e/replicas.test.ts runs them.
 *  - webhook → subscriber: a job started on replica 1 and watched on
 *    replica 3 (poll interval one minute); time from the sandbox's delivery
 *    of Krea's webhook to the subscriber's terminal event, p50/p99.
 *  - budget across replicas: 600 distinct upstream reads spread over the
 *    three, UPSTREAM_CONCURRENCY 8, 20 ms upstream: the peak the provider
 *    sees and the throughput, with Redis and without.
 */
import { createClient } from 'graphql-sse';
import { startRedis } from '../test/helpers/redis.js';
import { startStack } from '../test/helpers/stack.js';
import type { Stack } from '../test/helpers/stack.js';

export interface ReplicaResults {
  webhookToSubscriber: { runs: number; p50: number; p99: number };
  budget: Array<{ redis: boolean; peakInFlight: number; limit: number; requestsPerSecond: number }>;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

async function replicasOf(
  redisUrl: string | undefined,
  concurrency: number,
): Promise<{ stacks: Stack[]; urls: string[] }> {
  const common = {
    redisUrl,
    pollIntervalMs: 60_000,
    pollMaxIntervalMs: 60_000,
    upstreamConcurrency: concurrency,
    webhooks: { publicUrl: 'http://pending.invalid', secret: 'a-bench-secret-of-length' },
  };
  const first = await startStack({
    ...common,
    sandbox: { kreaAssets: 700, kreaJobs: 5, argilAssets: 5, argilVideos: 5 },
  });
  const stacks = [
    first,
    ...(await Promise.all([1, 2].map(() => startStack({ ...common, sharedSandbox: first.sandbox })))),
  ];
  const urls = await Promise.all(stacks.map((stack) => stack.listen()));
  for (const stack of stacks) stack.services.webhooks!.publicUrl = new URL(urls[0]!).origin;
  for (const stack of stacks) {
    for (let i = 0; i < 1_000 && redisUrl && !stack.services.shared!.up; i++)
      await new Promise((r) => setTimeout(r, 10));
  }
  return { stacks, urls };
}

async function webhookLatency(stacks: Stack[], urls: string[], runs: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = await stacks[0]!.query<{ generateKreaImage: { job: { id: string } } }>(
      'mutation { generateKreaImage(input: { bflFlux1Dev: { prompt: "bench" } }) { job { id } } }',
    );
    const id = started.data!.generateKreaImage.job.id;
    const client = createClient({ url: urls[2]!, retryAttempts: 0 });
    let deliveredAt = 0;
    try {
      for await (const event of client.iterate<{ jobUpdates: { state: string } }>({
        query: 'subscription($id: ID!) { jobUpdates(id: $id) { state } }',
        variables: { id },
      })) {
        if (event.data!.jobUpdates.state === 'SUCCEEDED') latencies.push(performance.now() - deliveredAt);
        else if (deliveredAt === 0) {
          // The last steps complete the job; the sandbox then POSTs the webhook.
          for (let i = 0; i < 8; i++) stacks[0]!.sandbox.advance();
          deliveredAt = performance.now();
        }
      }
    } finally {
      client.dispose();
    }
  }
  return latencies.sort((a, b) => a - b);
}

async function budget(stacks: Stack[]): Promise<{ peak: number; requestsPerSecond: number }> {
  const sandbox = stacks[0]!.sandbox;
  sandbox.controls.latencyMs = 20;
  sandbox.controls.resetCalls();
  const ids = sandbox.tenants[0]!.data.kreaAssets.slice(0, 600).map((asset) => asset.id);
  const started = performance.now();
  await Promise.all(
    ids.map((id, i) => stacks[i % stacks.length]!.query('query($id: UUID!) { kreaAsset(id: $id) { id } }', { id })),
  );
  const seconds = (performance.now() - started) / 1000;
  sandbox.controls.latencyMs = 0;
  return { peak: sandbox.controls.peakInFlight.krea, requestsPerSecond: ids.length / seconds };
}

export async function runReplicaScenarios(runs = 50): Promise<ReplicaResults> {
  const redis = await startRedis();
  const limit = 8;
  const results: ReplicaResults = { webhookToSubscriber: { runs, p50: 0, p99: 0 }, budget: [] };
  try {
    const shared = await replicasOf(redis.url, limit);
    try {
      const latencies = await webhookLatency(shared.stacks, shared.urls, runs);
      results.webhookToSubscriber = { runs, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
      const withRedis = await budget(shared.stacks);
      results.budget.push({
        redis: true,
        peakInFlight: withRedis.peak,
        limit,
        requestsPerSecond: withRedis.requestsPerSecond,
      });
    } finally {
      for (const stack of shared.stacks.reverse()) await stack.close();
    }
    const alone = await replicasOf(undefined, limit);
    try {
      const without = await budget(alone.stacks);
      results.budget.push({
        redis: false,
        peakInFlight: without.peak,
        limit,
        requestsPerSecond: without.requestsPerSecond,
      });
    } finally {
      for (const stack of alone.stacks.reverse()) await stack.close();
    }
  } finally {
    await redis.stop();
  }
  return results;
}

export function replicaTable(results: ReplicaResults): string[] {
  const { webhookToSubscriber: w } = results;
  return [
    '| replicas (3, one Redis) | result |',
    '|---|---|',
    `| Krea webhook on replica 1 → subscriber on replica 3 (${w.runs} runs) | p50 ${w.p50.toFixed(1)} ms, p99 ${w.p99.toFixed(1)} ms (target p99 ≤ 100) |`,
    ...results.budget.map(
      (b) =>
        `| 600 reads over 3 replicas, budget ${b.limit}, 20 ms upstream, ${b.redis ? 'with' : 'without'} Redis | peak ${b.peakInFlight} at the provider, ${Math.round(b.requestsPerSecond)} req/s |`,
    ),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await runReplicaScenarios(Number(process.env.BENCH_WEBHOOK_RUNS ?? 50));
  console.log(replicaTable(results).join('\n'));
}
