/**
 * The built gateway as a process, logging JSON lines (buffered, written in
 * 4 KB chunks): one request on an otherwise quiet gateway still reaches
 * stdout without waiting for more traffic or for shutdown.
 */
import { request } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGateway, startGateway } from '../helpers/gateway-process.js';

let entry: string;
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
});
