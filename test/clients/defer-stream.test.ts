/**
 * @defer and @stream, read incrementally by a real client
 * (@graphql-tools/executor-http over multipart/mixed) and over SSE: Krea's
 * part arrives while a slow (here: stalled) Argil answer is still coming,
 * and the late part's error is coded like any other.
 */
import { buildHTTPExecutor } from '@graphql-tools/executor-http';
import { parse } from 'graphql';
import type { ExecutionResult } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

type Data = {
  kreaAssets?: { edges: Array<{ node: { providerId: string } }> };
  argilAssets?: { nodes: Array<{ id: string }> };
};

const DEFERRED = `query {
  kreaAssets(first: 2) { edges { node { providerId } } }
  ... @defer(label: "argil") { argilAssets(first: 2) { nodes { id } } }
}`;

let stack: Stack;
let url: string;
beforeAll(async () => {
  stack = await startStack({ sandbox: { kreaAssets: 10, argilAssets: 10, kreaJobs: 0 }, upstreamTimeoutMs: 2_500 });
  url = await stack.listen();
});
afterAll(() => stack.close());
beforeEach(() => stack.sandbox.controls.clearFaults());

async function payloads(query: string): Promise<Array<ExecutionResult<Data>>> {
  const executor = buildHTTPExecutor({ endpoint: url });
  const result = await executor({ document: parse(query) });
  expect(Symbol.asyncIterator in (result as object)).toBe(true);
  const seen: Array<ExecutionResult<Data>> = [];
  // The client merges each increment into the answer so far: a copy of each state.
  for await (const state of result as AsyncIterable<ExecutionResult<Data>>) seen.push(structuredClone(state));
  return seen;
}

const data = () => stack.sandbox.tenants[0]!.data;

describe('@defer', () => {
  it('sends Krea first and Argil in a later increment (multipart/mixed)', async () => {
    const seen = await payloads(DEFERRED);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen[0]!.data!.kreaAssets!.edges.map((edge) => edge.node.providerId)).toEqual(
      data()
        .kreaAssets.slice(0, 2)
        .map((asset) => asset.id),
    );
    expect(seen[0]!.data!.argilAssets).toBeUndefined();
    const last = seen[seen.length - 1]!;
    expect(last.errors).toBeUndefined();
    expect(last.data!.argilAssets!.nodes).toHaveLength(2);
  });

  it('delivers Krea while Argil stalls, then Argil’s own coded error', async () => {
    stack.sandbox.controls.injectFault({ provider: 'argil', kind: 'stall', times: 99 });
    const seen = await payloads(DEFERRED);
    // Argil never answered, yet the first state was there, and complete for Krea.
    expect(seen[0]!.data!.kreaAssets!.edges).toHaveLength(2);
    expect(seen[0]!.data!.argilAssets).toBeUndefined();
    const last = seen[seen.length - 1]!;
    expect(last.data!.argilAssets!.nodes).toEqual([]);
    expect(last.errors!.map((error) => [error.extensions?.code, error.extensions?.provider])).toEqual([
      ['UPSTREAM_TIMEOUT', 'ARGIL'],
    ]);
  });

  it('is also served over SSE, one event per increment', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: DEFERRED }),
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = (await response.text())
      .split('\n\n')
      .filter((block) => block.includes('event: next'))
      .map(
        (block) => JSON.parse(block.slice(block.indexOf('data:') + 5)) as { hasNext: boolean; incremental?: unknown[] },
      );
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events[0]!.hasNext).toBe(true);
    expect(events[events.length - 1]!.hasNext).toBe(false);
    expect(events.slice(1).some((event) => (event.incremental ?? []).length > 0)).toBe(true);
  });
});

describe('@stream', () => {
  it('streams a list after its first items, and the client ends with the whole list', async () => {
    const seen = await payloads(
      'query { kreaAssets(first: 4) { edges @stream(initialCount: 1) { node { providerId } } } }',
    );
    expect(seen[0]!.data!.kreaAssets!.edges).toHaveLength(1);
    const last = seen[seen.length - 1]!;
    expect(last.data!.kreaAssets!.edges.map((edge) => edge.node.providerId)).toEqual(
      data()
        .kreaAssets.slice(0, 4)
        .map((asset) => asset.id),
    );
  });
});
