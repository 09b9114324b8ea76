/**
 * Every fault the sandbox can inject, end to end: the code the client sees,
 * the other provider's data in the same response, the number of upstream
 * attempts (retries), and the gateway's health afterwards.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from '../../src/sandbox/index.js';
import { startStack } from '../helpers/stack.js';
import type { GraphQLResponse, Stack } from '../helpers/stack.js';

const BOTH =
  '{ kreaAssets(first: 2) { nodes { providerId } } argilAssets(first: 2) { totalCount nodes { providerId } } }';
interface Both {
  kreaAssets: { nodes: { providerId: string }[] };
  argilAssets: { totalCount: number; nodes: { providerId: string }[] };
}

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ sandbox: { kreaAssets: 10, argilAssets: 10, kreaJobs: 5 }, upstreamTimeoutMs: 1500 });
});
afterAll(() => stack.close());
afterEach(() => {
  stack.sandbox.controls.clearFaults();
  stack.sandbox.controls.resetCalls();
});

function kreaError(response: GraphQLResponse<Both>) {
  return response.errors?.find((error) => error.path?.[0] === 'kreaAssets')?.extensions;
}

async function healthy() {
  expect((await stack.gateway.fetch('http://gateway/healthz')).status).toBe(200);
  const response = await stack.query<Both>(BOTH);
  expect(response.errors).toBeUndefined();
  expect(response.data!.kreaAssets.nodes).toHaveLength(2);
}

const kreaList = () => stack.sandbox.controls.count('krea', 'GET', '/assets');

describe('faults, one at a time', () => {
  const persistent: Array<{ name: string; fault: Fault; code: string; attempts: number }> = [
    {
      name: 'a 429 without Retry-After',
      fault: { provider: 'krea', kind: 'status', status: 429, times: 99 },
      code: 'RATE_LIMITED',
      attempts: 4,
    },
    {
      name: 'a 500 (not retried)',
      fault: { provider: 'krea', kind: 'status', status: 500, times: 99 },
      code: 'UPSTREAM_UNAVAILABLE',
      attempts: 1,
    },
    {
      name: 'a 503',
      fault: { provider: 'krea', kind: 'status', status: 503, times: 99 },
      code: 'UPSTREAM_UNAVAILABLE',
      attempts: 4,
    },
    {
      name: 'a reset connection',
      fault: { provider: 'krea', kind: 'reset', times: 99 },
      code: 'UPSTREAM_UNAVAILABLE',
      attempts: 4,
    },
    {
      name: 'malformed JSON (not retried)',
      fault: { provider: 'krea', kind: 'malformed-json', times: 99 },
      code: 'UPSTREAM_UNAVAILABLE',
      attempts: 1,
    },
    { name: 'a stall', fault: { provider: 'krea', kind: 'stall', times: 99 }, code: 'UPSTREAM_TIMEOUT', attempts: 1 },
    {
      name: 'a slowly trickled body',
      fault: { provider: 'krea', kind: 'trickle', times: 99 },
      code: 'UPSTREAM_TIMEOUT',
      attempts: 1,
    },
  ];
  for (const { name, fault, code, attempts } of persistent) {
    it(`answers ${code} for ${name}, keeps Argil's data, and stays healthy`, async () => {
      stack.sandbox.controls.injectFault({ ...fault, path: '/assets' });
      const response = await stack.query<Both>(BOTH);
      expect(kreaError(response)).toMatchObject({ code, provider: 'KREA' });
      expect(response.data!.argilAssets.nodes).toHaveLength(2);
      expect(kreaList()).toBe(attempts);
      stack.sandbox.controls.clearFaults();
      await healthy();
    });
  }

  it('retries a transient 503 or reset and succeeds', async () => {
    for (const fault of [
      { kind: 'status', status: 503, times: 2 },
      { kind: 'reset', times: 1 },
      { kind: 'status', status: 502, times: 1 },
    ] as const) {
      stack.sandbox.controls.resetCalls();
      stack.sandbox.controls.injectFault({ provider: 'krea', path: '/assets', ...fault });
      const response = await stack.query<Both>(BOTH);
      expect(response.errors, JSON.stringify(fault)).toBeUndefined();
      expect(kreaList()).toBe(fault.times + 1);
    }
  });

  it('waits out a Retry-After that fits the deadline (seconds or HTTP date)', async () => {
    for (const retryAfter of ['1', new Date(Date.now() + 1000).toUTCString()]) {
      stack.sandbox.controls.resetCalls();
      stack.sandbox.controls.injectFault({
        provider: 'krea',
        path: '/assets',
        kind: 'status',
        status: 429,
        headers: { 'retry-after': retryAfter },
      });
      const response = await stack.query<Both>(BOTH);
      expect(response.errors).toBeUndefined();
      expect(kreaList()).toBe(2);
    }
  });

  it('answers RATE_LIMITED with retryAfterSeconds at once when the deadline cannot wait', async () => {
    stack.sandbox.controls.injectFault({
      provider: 'krea',
      path: '/assets',
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '30' },
      times: 99,
    });
    const response = await stack.query<Both>(BOTH);
    expect(kreaError(response)).toEqual({ code: 'RATE_LIMITED', provider: 'KREA', retryAfterSeconds: 30 });
    expect(kreaList()).toBe(1);
  });

  it('reports the last answer, not a timeout, when retries run into the deadline', async () => {
    stack.sandbox.controls.injectFault({ provider: 'krea', path: '/assets', kind: 'status', status: 503, times: 1 });
    stack.sandbox.controls.injectFault({ provider: 'krea', path: '/assets', kind: 'stall', times: 1 });
    const response = await stack.query<Both>(BOTH);
    expect(kreaError(response)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'KREA' });
  });

  it('never passes on the upstream URL or body in an error', async () => {
    stack.sandbox.controls.injectFault({
      provider: 'krea',
      kind: 'status',
      status: 502,
      times: 99,
      body: '<html>upstream proxy secret page</html>',
    });
    const response = await stack.query<Both>(BOTH);
    expect(kreaError(response)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'KREA' });
    const text = JSON.stringify(response.errors);
    expect(text).not.toContain('secret page');
    expect(text).not.toContain('127.0.0.1');
  });

  it('never retries a POST', async () => {
    stack.sandbox.controls.injectFault({
      provider: 'argil',
      path: '/v1/assets',
      method: 'POST',
      kind: 'status',
      status: 503,
    });
    const response = await stack.query(
      'mutation { importArgilAsset(input: { url: "https://e.com/a.png", name: "a", type: IMAGE }) { asset { id } } }',
    );
    expect(response.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'ARGIL' });
    expect(stack.sandbox.controls.count('argil', 'POST')).toBe(1);
  });

  it('retries a DELETE only after a connection failure before any response', async () => {
    const data = stack.sandbox.tenants[0]!.data;
    const remove = (id: string) =>
      stack.query('mutation($id: ID!) { deleteAsset(id: $id) { deletedId } }', {
        id: Buffer.from(`KreaAsset:${id}`).toString('base64'),
      });
    stack.sandbox.controls.injectFault({ provider: 'krea', method: 'DELETE', kind: 'reset' });
    expect((await remove(data.kreaAssets[8]!.id)).errors).toBeUndefined();
    expect(stack.sandbox.controls.count('krea', 'DELETE')).toBe(2);
    stack.sandbox.controls.resetCalls();
    stack.sandbox.controls.injectFault({ provider: 'krea', method: 'DELETE', kind: 'status', status: 503 });
    const refused = await remove(data.kreaAssets[7]!.id);
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(stack.sandbox.controls.count('krea', 'DELETE')).toBe(1);
  });
});
