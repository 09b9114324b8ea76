/**
 * The built gateway as a process, logging JSON lines (gathered, written in
 * 64 KB chunks): one request on an otherwise quiet gateway still reaches
 * stdout without waiting for more traffic or for shutdown, every line of
 * a burst is out before the process exits on SIGTERM, and a reader that
 * stops reading holds no request up and loses no line.
 */
import { request } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGateway, startGateway } from '../helpers/gateway-process.js';
import type { GatewayProcess } from '../helpers/gateway-process.js';

let entry: string;

/** Stops the gateway with SIGTERM (it must exit 0) and lists the ids among `ids` its stdout has no line for. */
async function missingAfterSigterm(gateway: GatewayProcess, ids: readonly string[]): Promise<string[]> {
  gateway.child.kill('SIGTERM');
  expect(await gateway.exited).toBe(0);
  const logged = new Set(
    gateway
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => (JSON.parse(line) as { requestId?: string }).requestId),
  );
  return ids.filter((id) => !logged.has(id));
}
beforeAll(() => {
  entry = buildGateway('e2e-log-flush');
});

describe('JSON request logs of a quiet gateway', () => {
  it('write the line of a lone request while the process runs on, idle', async () => {
    const gateway = startGateway(entry, { PORT: '0', LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
    try {
      const base = await gateway.listening;
      const requestId = 'lone-request-0001';
      const response = await request(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': requestId },
        body: JSON.stringify({ query: '{ kreaAssets(first: 1) { nodes { id } } }' }),
      });
      await response.body.text();
      expect(response.statusCode).toBe(200);
      // Nothing else is sent: the line must come out of the buffer by itself (within a generous deadline).
      const line = await new Promise<string | undefined>((resolve) => {
        const find = () =>
          gateway
            .stdout()
            .split('\n')
            .find((text) => text.includes(`"requestId":"${requestId}"`));
        const deadline = setTimeout(() => {
          gateway.child.stdout.off('data', seen);
          resolve(find());
        }, 20_000);
        const seen = () => {
          const found = find();
          if (found === undefined) return;
          clearTimeout(deadline);
          gateway.child.stdout.off('data', seen);
          resolve(found);
        };
        gateway.child.stdout.on('data', seen);
        seen();
      });
      expect(line).toBeDefined();
      expect(JSON.parse(line!)).toMatchObject({ requestId, status: 200, operationType: 'query' });
      expect(gateway.child.exitCode).toBeNull();
    } finally {
      if (gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
    }
  }, 60_000);

  it('write every line of a burst before the process exits on SIGTERM', async () => {
    const gateway = startGateway(entry, { PORT: '0', LOG_LEVEL: 'info', LOG_FORMAT: 'json', SHUTDOWN_GRACE_MS: '0' });
    try {
      const base = await gateway.listening;
      // More than one batch of lines (64 KB, about 300 lines of 200 bytes) and a rest that only the shutdown
      // flush writes.
      const ids = Array.from({ length: 450 }, (_, index) => `burst-${String(index).padStart(4, '0')}`);
      for (let start = 0; start < ids.length; start += 10) {
        await Promise.all(
          ids.slice(start, start + 10).map(async (requestId) => {
            const response = await request(`${base}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-request-id': requestId },
              body: JSON.stringify({ query: '{ __typename }' }),
            });
            await response.body.text();
            expect(response.statusCode).toBe(200);
          }),
        );
      }
      expect(await missingAfterSigterm(gateway, ids)).toEqual([]);
    } finally {
      if (gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
    }
  }, 60_000);

  it('keep serving while the reader of stdout stalls, and lose no line once it reads again', async () => {
    const gateway = startGateway(entry, { PORT: '0', LOG_LEVEL: 'info', LOG_FORMAT: 'json', SHUTDOWN_GRACE_MS: '0' });
    try {
      const base = await gateway.listening;
      // The reader stops: the socket under stdout (about 200 KB here) fills with the lines of the first few
      // hundred requests, long ones (a 64-character id, a 100-character operation name: about 350 bytes each).
      gateway.child.stdout.pause();
      const ids = Array.from({ length: 2_500 }, (_, index) => `stalled-${String(index).padStart(56, '0')}`);
      const query = `query ${'Stalled'.padEnd(100, 'x')} { __typename }`;
      for (let start = 0; start < ids.length; start += 20) {
        const statuses = await Promise.all(
          ids.slice(start, start + 20).map(async (requestId) => {
            const response = await request(`${base}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-request-id': requestId },
              body: JSON.stringify({ query }),
            });
            await response.body.text();
            return response.statusCode;
          }),
        );
        expect(statuses.every((status) => status === 200)).toBe(true);
      }
      gateway.child.stdout.resume();
      expect(await missingAfterSigterm(gateway, ids)).toEqual([]);
      // Served without the reader: far more was logged than stdout's socket holds.
      expect(gateway.stdout().length).toBeGreaterThan(4 * 212_992);
    } finally {
      if (gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
    }
  }, 90_000);
});
