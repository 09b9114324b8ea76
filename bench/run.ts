/**
 * `npm run bench`: mediagraph under load on loopback, side by side with the
 * floor (the same REST call straight to the upstream) and the peer (the
 * GraphQL Mesh gateway generated from the same OpenAPI documents, from
 * ../shared/peer), against two upstreams:
 *  - fixed: ../shared/peer's fixed-response upstream (zero latency: the
 *    gateways' own cost shows);
 *  - sandbox20: mediagraph's sandbox with 20 ms latency (concurrency and
 *    batching show).
 * Servers run pinned to CPU 0, this load generator to CPU 1 (taskset).
 * Each scenario: preflight, warm-up discarded, BENCH_RUNS runs of
 * BENCH_DURATION s, medians. Reports req/s, p50, p99, upstream calls per
 * operation and peak RSS; a table on stdout, JSON in bench/results/.
 * Never part of `npm test`.
 */
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { KREA_MAX_UPLOAD_BYTES } from '../src/providers/krea/uploads/media.js';
import { pngOfSize, postMultipart } from '../test/helpers/multipart.js';
import { measure } from './lib/load.js';
import { replicaTable, runReplicaScenarios } from './replicas.js';
import { openSubscriptions } from './subscriptions.js';
import type { SubscriptionsResult } from './subscriptions.js';
import type { LoadOptions, Scenario } from './lib/load.js';
import {
  hasTaskset,
  memoryMB,
  npmStartArgs,
  pinLoadGenerator,
  resetPeak,
  startServer,
  stopAll,
  stopServer,
} from './lib/processes.js';
import type { Server } from './lib/processes.js';

const root = resolve(new URL('..', import.meta.url).pathname);
const load: LoadOptions = {
  durationSeconds: Number(process.env.BENCH_DURATION ?? 10),
  warmupSeconds: Number(process.env.BENCH_WARMUP ?? 3),
  runs: Number(process.env.BENCH_RUNS ?? 3),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 16),
};
const peerSource = resolve(root, process.env.PEER_DIR ?? '../shared/peer');
/** BENCH_ONLY=<regex> measures only the matching "<upstream> <scenario>" rows. */
const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
const wanted = (upstream: string, scenario: string) => !only || only.test(`${upstream} ${scenario}`);
const peerInstall = join(root, 'bench/.peer');
const node = process.execPath;
/**
 * What `npm start` runs after its prestart build (package.json), so the bench
 * measures what users run; BENCH_NODE_FLAGS adds node flags in front.
 */
function startCommand(): string[] {
  const build = spawnSync('npm', ['run', '-s', 'prestart'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run prestart failed');
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  return [node, ...flags, ...npmStartArgs(root)];
}
const json = { 'content-type': 'application/json', accept: 'application/json' };
const FIELDS = 'id url createdAt width height sizeBytes mimeType description';
const PEER_FIELDS = 'id image_url uploaded_at width height size_bytes mime_type description';

interface Upstream {
  name: 'fixed' | 'sandbox20';
  krea: string;
  argil: string;
  kreaKey: string;
  argilKey: string;
}

interface Row {
  upstream: string;
  scenario: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  upstreamCallsPerOp: number | null;
  peakRssMB: number | null;
  failures: number;
}

/** ../shared/peer is read-only: a copy with the peer's own lock files installed (mesh + tools only). */
function preparePeer(): boolean {
  if (!existsSync(join(peerSource, 'mesh/gateway.mjs'))) return false;
  if (!existsSync(join(peerInstall, 'mesh/node_modules'))) {
    cpSync(peerSource, peerInstall, { recursive: true });
    for (const dir of ['tools', 'mesh']) {
      const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
        cwd: join(peerInstall, dir),
        stdio: 'inherit',
      });
      if (result.status !== 0) return false;
    }
  }
  return true;
}

/**
 * Tailcall, the Rust peer (../shared/peer/tailcall): its npm package's binary,
 * installed from the peer's lock file into the copy, run through the newer
 * glibc its glibc.sh unpacks where the system's is too old. False (and the
 * rows left out) when either step fails.
 */
