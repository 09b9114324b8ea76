/**
 * One WebSocket client cannot take the gateway down (issue 22, item 1): a
 * flood of `subscribe` messages runs a few operations at a time per
 * connection and per credential, waits within a bound, and past it the
 * connection is closed with 4429; a client that does not read its answers
 * is not read from. Counted where it happens: calls at the sandbox
 * providers, the gateway's own gauges, the close code the client sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';
import { RawWsClient, until, within } from '../helpers/ws-client.js';

const A = { kreaKey: 'krea-limits-a', argilKey: 'argil-limits-a' };
const B = { kreaKey: 'krea-limits-b', argilKey: 'argil-limits-b' };
const C = { kreaKey: 'krea-limits-c', argilKey: 'argil-limits-c' };
const D = { kreaKey: 'krea-limits-d', argilKey: 'argil-limits-d' };
const credentials = (tenant: typeof A) => ({ 'x-krea-token': tenant.kreaKey, 'x-argil-api-key': tenant.argilKey });

const krea = (first: number) => `{ kreaAssets(first: ${first}) { nodes { id } } }`;

/** A gauge's value (summed over labels matching `labels`); NaN when the gateway has no such gauge. */
async function gauge(stack: Stack, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = stack.services.metrics.registry.getSingleMetric(name);
  if (!metric) return Number.NaN;
  const { values } = await metric.get();
  const matching = values.filter((value) => Object.entries(labels).every(([key, want]) => value.labels[key] === want));
  return matching.reduce((total, value) => total + value.value, 0);
}

const operations = async (stack: Stack) => ({
  running: await gauge(stack, 'mediagraph_websocket_operations', { state: 'running' }),
  queued: await gauge(stack, 'mediagraph_websocket_operations', { state: 'queued' }),
});

function nexts(client: RawWsClient) {
  return client.messages.filter((message) => message.type === 'next') as Array<{
    id: string;
    payload: { data?: unknown; errors?: unknown };
  }>;
}

const clients: RawWsClient[] = [];
async function open(url: string, payload: Record<string, string> = {}): Promise<RawWsClient> {
  const client = await RawWsClient.open(url, payload);
  clients.push(client);
  return client;
}
afterAll(() => {
  for (const client of clients) client.close();
});

