/**
 * The WebSocket listener is loaded with the first upgrade request
 * (server/websocket-lazy.ts): until then its gauges read 0, the sockets that
 * ask while it loads are each served, and a gateway that never saw one
 * closes at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';
import { RawWsClient, until, within } from '../helpers/ws-client.js';

let stack: Stack;
let url: string;
beforeAll(async () => {
  stack = await startStack();
  url = await stack.listen();
});
afterAll(() => stack.close());

async function gauge(name: string): Promise<number | undefined> {
  const metric = stack.services.metrics.registry.getSingleMetric(name);
  if (!metric) return undefined;
  return (await metric.get()).values.reduce((total, value) => total + value.value, 0);
}

describe('the WebSocket listener, loaded on demand', () => {
  it('has its gauges, at 0, before any socket', async () => {
    expect(await gauge('mediagraph_websocket_operations')).toBe(0);
    expect(await gauge('mediagraph_websockets_paused')).toBe(0);
    expect(await gauge('mediagraph_websocket_unsent_bytes')).toBe(0);
  });

  it('serves every socket that asked while it loaded, each its own answer', async () => {
    const clients = await within(
      Promise.all(Array.from({ length: 4 }, () => RawWsClient.open(url))),
      'four sockets to be accepted',
    );
    clients.forEach((client, index) =>
      client.subscribe(`q${index}`, `{ kreaAssets(first: ${index + 1}) { nodes { id } } }`),
    );
    await until(() => clients.every((client, index) => client.completed().has(`q${index}`)), 'four answers');
    clients.forEach((client, index) => {
      const next = client.messages.find((message) => message.type === 'next' && message.id === `q${index}`);
      const nodes = (next?.payload as { data: { kreaAssets: { nodes: unknown[] } } }).data.kreaAssets.nodes;
      expect(nodes).toHaveLength(index + 1);
      client.close();
    });
  });

  it('closes at once when no socket ever asked', async () => {
    const idle = await startStack({ sharedSandbox: stack.sandbox });
    await idle.listen();
    await within(idle.close(), 'a listener that never loaded to close');
  });
});