function prepareTailcall(): boolean {
  const dir = join(peerInstall, 'tailcall');
  if (!existsSync(join(dir, 'tailcall.yml'))) return false;
  if (!existsSync(join(dir, TAILCALL_BIN))) {
    const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      stdio: 'inherit',
    });
    if (install.status !== 0) return false;
  }
  // Unpacked by an earlier run: what glibc.sh would find and leave.
  if (existsSync(join(dir, 'glibc/ld-linux-x86-64.so.2'))) return true;
  // Its apt download can fail on a flaky mirror, and its first line (`ldd --version | head -1`
  // under pipefail) can fail silently when ldd is cut off by head on a busy machine: a few tries.
  const glibc = () => spawnSync('bash', ['glibc.sh'], { cwd: dir, stdio: 'inherit' }).status === 0;
  return glibc() || glibc() || glibc() || glibc();
}

const TAILCALL_BIN = 'node_modules/@tailcallhq/core-linux-x64-gnu/bin/tailcall';

/** The command run-gateway.sh starts Tailcall with (through glibc/ when glibc.sh put one there). */
function tailcallCommand(config: string): string[] {
  const loader = join(peerInstall, 'tailcall/glibc/ld-linux-x86-64.so.2');
  const binary = [TAILCALL_BIN, 'start', config];
  return existsSync(loader) ? ['glibc/ld-linux-x86-64.so.2', '--library-path', 'glibc', ...binary] : binary;
}

/** Sums a counter over its label sets, from the gateway's /metrics. */
async function counter(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(`${name}{`)) sum += Number(line.split(' ').pop());
  return sum;
}

async function gatewayRow(
  upstream: string,
  scenario: Scenario,
  gateway: Server,
  base: string,
): Promise<Row | undefined> {
  if (!wanted(upstream, scenario.name)) return undefined;
  const [calls0, ops0] = [
    await counter(base, 'mediagraph_upstream_calls_total'),
    await counter(base, 'mediagraph_graphql_operations_total'),
  ];
  resetPeak(gateway.pid);
  const result = await measure(scenario, load);
  const [calls1, ops1] = [
    await counter(base, 'mediagraph_upstream_calls_total'),
    await counter(base, 'mediagraph_graphql_operations_total'),
  ];
  return {
    upstream,
    scenario: scenario.name,
    requestsPerSecond: result.requestsPerSecond,
    p50: result.p50,
    p99: result.p99,
    upstreamCallsPerOp: (calls1 - calls0) / Math.max(1, ops1 - ops0),
    peakRssMB: memoryMB(gateway.pid, 'VmHWM'),
    failures: result.failures,
  };
}

async function plainRow(
  upstream: string,
  scenario: Scenario,
  server: Server | undefined,
  callsPerOp: number | null,
): Promise<Row> {
  if (server) resetPeak(server.pid);
  const result = await measure(scenario, load);
  return {
    upstream,
    scenario: scenario.name,
    requestsPerSecond: result.requestsPerSecond,
    p50: result.p50,
    p99: result.p99,
    upstreamCallsPerOp: callsPerOp,
    peakRssMB: server ? memoryMB(server.pid, 'VmHWM') : null,
    failures: result.failures,
  };
}

const graphql = (
  name: string,
  url: string,
  query: string,
  variables?: unknown,
  headers: Record<string, string> = {},
): Scenario => ({
  name,
  url,
  method: 'POST',
  headers: { ...json, ...headers },
  body: JSON.stringify({ query, variables }),
});

async function newestKreaIds(upstream: Upstream): Promise<string[]> {
  const response = await fetch(`${upstream.krea}/assets?limit=1000`, {
    headers: { authorization: `Bearer ${upstream.kreaKey}` },
  });
  const body = (await response.json()) as { items: { id: string }[] };
  return body.items.slice(0, 100).map((item) => Buffer.from(`KreaAsset:${item.id}`).toString('base64'));
}

/** The global id of a Krea job that is still running (the bench's sandbox never moves jobs on). */
async function runningJob(upstream: Upstream): Promise<string> {
  const response = await fetch(`${upstream.krea}/jobs?limit=100`, {
    headers: { authorization: `Bearer ${upstream.kreaKey}` },
  });
  const body = (await response.json()) as { items: { job_id: string; status: string }[] };
  const job = body.items.find((item) => !['completed', 'failed', 'cancelled'].includes(item.status));
  if (!job) throw new Error('no running job in the sandbox');
  return Buffer.from(`KreaJob:${job.job_id}`).toString('base64');
}