describe('operations of one client', () => {
  let stack: Stack;
  let url: string;
  const lines: string[] = [];

  beforeAll(async () => {
    stack = await startStack({
      sandbox: { tenants: [A, B, C, D], kreaAssets: 60, argilAssets: 10 },
      kreaApiKey: null,
      argilApiKey: null,
      // Neither the upstream budget nor a deadline may be what holds calls back here.
      upstreamConcurrency: 1_000,
      upstreamTimeoutMs: 60_000,
      webSocket: {
        limits: { perConnection: 4, perCredential: 6, queuedPerConnection: 8, queuedBytesPerConnection: 1_048_576 },
        logger: createLogger('info', { write: (line: string) => void lines.push(line) }),
      },
    });
    url = await stack.listen();
  });
  afterAll(async () => {
    stack.sandbox.controls.releaseStalled();
    await stack.close();
  });

  it('run at most WS_MAX_OPERATIONS_PER_CONNECTION at once, the rest waiting their turn; another client is answered meanwhile', async () => {
    const { controls } = stack.sandbox;
    controls.injectFault({ provider: 'krea', kind: 'stall', method: 'GET', path: '/assets', times: 12 });
    controls.resetCalls();
    const flooder = await open(url, credentials(A));
    // Distinct pages: no two calls could share one upstream request.
    for (let i = 0; i < 12; i++) flooder.subscribe(String(i), krea(i + 1));
    await flooder.roundTrip();
    await until(() => controls.inFlight.krea >= 4, 'four calls at the provider');
    const other = await open(url, credentials(B));
    other.subscribe('other', '{ argilAssets(first: 1) { nodes { id } } }');
    await until(() => other.completed().has('other'), "the other client's answer");
    expect(nexts(other)[0]!.payload.errors).toBeUndefined();
    expect(controls.peakInFlight.krea).toBe(4);
    expect(await operations(stack)).toEqual({ running: 4, queued: 8 });

    controls.clearFaults();
    controls.releaseStalled();
    await until(() => flooder.completed().size === 12, 'all twelve to finish', 60);
    expect(nexts(flooder).map((message) => message.payload.errors)).toEqual(Array(12).fill(undefined));
    expect(controls.peakInFlight.krea).toBe(4);
    await until(async () => (await operations(stack)).running === 0, 'every slot to be given back');
  });

  it('run at most WS_MAX_OPERATIONS_PER_CREDENTIAL over all connections of a credential; another credential is not held up', async () => {
    const { controls } = stack.sandbox;
    controls.injectFault({ provider: 'krea', kind: 'stall', method: 'GET', path: '/assets', times: 6 });
    controls.resetCalls();
    const first = await open(url, credentials(C));
    const second = await open(url, credentials(C));
    for (let i = 0; i < 5; i++) {
      first.subscribe(`first-${i}`, krea(i + 1));
      second.subscribe(`second-${i}`, krea(i + 11));
    }
    await first.roundTrip();
    await second.roundTrip();
    await until(() => controls.inFlight.krea >= 6, 'six calls at the provider');
    expect(controls.peakInFlight.krea).toBe(6);
    expect(await operations(stack)).toEqual({ running: 6, queued: 4 });

    // The same provider, another credential: its call goes out at once.
    const other = await open(url, credentials(D));
    other.subscribe('other', krea(30));
    await until(() => other.completed().has('other'), "the other credential's answer");
    expect(nexts(other)[0]!.payload.errors).toBeUndefined();

    controls.releaseStalled();
    await until(() => first.completed().size + second.completed().size === 10, 'all ten to finish', 60);
    expect([...nexts(first), ...nexts(second)].map((message) => message.payload.errors)).toEqual(
      Array(10).fill(undefined),
    );
    await until(async () => (await operations(stack)).running === 0, 'every slot to be given back');
  });

  it('close a connection that floods past its queue with 4429, run none of the excess, and log one line without credentials', async () => {
    const { controls } = stack.sandbox;
    controls.injectFault({ provider: 'krea', kind: 'stall', method: 'GET', path: '/assets', times: 1_000 });
    controls.resetCalls();
    lines.length = 0;
    const flooder = await open(url, credentials(A));
    // The red team's flood (6,000 of them took the process down).
    const query = '{ argilAssets(first: 100) { nodes { id name url } } kreaAssets(first: 100) { nodes { id url } } }';
    for (let i = 0; i < 200; i++) flooder.subscribe(String(i), query);
    expect(await within(flooder.closed, 'the flooding connection to be closed')).toEqual({
      code: 4429,
      reason: 'Too many operations',
    });

    // Its operations end with it; none of the queued ones ever ran.
    await until(async () => {
      const now = await operations(stack);
      return now.running === 0 && now.queued === 0;
    }, 'the refused connection to give its slots back');
    expect(controls.count('krea')).toBeLessThanOrEqual(4);
    expect(controls.count('argil')).toBeLessThanOrEqual(4);
    expect(flooder.completed().size).toBe(0);

    controls.clearFaults();
    controls.releaseStalled();
    const other = await open(url, credentials(B));
    other.subscribe('after', krea(2));
    await until(() => other.completed().has('after'), 'an answer after the flood');

    const closes = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.event === 'websocket-closed');
    expect(closes).toEqual([
      expect.objectContaining({ level: 40, msg: 'websocket closed: too many operations', code: 4429 }),
    ]);
    // At most four running and eight waiting when the thirteenth was refused (those not yet started by then never start).
    expect(closes[0]!.pendingOperations).toBeLessThanOrEqual(12);
    for (const secret of Object.values(A)) expect(lines.join('\n')).not.toContain(secret);
  });

  it('close a connection whose waiting operations pass WS_MAX_QUEUED_BYTES with 4429', async () => {
    const { controls } = stack.sandbox;
    controls.injectFault({ provider: 'krea', kind: 'stall', method: 'GET', path: '/assets', times: 1_000 });
    const client = await open(url, credentials(B));
    for (let i = 0; i < 4; i++) client.subscribe(`running-${i}`, krea(i + 1));
    // Three waiting operations of 400 KB each (an unused variable): the third would pass 1 MiB.
    const pad = 'x'.repeat(400_000);
    for (let i = 0; i < 3; i++) {
      client.send({ id: `large-${i}`, type: 'subscribe', payload: { query: krea(i + 10), variables: { pad } } });
    }
    expect(await within(client.closed, 'the connection to be closed')).toEqual({
      code: 4429,
      reason: 'Too many operations',
    });
    controls.clearFaults();
    controls.releaseStalled();
    await until(async () => {
      const now = await operations(stack);
      return now.running === 0 && now.queued === 0;
    }, 'the refused connection to give its slots back');
  });
});

