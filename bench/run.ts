/**
 * `npm run bench`: load scenarios on loopback, never part of `npm test`.
 *
 * The sandbox providers and the gateway run as child processes (pinned to
 * CPU 0 with taskset where available); autocannon runs here (pinned to CPU 1
 * when this script was started that way). Each scenario gets a discarded
 * warm-up, then BENCH_RUNS measured runs of BENCH_DURATION seconds; the table
 * shows medians, the JSON under bench/results/ keeps every run.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { pngOfSize, postMultipart } from '../test/helpers/multipart.js';
import { KREA_MAX_UPLOAD_BYTES } from '../src/uploads/media.js';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const latencyMs = Number(process.env.BENCH_UPSTREAM_LATENCY_MS ?? 0);
const root = new URL('..', import.meta.url).pathname;
const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

function launch(
  script: string,
  env: Record<string, string>,
  nodeFlags: string[] = [],
): Promise<{ child: ChildProcess; ready: string }> {
  const command = [process.execPath, ...nodeFlags, '--import', 'tsx', script];
  const [file, ...args] = hasTaskset ? ['taskset', '-c', '0', ...command] : command;
  const child = spawn(file!, args, { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/listening on|Argil sandbox/.test(out)) resolve({ child, ready: out });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${out}`)));
  });
}

interface Scenario {
  name: string;
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

function graphql(name: string, base: string, query: string, variables?: unknown): Scenario {
  return {
    name,
    url: `${base}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  };
}

async function measure(scenario: Scenario, seconds: number) {
  const result = await autocannon({
    url: scenario.url,
    method: scenario.method,
    headers: scenario.headers,
    body: scenario.body,
    connections,
    duration: seconds,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/**
 * Peak RSS of the gateway while it streams a 75 MB upload, over its idle RSS.
 * Linux only: VmHWM after resetting it through /proc/<pid>/clear_refs.
 */
async function measureUploadRss(pid: number, url: string) {
  const kb = (field: string) => {
    const match = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return Number(match?.[1] ?? NaN);
  };
  const query = 'mutation($f: File!) { uploadKreaAsset(input: { file: $f }) { asset { id sizeBytes } } }';
  const send = (bytes: number) =>
    postMultipart(
      url,
      { query, variables: { f: null } },
      { 0: { paths: ['variables.f'], file: pngOfSize(bytes, 'zeros') } },
    );
  await send(1_000_000);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const idle = kb('VmRSS');
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const started = performance.now();
  const response = await send(KREA_MAX_UPLOAD_BYTES);
  const ms = performance.now() - started;
  if (response.body.errors) throw new Error(`the upload failed: ${JSON.stringify(response.body.errors)}`);
  const peak = kb('VmHWM');
  return { idleMB: idle / 1024, peakMB: peak / 1024, riseMB: (peak - idle) / 1024, ms: Math.round(ms) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main() {
  const sandbox = await launch('src/sandbox/main.ts', {
    SANDBOX_KREA_PORT: '4120',
    SANDBOX_ARGIL_PORT: '4121',
    SANDBOX_KREA_ASSETS: '2000',
    SANDBOX_LATENCY_MS: String(latencyMs),
    SANDBOX_STEP_MS: '0',
  });
  // The same node flags as `npm start`.
  const gateway = await launch(
    'src/main.ts',
    {
      PORT: '4130',
      KREA_BASE_URL: 'http://127.0.0.1:4120',
      ARGIL_BASE_URL: 'http://127.0.0.1:4121/v1',
      KREA_API_KEY: 'sandbox-krea-key',
      ARGIL_API_KEY: 'sandbox-argil-key',
    },
    (process.env.BENCH_GATEWAY_NODE_FLAGS ?? '--expose-gc').split(' ').filter(Boolean),
  );
  const base = 'http://127.0.0.1:4130';
  try {
    // First, in a fresh process: later load grows the heap, and a grown heap hides the upload's own cost.
    const upload = await measureUploadRss(gateway.child.pid!, `${base}/graphql`);
    console.log(
      `75 MB upload: ${upload.ms} ms, gateway RSS idle ${upload.idleMB.toFixed(1)} MB, peak ${upload.peakMB.toFixed(1)} MB, rise ${upload.riseMB.toFixed(1)} MB (target < 32 MB)`,
    );
    const listing = await fetch('http://127.0.0.1:4120/assets?limit=1000', {
      headers: { authorization: 'Bearer sandbox-krea-key' },
    });
    const ids = ((await listing.json()) as { items: { id: string }[] }).items
      .slice(0, 100)
      .map((item) => Buffer.from(`KreaAsset:${item.id}`).toString('base64'));
    const scenarios: Scenario[] = [
      graphql(
        'kreaAssets(first: 20)',
        base,
        '{ kreaAssets(first: 20) { nodes { id url createdAt width height sizeBytes mimeType description } } }',
      ),
      graphql('argilAssets(first: 20)', base, '{ argilAssets(first: 20) { totalCount nodes { id name type url } } }'),
      graphql('nodes(100 Krea ids)', base, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids }),
      {
        name: 'floor: GET /assets?limit=21 direct',
        url: 'http://127.0.0.1:4120/assets?limit=21',
        method: 'GET',
        headers: { authorization: 'Bearer sandbox-krea-key' },
      },
    ];
    const results = [];
    for (const scenario of scenarios) {
      await measure(scenario, Math.min(3, duration));
      const samples = [];
      for (let i = 0; i < runs; i++) samples.push(await measure(scenario, duration));
      results.push({
        scenario: scenario.name,
        requestsPerSecond: median(samples.map((s) => s.requestsPerSecond)),
        p50: median(samples.map((s) => s.p50)),
        p99: median(samples.map((s) => s.p99)),
        samples,
      });
    }
    console.table(
      results.map((r) => ({ scenario: r.scenario, 'req/s': Math.round(r.requestsPerSecond), p50: r.p50, p99: r.p99 })),
    );
    mkdirSync(new URL('results/', import.meta.url), { recursive: true });
    const file = new URL(`results/${new Date().toISOString().replace(/[:.]/g, '-')}.json`, import.meta.url);
    const meta = { date: new Date().toISOString(), duration, runs, connections, latencyMs, pinned: hasTaskset };
    writeFileSync(file, `${JSON.stringify({ ...meta, results, upload }, null, 2)}\n`);
    console.log(`wrote ${file.pathname}`);
  } finally {
    gateway.child.kill('SIGTERM');
    sandbox.child.kill('SIGTERM');
  }
}

await main();
