/**
 * `npx tsx bench/cost.ts`: what one request costs the gateway, less sensitive
 * to a busy machine than req/s. Starts the fixed upstreams of ../shared/peer
 * and the bundled gateway (dist/main.js, `npm run build` first) pinned to
 * CPU 0, reads its idle RSS, then sends COST_REQUESTS requests at
 * COST_CONNECTIONS connections and reports the gateway's CPU time
 * (utime + stime from /proc/<pid>/stat) per request and its peak RSS.
 * It runs with npm start's node flags; COST_NODE_FLAGS adds node flags;
 * COST_QUERY picks the operation (default
 * `kreaAssets(first: 20)`) and COST_VARIABLES (JSON) its variables; COST_ENTRY another bundle; PEER_DIR as for `npm run bench`; COST_ENV='A=1 B=2' adds gateway variables.
 * Run it under `flock /tmp/bench.lock` on a shared machine.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { memoryMB, npmStartArgs, pinLoadGenerator, resetPeak, startServer, stopAll } from './lib/processes.js';

const root = resolve(new URL('..', import.meta.url).pathname);
const node = process.execPath;
const requests = Number(process.env.COST_REQUESTS ?? 5000);
const connections = Number(process.env.COST_CONNECTIONS ?? 16);
const basePort = Number(process.env.COST_PORT ?? 4520);
const entry = process.env.COST_ENTRY ?? 'dist/main.js';
/** npm start's node flags, then COST_NODE_FLAGS. */
const startFlags = npmStartArgs(root).slice(0, -1);
const flags = (process.env.COST_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
const extraEnv = Object.fromEntries(
  (process.env.COST_ENV ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => pair.split('=') as [string, string]),
);
const FIELDS = 'id url createdAt width height sizeBytes mimeType description';
const query = process.env.COST_QUERY ?? `{ kreaAssets(first: 20) { nodes { ${FIELDS} } } }`;
const variables: unknown = process.env.COST_VARIABLES ? JSON.parse(process.env.COST_VARIABLES) : undefined;

/** utime + stime of a process, in microseconds. */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1e6) / 100;
}

async function fire(
  url: string,
  amount: number,
): Promise<{ non2xx: number; errors: number; requestsPerSecond: number; seconds: number }> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
    connections,
    amount,
  });
  const seconds = result.duration;
  return { non2xx: result.non2xx, errors: result.errors, requestsPerSecond: Math.round(amount / seconds), seconds };
}

async function main() {
  pinLoadGenerator();
  const upstream = join(resolve(root, process.env.PEER_DIR ?? '../shared/peer'), 'bench/fixed-upstream.mjs');
  const [kreaPort, argilPort, gatewayPort] = [basePort, basePort + 1, basePort + 2];
  await startServer('fixed-krea', kreaPort, [node, upstream], {
    cwd: root,
    env: { KIND: 'krea', PORT: String(kreaPort) },
  });
  await startServer('fixed-argil', argilPort, [node, upstream], {
    cwd: root,
    env: { KIND: 'argil', PORT: String(argilPort) },
  });
  const gateway = await startServer('gateway', gatewayPort, [node, ...startFlags, ...flags, entry], {
    cwd: root,
    env: {
      PORT: String(gatewayPort),
      KREA_BASE_URL: `http://127.0.0.1:${kreaPort}`,
      ARGIL_BASE_URL: `http://127.0.0.1:${argilPort}`,
      KREA_API_KEY: 'bench',
      ARGIL_API_KEY: 'bench',
      SHUTDOWN_GRACE_MS: '0',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      ...extraEnv,
    },
  });
  await new Promise((done) => setTimeout(done, 1_000));
  const idle = memoryMB(gateway.pid, 'VmRSS');
  const url = `http://127.0.0.1:${gatewayPort}/graphql`;
  resetPeak(gateway.pid);
  await fire(url, Math.min(2000, requests)); // warm-up: the JIT, the pools
  const before = cpuMicros(gateway.pid);
  const outcome = await fire(url, requests);
  const after = cpuMicros(gateway.pid);
  const peak = memoryMB(gateway.pid, 'VmHWM');
  console.log(
    JSON.stringify({
      flags: flags.join(' '),
      idleMB: Math.round(idle),
      peakMB: Math.round(peak),
      cpuMicrosPerRequest: Math.round((after - before) / requests),
      // How much of its core the gateway used: below 1, it waited (on the upstream, or for CPU 0 it shares).
      busy: Number(((after - before) / 1e6 / outcome.seconds).toFixed(2)),
      requestsPerSecond: outcome.requestsPerSecond,
      non2xx: outcome.non2xx,
      errors: outcome.errors,
    }),
  );
  await stopAll();
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopAll();
  process.exit(1);
});