async function uploadRss(gateway: Server, url: string) {
  const query = 'mutation($f: File!) { uploadKreaAsset(input: { file: $f }) { asset { id sizeBytes } } }';
  const send = (bytes: number) =>
    postMultipart(
      url,
      { query, variables: { f: null } },
      { 0: { paths: ['variables.f'], file: pngOfSize(bytes, 'zeros') } },
    );
  await send(1_000_000);
  await new Promise((done) => setTimeout(done, 500));
  const idle = memoryMB(gateway.pid, 'VmRSS');
  resetPeak(gateway.pid);
  const started = performance.now();
  const response = await send(KREA_MAX_UPLOAD_BYTES);
  if (response.body.errors) throw new Error(`the upload failed: ${JSON.stringify(response.body.errors)}`);
  const peak = memoryMB(gateway.pid, 'VmHWM');
  return { idleMB: idle, peakMB: peak, riseMB: peak - idle, ms: Math.round(performance.now() - started) };
}

async function main() {
  pinLoadGenerator();
  const started = new Date();
  const fixed: Upstream = {
    name: 'fixed',
    krea: 'http://127.0.0.1:4020',
    argil: 'http://127.0.0.1:4021',
    kreaKey: 'bench',
    argilKey: 'bench',
  };
  const sandbox: Upstream = {
    name: 'sandbox20',
    krea: 'http://127.0.0.1:4120',
    argil: 'http://127.0.0.1:4121/v1',
    kreaKey: 'sandbox-krea-key',
    argilKey: 'sandbox-argil-key',
  };
  const fixedUpstream = join(peerSource, 'bench/fixed-upstream.mjs');
  const hasFixed = existsSync(fixedUpstream);
  const hasPeer = preparePeer();
  const hasTailcall = hasPeer && hasFixed && prepareTailcall();
  if (hasPeer && hasFixed && !hasTailcall) console.warn('Tailcall could not be prepared: rows 7–9 are left out');
  if (hasFixed) {
    await startServer('fixed-krea', 4020, [node, fixedUpstream], { cwd: root, env: { KIND: 'krea', PORT: '4020' } });
    await startServer('fixed-argil', 4021, [node, fixedUpstream], { cwd: root, env: { KIND: 'argil', PORT: '4021' } });
  }
  await startServer('sandbox', 4120, [node, '--import', 'tsx', 'src/sandbox/main.ts'], {
    cwd: root,
    env: {
      SANDBOX_KREA_PORT: '4120',
      SANDBOX_ARGIL_PORT: '4121',
      SANDBOX_LATENCY_MS: '20',
      SANDBOX_STEP_MS: '0',
      SANDBOX_KREA_ASSETS: '2000',
      SANDBOX_ARGIL_ASSETS: '500',
    },
  });

  const rows: Array<Row | undefined> = [];
  /** Each gateway's RSS a second after it started, before any load. */
  const idleRss: number[] = [];
  let upload: Awaited<ReturnType<typeof uploadRss>> | undefined;
  let subscriptions: SubscriptionsResult | undefined;
  const upstreams = hasFixed ? [fixed, sandbox] : [sandbox];
  const gatewayCommand = startCommand();
  /** A gateway as `npm start` runs it, in front of `upstream`, with `env` added. */
  const startGateway = (name: string, port: number, upstream: Upstream, env: Record<string, string> = {}) =>
    startServer(name, port, gatewayCommand, {
      cwd: root,
      env: {
        PORT: String(port),
        KREA_BASE_URL: upstream.krea,
        ARGIL_BASE_URL: upstream.argil,
        KREA_API_KEY: upstream.kreaKey,
        ARGIL_API_KEY: upstream.argilKey,
        SHUTDOWN_GRACE_MS: '0',
        ...env,
      },
    });
  for (const [index, upstream] of upstreams.entries()) {
    const port = 4030 + index;
    const base = `http://127.0.0.1:${port}`;
    const gateway = await startGateway(`mediagraph-${upstream.name}`, port, upstream);
    await new Promise((done) => setTimeout(done, 1_000));
    idleRss.push(memoryMB(gateway.pid, 'VmRSS'));
    // First, in a fresh process: later load grows the heap, which would hide the upload's own cost.
    if (upstream.name === 'sandbox20') upload = await uploadRss(gateway, `${base}/graphql`);
    if (upstream.name === 'sandbox20' && wanted('sandbox20', 'subscriptions')) {
      // In a process of their own: 10,000 open streams would weigh on every later scenario.
      const own = await startGateway('mediagraph-subscriptions', 4041, upstream, {
        // All 10,000 come from one address.
        MAX_SUBSCRIPTIONS_PER_CLIENT: '10000',
      });
      await new Promise((done) => setTimeout(done, 1_000));
      subscriptions = await openSubscriptions('http://127.0.0.1:4041/graphql', own.pid, await runningJob(upstream));
      await stopServer(own);
    }

    const auth = { authorization: `Bearer ${upstream.kreaKey}` };
    rows.push(
      await gatewayRow(
        upstream.name,
        graphql('1. kreaAssets(first: 20)', `${base}/graphql`, `{ kreaAssets(first: 20) { nodes { ${FIELDS} } } }`),
        gateway,
        base,
      ),
    );
    rows.push(
      await gatewayRow(
        upstream.name,
        graphql(
          '2. assets(first: 20), merged',
          `${base}/graphql`,
          '{ assets(first: 20) { nodes { id provider kind url createdAt } } }',
        ),
        gateway,
        base,
      ),
    );
    const ids = await newestKreaIds(upstream);
    rows.push(
      await gatewayRow(
        upstream.name,
        graphql('3. nodes(100 Krea ids)', `${base}/graphql`, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
          ids,
        }),
        gateway,
        base,
      ),
    );
    rows.push(
      await plainRow(
        upstream.name,
        {
          name: '4. floor: Krea GET /assets?limit=21',
          url: `${upstream.krea}/assets?limit=21`,
          method: 'GET',
          headers: auth,
        },
        undefined,
        1,
      ),
    );
    if (upstream.name === 'sandbox20') {
      rows.push(
        await plainRow(
          upstream.name,
          {
            name: '4b. floor: Argil GET /assets?pageSize=21',
            url: `${upstream.argil}/assets?pageSize=21`,
            method: 'GET',
            headers: { 'x-api-key': upstream.argilKey },
          },
          undefined,
          1,
        ),
      );
      // Before the generations below, which add jobs to the sandbox's list.
      rows.push(
        await gatewayRow(
          upstream.name,
          graphql(
            '11. jobs(first: 20), merged',
            `${base}/graphql`,
            '{ jobs(first: 20) { nodes { id state createdAt } } }',
          ),
          gateway,
          base,
        ),
      );
      for (const [name, url, headers] of [
        ['11b. floor: Krea GET /jobs?limit=21', `${upstream.krea}/jobs?limit=21`, auth],
        [
          '11c. floor: Argil GET /videos?limit=21',
          `${upstream.argil}/videos?page=1&limit=21`,
          { 'x-api-key': upstream.argilKey },
        ],
      ] as const) {
        rows.push(await plainRow(upstream.name, { name, url, method: 'GET', headers }, undefined, 1));
      }
      // A generation through the gateway against the same POST straight to the sandbox.
      const generate = { prompt: 'a lighthouse at dusk' };
      rows.push(
        await gatewayRow(
          upstream.name,
          graphql(
            '10. generateKreaImage',
            `${base}/graphql`,
            'mutation($input: KreaImageGenerationInput!) { generateKreaImage(input: $input) { job { id state } } }',
            { input: { bflFlux1Dev: generate } },
          ),
          gateway,
          base,
        ),
      );
      rows.push(
        await plainRow(
          upstream.name,
          {
            name: '10b. floor: Krea POST /generate/image/bfl/flux-1-dev',
            url: `${upstream.krea}/generate/image/bfl/flux-1-dev`,
            method: 'POST',
            headers: { ...json, ...auth },
            body: JSON.stringify(generate),
          },
          undefined,
          1,
        ),
      );
    }
    if (hasPeer) {
      const peerPort = 4001 + index;
      const peer = await startServer(`peer-${upstream.name}`, peerPort, [node, 'mesh/gateway.mjs'], {
        cwd: peerInstall,
        env: { PORT: String(peerPort), KREA_URL: upstream.krea, ARGIL_URL: upstream.argil },
      });
      rows.push(
        await plainRow(
          upstream.name,
          graphql(
            '5. peer: Mesh assets(limit: 20)',
            `http://127.0.0.1:${peerPort}/krea/graphql`,
            `{ assets(limit: 20) { ... on assets_200_response { next_cursor items { ${PEER_FIELDS} } } } }`,
            undefined,
            auth,
          ),
          peer,
          1,
        ),
      );
    }
    if (upstream.name === 'fixed' && hasTailcall) {
      // Side by side with the Rust peer, de-duplication off on both, then on on both; the compiled lane
      // (src/server/lane/) is on by default, yoga alone beside it.
      for (const [name, port, env] of [
        ['7. kreaAssets(first: 20), lane, de-duplication off', 4040, { UPSTREAM_COALESCE: '0', OPERATION_DEDUPE: '0' }],
        ['7b. kreaAssets(first: 20), lane, de-duplication on', 4041, {}],
        [
          '7c. kreaAssets(first: 20), yoga only (COMPILED_LANE=0), de-duplication off',
          4042,
          { UPSTREAM_COALESCE: '0', COMPILED_LANE: '0' },
        ],
      ] as const) {
        if (!wanted(upstream.name, name)) continue;
        const own = await startGateway(`mediagraph-${port}`, port, upstream, env);
        rows.push(
          await gatewayRow(
            upstream.name,
            graphql(name, `http://127.0.0.1:${port}/graphql`, `{ kreaAssets(first: 20) { nodes { ${FIELDS} } } }`),
            own,
            `http://127.0.0.1:${port}`,
          ),
        );
        await stopServer(own);
      }
      const tailcallEnv = {
        TAILCALL_TRACKER: 'false',
        XDG_CACHE_HOME: join(peerInstall, 'run/tailcall-cache'),
        KREA_URL: upstream.krea,
        ARGIL_URL: upstream.argil,
      };
      // A fresh stamp skips the binary's once-a-day release check (no network here).
      mkdirSync(join(peerInstall, 'run/tailcall-cache/tailcall'), { recursive: true });
      writeFileSync(join(peerInstall, 'run/tailcall-cache/tailcall/.state'), String(Math.floor(Date.now() / 1000)));
      for (const [name, port, config] of [
        ['8. peer: Tailcall kreaAssets(limit: 20)', 4009, 'tailcall.yml'],
        ['9. peer: Tailcall kreaAssets(limit: 20), dedupe', 4019, 'tailcall-dedupe.yml'],
      ] as const) {
        const tailcall = await startServer(`tailcall-${port}`, port, tailcallCommand(config), {
          cwd: join(peerInstall, 'tailcall'),
          env: tailcallEnv,
        });
        rows.push(
          await plainRow(
            upstream.name,
            graphql(
              name,
              `http://127.0.0.1:${port}/graphql`,
              `{ kreaAssets(limit: 20) { items { ${FIELDS} } } }`,
              undefined,
              auth,
            ),
            tailcall,
            name.includes('dedupe') ? null : 1,
          ),
        );
      }
    }
    if (upstream.name === 'fixed') {
      // What the runtime allows: the same call and mapping with less and less of a gateway (bench/floors.ts).
      for (const [name, floor] of [
        ['12. floor: node:http + undici, no GraphQL', 'bare'],
        ['12b. floor: graphql-jit, one compiled query', 'jit'],
        ['12c. floor: graphql-yoga defaults, one-field schema', 'yoga'],
        ['12d. floor: mediagraph schema and context, graphql-jit, no yoga', 'core'],
        ['12e. floor: node:http answering the same bytes, no upstream', 'bytes'],
      ] as const) {
        if (!wanted(upstream.name, name)) continue;
        const server = await startServer(`floor-${floor}`, 4070, [node, '--import', 'tsx', 'bench/floors.ts'], {
          cwd: root,
          env: { FLOOR: floor, PORT: '4070', KREA_URL: upstream.krea, ARGIL_URL: upstream.argil },
        });
        rows.push(
          await plainRow(
            upstream.name,
            graphql(name, 'http://127.0.0.1:4070/graphql', `{ kreaAssets(first: 20) { nodes { ${FIELDS} } } }`),
            server,
            1,
          ),
        );
        await stopServer(server);
      }
      for (const first of [10, 50, 100]) {
        rows.push(
          await gatewayRow(
            upstream.name,
            graphql(
              `6. kreaAssets(first: ${first})`,
              `${base}/graphql`,
              `{ kreaAssets(first: ${first}) { nodes { ${FIELDS} } } }`,
            ),
            gateway,
            base,
          ),
        );
      }
    }
  }
  await stopAll();
  const results = rows.filter((row): row is Row => row !== undefined);

  const table = [
    `autocannon ${load.durationSeconds} s × ${load.runs} runs (medians) × ${load.connections} connections; servers on CPU 0, load on CPU 1${hasTaskset ? '' : ' (no taskset: unpinned)'}; node ${process.version}`,
    '| upstream | scenario | req/s | p50 ms | p99 ms | upstream calls/op | peak RSS MB |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.upstream} | ${r.scenario} | ${Math.round(r.requestsPerSecond)} | ${r.p50} | ${r.p99} | ${r.upstreamCallsPerOp === null ? '–' : r.upstreamCallsPerOp.toFixed(2)} | ${r.peakRssMB === null ? '–' : r.peakRssMB.toFixed(0)} |`,
    ),
  ];
  const find = (upstream: string, prefix: string) =>
    results.find((r) => r.upstream === upstream && r.scenario.startsWith(prefix));
  const checks: string[] = [];
  const ours = find('fixed', '1.');
  const peer = find('fixed', '5.');
  if (ours && peer) {
    checks.push(
      `scenario 1 vs peer (fixed): ${(ours.requestsPerSecond / peer.requestsPerSecond).toFixed(2)}× req/s (target ≥ 2), p99 ${ours.p99} vs ${peer.p99} ms (target ≤ ${peer.p99 / 2})`,
    );
  }
  const uncoalesced = find('fixed', '7.');
  const tailcall = find('fixed', '8.');
  const tailcallDedupe = find('fixed', '9.');
  if (uncoalesced && tailcall) {
    checks.push(
      `vs Tailcall, de-duplication off on both: ${(uncoalesced.requestsPerSecond / tailcall.requestsPerSecond).toFixed(2)}× req/s (target ≥ 1), p99 ${uncoalesced.p99} vs ${tailcall.p99} ms (target ≤), peak RSS ${uncoalesced.peakRssMB?.toFixed(0)} vs ${tailcall.peakRssMB?.toFixed(0)} MB`,
    );
  }
  const deduplicated = find('fixed', '7b.');
  if (deduplicated && tailcallDedupe) {
    checks.push(
      `vs Tailcall, de-duplication on on both: ${(deduplicated.requestsPerSecond / tailcallDedupe.requestsPerSecond).toFixed(2)}× req/s (target ≥ 1), p99 ${deduplicated.p99} vs ${tailcallDedupe.p99} ms (target ≤), peak RSS ${deduplicated.peakRssMB?.toFixed(0)} vs ${tailcallDedupe.peakRssMB?.toFixed(0)} MB`,
    );
  }
  const yogaOnly = find('fixed', '7c.');
  const jitFloor = find('fixed', '12b.');
  if (uncoalesced && jitFloor) {
    checks.push(
      `mediagraph ÷ the graphql-jit floor (de-duplication off): lane ${(uncoalesced.requestsPerSecond / jitFloor.requestsPerSecond).toFixed(2)}×${yogaOnly ? `, yoga only ${(yogaOnly.requestsPerSecond / jitFloor.requestsPerSecond).toFixed(2)}×` : ''}`,
    );
  }
  const [bare, jit, yoga, core] = ['12.', '12b.', '12c.', '12d.'].map((prefix) => find('fixed', prefix));
  if (tailcall && bare && jit && yoga && core) {
    checks.push(
      `floors against Tailcall (de-duplication off): node:http + undici ${(bare.requestsPerSecond / tailcall.requestsPerSecond).toFixed(2)}×, graphql-jit ${(jit.requestsPerSecond / tailcall.requestsPerSecond).toFixed(2)}×, graphql-yoga ${(yoga.requestsPerSecond / tailcall.requestsPerSecond).toFixed(2)}×, mediagraph's core without yoga ${(core.requestsPerSecond / tailcall.requestsPerSecond).toFixed(2)}×; mediagraph ${uncoalesced ? (uncoalesced.requestsPerSecond / yoga.requestsPerSecond).toFixed(2) : '?'}× the yoga floor`,
    );
  }
  const bytesFloor = find('fixed', '12e.');
  if (bytesFloor && tailcallDedupe) {
    checks.push(
      `node:http answering the same bytes (no upstream, no GraphQL): ${(bytesFloor.requestsPerSecond / tailcallDedupe.requestsPerSecond).toFixed(2)}× Tailcall with dedupe, the most any node:http gateway can de-duplicate to here${deduplicated ? `; mediagraph de-duplicated is ${(deduplicated.requestsPerSecond / bytesFloor.requestsPerSecond).toFixed(2)}× it` : ''}`,
    );
  }
  // Every row a mediagraph process served (not the floors' or the peers' processes).
  const gatewayPeaks = results
    .filter((r) => /^(?:[1-3]|6|7[bc]?|10|11)\./.test(r.scenario))
    .map((r) => r.peakRssMB ?? 0);
  if (gatewayPeaks.length > 0) {
    checks.push(
      `mediagraph peak RSS over the bench: ${Math.max(...gatewayPeaks).toFixed(0)} MB (target ≤ 128); idle: ${idleRss.map((mb) => mb.toFixed(0)).join(' / ')} MB after start (target ≤ 80)`,
    );
  }
  const krea20 = find('sandbox20', '1.');
  const floor20 = find('sandbox20', '4.');
  const argilFloor20 = find('sandbox20', '4b.');
  const merged20 = find('sandbox20', '2.');
  if (krea20 && floor20)
    checks.push(`gateway-added p50 over the floor (sandbox20): ${krea20.p50 - floor20.p50} ms (target ≤ 2)`);
  if (merged20 && floor20 && argilFloor20) {
    const slower = Math.max(floor20.p50, argilFloor20.p50);
    checks.push(
      `merged feed p50 vs the slower provider (sandbox20): ${merged20.p50} vs ${slower} ms = ${(merged20.p50 / slower).toFixed(2)}× (target ≤ 1.1)`,
    );
  }
  const nodes = find('fixed', '3.') ?? find('sandbox20', '3.');
  if (nodes)
    checks.push(
      `scenario 3 upstream calls/op: ${nodes.upstreamCallsPerOp?.toFixed(2)} (target ≤ 2; the peer would make 100)`,
    );
  const generated = find('sandbox20', '10.');
  const postFloor = find('sandbox20', '10b.');
  if (generated && postFloor)
    checks.push(
      `generateKreaImage p50 over the direct POST (sandbox20): ${generated.p50 - postFloor.p50} ms (target ≤ 1)`,
    );
  const jobsFeed = find('sandbox20', '11.');
  const jobFloors = [find('sandbox20', '11b.'), find('sandbox20', '11c.')];
  if (jobsFeed && jobFloors.every(Boolean)) {
    const slower = Math.max(...jobFloors.map((row) => row!.p50));
    checks.push(
      `jobs feed p50 vs the slower provider (sandbox20): ${jobsFeed.p50} vs ${slower} ms = ${(jobsFeed.p50 / slower).toFixed(2)}× (target ≤ 1.1)`,
    );
  }
  if (subscriptions)
    checks.push(
      `${subscriptions.opened} of ${subscriptions.count} SSE subscriptions open in ${subscriptions.seconds.toFixed(1)} s: RSS ${subscriptions.openRssMB.toFixed(0)} MB (idle ${subscriptions.idleRssMB.toFixed(0)}, peak ${subscriptions.peakRssMB.toFixed(0)}; target < 256)`,
    );
  if (upload)
    checks.push(
      `75 MB upload: ${upload.ms} ms, RSS rise ${upload.riseMB.toFixed(1)} MB over idle ${upload.idleMB.toFixed(0)} MB (target < 32)`,
    );
  // Three replicas, one Redis (in this process; needs redis-server on PATH).
  const replicas = wanted('replicas', 'webhook budget') ? await runReplicaScenarios() : undefined;
  const replicaRows = replicas ? ['', ...replicaTable(replicas)] : [];
  console.log([...table, ...replicaRows, '', ...checks.map((c) => `- ${c}`)].join('\n'));

  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const file = join(root, `bench/results/${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ date: started.toISOString(), node: process.version, pinned: hasTaskset, load, rows: results, upload, subscriptions, replicas, checks }, null, 2)}\n`,
  );
  console.log(`\nwrote ${file}`);
}

try {
  await main();
} finally {
  await stopAll();
}
