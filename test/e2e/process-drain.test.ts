/**
 * The built gateway as a process (`npm start`'s bundle and flags): SIGTERM
 * with 100 keep-alive clients requesting in a loop. Every request begun
 * before the signal is answered (no reset), every answer once the drain has
 * begun carries `Connection: close` (clients leave, nothing is left busy),
 * and the in-flight work ends by itself before DRAIN_TIMEOUT_MS (no forced
 * close). Its log lines are readable with LOG_FORMAT=pretty.
 */
import { Client, request } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGateway, startGateway } from '../helpers/gateway-process.js';

let entry: string;
beforeAll(() => {
  entry = buildGateway('e2e-process-drain');
});

const CLIENTS = 100;
const QUERY = JSON.stringify({ query: '{ kreaAssets(first: 1) { nodes { id } } }' });

interface Outcome {
  beforeSigterm: boolean;
  afterDrainBegan: boolean;
  status?: number;
  connection?: string;
  error?: string;
}

describe('SIGTERM with 100 keep-alive clients in a loop', () => {
  it('answers every request begun before it, with Connection: close once draining, and drains before the deadline', async () => {
    const gateway = startGateway(entry, {
      PORT: '0',
      SHUTDOWN_GRACE_MS: '2000',
      DRAIN_TIMEOUT_MS: '8000',
      SANDBOX_LATENCY_MS: '30',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    });
    try {
      const base = await gateway.listening;
      const outcomes: Outcome[] = [];
      let sigtermSent = false;
      let drainBegan = false;
      let answered = 0;
      let warm: () => void;
      const allWarm = new Promise<void>((resolve) => (warm = resolve));

      const loop = async (client: Client) => {
        for (let n = 0; ; n++) {
          const outcome: Outcome = { beforeSigterm: !sigtermSent, afterDrainBegan: drainBegan };
          outcomes.push(outcome);
          try {
            const response = await client.request({
              path: '/graphql',
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: QUERY,
            });
            await response.body.text();
            outcome.status = response.statusCode;
            outcome.connection = String(response.headers.connection);
            // Each client has a kept-alive connection once it has two answers.
            if (n === 1 && ++answered === CLIENTS) warm();
          } catch (error) {
            // Refused once the listener is closed: this client is done.
            outcome.error = (error as { code?: string }).code ?? String(error);
            return;
          }
        }
      };
      const clients = Array.from({ length: CLIENTS }, () => new Client(base, { keepAliveTimeout: 60_000 }));
      const loops = clients.map(loop);
      await allWarm;

      sigtermSent = true;
      gateway.child.kill('SIGTERM');
      // The drain has begun once /readyz says so (on a connection of its own).
      while (!drainBegan) {
        const ready = await request(`${base}/readyz`, { reset: true });
        await ready.body.text();
        drainBegan = ready.statusCode === 503;
      }
      expect(await gateway.exited).toBe(0);
      await Promise.all(loops);
      await Promise.all(clients.map((client) => client.destroy()));

      const before = outcomes.filter((outcome) => outcome.beforeSigterm);
      expect(before.filter((outcome) => outcome.error !== undefined)).toEqual([]);
      expect(before.every((outcome) => outcome.status === 200)).toBe(true);
      const warmed = outcomes.filter((outcome) => outcome.beforeSigterm && outcome.connection === 'keep-alive');
      expect(warmed.length).toBeGreaterThanOrEqual(CLIENTS);

      const draining = outcomes.filter((outcome) => outcome.afterDrainBegan && outcome.status !== undefined);
      expect(draining.length).toBeGreaterThan(0);
      expect(new Set(draining.map((outcome) => outcome.connection))).toEqual(new Set(['close']));
      expect(gateway.stdout()).not.toContain('drain deadline reached');
    } finally {
      if (gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
    }
  }, 60_000);
});

describe('SIGTERM with a subscription streaming on a keep-alive connection', () => {
  it('closes that connection once the drain has ended the stream, well before the deadline', async () => {
    const gateway = startGateway(entry, {
      PORT: '0',
      // The job never advances, so its subscription stays open until the drain ends it.
      SANDBOX_STEP_MS: '0',
      SHUTDOWN_GRACE_MS: '300',
      DRAIN_TIMEOUT_MS: '5000',
      // Longer than the deadline: an idle kept-alive connection would outlast it.
      KEEP_ALIVE_TIMEOUT_MS: '60000',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    });
    const client = new Client(await gateway.listening, { keepAliveTimeout: 60_000 });
    try {
      const post = (body: unknown, accept: string) =>
        client.request({
          path: '/graphql',
          method: 'POST',
          headers: { 'content-type': 'application/json', accept },
          body: JSON.stringify(body),
        });
      const started = await post(
        { query: 'mutation { generateKreaImage(input: { bflFlux1Dev: { prompt: "a slow one" } }) { job { id } } }' },
        'application/json',
      );
      const id = ((await started.body.json()) as { data: { generateKreaImage: { job: { id: string } } } }).data
        .generateKreaImage.job.id;
      const stream = await post(
        { query: 'subscription($id: ID!) { jobUpdates(id: $id) { state } }', variables: { id } },
        'text/event-stream',
      );
      expect(stream.headers.connection).toBe('keep-alive');
      let events = '';
      let streaming = (): void => undefined;
      const firstEvent = new Promise<void>((resolve) => (streaming = resolve));
      const ended = (async () => {
        for await (const chunk of stream.body) {
          events += String(chunk);
          if (events.includes('event: next')) streaming();
        }
      })();
      await firstEvent;

      gateway.child.kill('SIGTERM');
      await ended;
      expect(events).toContain('event: complete');
      expect(await gateway.exited).toBe(0);
      expect(gateway.stdout()).not.toContain('drain deadline reached');
    } finally {
      await client.destroy();
      if (gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
    }
  }, 60_000);
});

describe('LOG_FORMAT=pretty', () => {
  it('writes one readable line per record, no JSON', async () => {
    const gateway = startGateway(entry, { PORT: '0', SHUTDOWN_GRACE_MS: '0', LOG_LEVEL: 'info', LOG_FORMAT: 'pretty' });
    try {
      const base = await gateway.listening;
      const response = await request(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query Probe { __typename }' }),
      });
      await response.body.text();
      gateway.child.kill('SIGTERM');
      expect(await gateway.exited).toBe(0);
      const lines = gateway.stdout().trim().split('\n');
      expect(lines.filter((line) => line.startsWith('{'))).toEqual([]);
      expect(lines).toContainEqual(
        expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}POST \/graphql 200 [\d.]+ms query Probe /),
      );
      expect(lines).toContainEqual(expect.stringMatching(/ INFO {2}draining signal=SIGTERM/));
    } finally {
      if (gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
    }
  });
});
