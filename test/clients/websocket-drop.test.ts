/**
 * Clients dropping their WebSocket with operations pending (issue 22, item
 * 9): the gateway process (`src/main.ts`, as `npm start` runs it, through
 * tsx) writes one structured log line per connection and nothing to stderr
 * (it wrote a stack trace per operation, and MaxListenersExceededWarning).
 * And such lines are rate-limited, whatever the number of connections.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { rateLimitedLog } from '../../src/server/rate-limited-log.js';
import { freePort } from '../helpers/http.js';
import { RawWsClient, until, within } from '../helpers/ws-client.js';

const root = new URL('../..', import.meta.url).pathname;
let child: ChildProcessWithoutNullStreams | undefined;
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

function startGateway(port: number) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(KREA|ARGIL|SANDBOX|PORT|HOST|GATEWAY|REDIS|WS_)/.test(key)),
  );
  const started = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      ...clean,
      PORT: String(port),
      LOG_LEVEL: 'info',
      SANDBOX: '1',
      // Every provider call takes 5 s: the operations are surely pending when the sockets drop.
      SANDBOX_LATENCY_MS: '5000',
      SHUTDOWN_GRACE_MS: '0',
      DRAIN_TIMEOUT_MS: '2000',
    },
  });
  let stdout = '';
  let stderr = '';
  started.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  started.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => started.once('exit', (code) => resolve(code)));
  return { child: started, exited, stdout: () => stdout, stderr: () => stderr };
}

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(url.replace('/graphql', '/metrics'))).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : Number.NaN;
}

describe('clients that drop their socket with operations pending', () => {
  it('cost one structured log line per connection and nothing on stderr', async () => {
    const port = await freePort();
    const gateway = startGateway(port);
    child = gateway.child;
    await until(() => gateway.stdout().includes('listening on'), 'the gateway to listen', 60);
    const url = `http://127.0.0.1:${port}/graphql`;

    for (let connection = 0; connection < 3; connection++) {
      const client = await RawWsClient.open(url);
      for (let i = 0; i < 30; i++) {
        client.subscribe(
          String(i),
          `{ argilAssets(first: ${i + 1}) { nodes { id name url } } kreaAssets(first: ${i + 1}) { nodes { id url } } }`,
        );
      }
      // Every subscribe has been dispatched (and is waiting on a provider) before the drop.
      await client.roundTrip();
      client.close();
      await client.closed;
    }
    await until(async () => (await metric(url, 'mediagraph_websockets_open')) === 0, 'the gateway to see them go');

    gateway.child.kill('SIGTERM');
    expect(await within(gateway.exited, 'the gateway to stop', 60)).toBe(0);
    expect(gateway.stderr()).toBe('');
    const lines = gateway
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const closes = lines.filter((line) => line.event === 'websocket-closed');
    // The sixteen running and the fourteen waiting, per connection.
    expect(closes).toEqual(
      Array(3).fill(
        expect.objectContaining({
          level: 30,
          msg: 'websocket closed before its operations finished',
          pendingOperations: 30,
        }),
      ),
    );
    expect(lines.filter((line) => (line.level as number) >= 40)).toEqual([]);
  }, 120_000);
});

describe('the log of connections that ended badly', () => {
  it('takes at most so many lines a window, and the next line says how many it left out', () => {
    let now = 0;
    const written: Array<number | undefined> = [];
    const log = rateLimitedLog({ lines: 2, windowMs: 1_000, now: () => now });
    for (let i = 0; i < 5; i++) log((omitted) => written.push(omitted));
    expect(written).toEqual([undefined, undefined]);
    now = 999;
    log((omitted) => written.push(omitted));
    expect(written).toHaveLength(2);
    now = 1_000;
    log((omitted) => written.push(omitted));
    log((omitted) => written.push(omitted));
    expect(written).toEqual([undefined, undefined, 4, undefined]);
  });
});