describe('a client that does not read its answers', () => {
  const HIGH_WATER = 65_536;
  const PER_CONNECTION = 4;
  let stack: Stack;
  let url: string;

  beforeAll(async () => {
    stack = await startStack({
      sandbox: { kreaAssets: 100 },
      upstreamConcurrency: 1_000,
      webSocket: {
        limits: { perConnection: PER_CONNECTION, queuedPerConnection: 200 },
        highWaterMarkBytes: HIGH_WATER,
        // Paused reading leaves pongs unread too: no keep-alive drop within the test.
        keepAliveMs: 600_000,
      },
    });
    url = await stack.listen();
  });
  afterAll(() => stack.close());

  it('is not read from once its unsent answers pass the high-water mark, and is served again once it reads', async () => {
    const { controls } = stack.sandbox;
    // About 120 KB an answer (the schema's cost limit allows four pages of 100).
    const fields = 'id providerId url createdAt mimeType name description metadata width height';
    const page = (first: number) =>
      `{ ${[0, 1, 2, 3].map((alias) => `a${alias}: kreaAssets(first: ${first}) { nodes { ${fields} } }`).join(' ')} }`;
    const client = await open(url);
    client.subscribe('largest', page(100));
    await until(() => client.completed().has('largest'), 'the first answer');
    const largest = Buffer.byteLength(JSON.stringify(nexts(client)[0]));
    expect(await gauge(stack, 'mediagraph_websockets_paused')).toBe(0);

    client.socket.pause();
    controls.resetCalls();
    // 120 answers (over 10 MB), far more than loopback's socket buffers hold.
    const count = 120;
    for (let i = 0; i < count; i++) client.subscribe(String(i), page(100 - (i % 30)));
    await until(async () => (await gauge(stack, 'mediagraph_websockets_paused')) === 1, 'the gateway to stop reading');
    // What the gateway holds: past the mark by at most an answer per running operation.
    const unsent = await gauge(stack, 'mediagraph_websocket_unsent_bytes');
    expect(unsent).toBeGreaterThan(HIGH_WATER);
    expect(unsent).toBeLessThanOrEqual(HIGH_WATER + PER_CONNECTION * (largest + 1_024));
    expect((await operations(stack)).running).toBe(PER_CONNECTION);
    const callsWhilePaused = controls.calls.length;

    client.socket.resume();
    await until(() => client.completed().size === count + 1, 'every answer', 80);
    expect(nexts(client).map((message) => message.payload.errors)).toEqual(Array(count + 1).fill(undefined));
    // The operations still waiting ran only once the client read.
    expect(controls.calls.length).toBeGreaterThan(callsWhilePaused);
    await until(async () => (await gauge(stack, 'mediagraph_websockets_paused')) === 0, 'reading to resume');
    await until(async () => (await gauge(stack, 'mediagraph_websocket_unsent_bytes')) === 0, 'nothing left unsent');
  }, 90_000);
});
