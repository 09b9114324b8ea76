/**
 * Scopes on the live entry points (issue 23): subscriptions over SSE and
 * over WebSocket, and queries and mutations over WebSocket, with real tokens
 * (the WebSocket's in `connection_init`). A subscription the token lacks
 * media:read for answers one result with FORBIDDEN and starts no poller; a
 * reader's subscription streams as before.
 */
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import type { Client as WsClient } from 'graphql-ws';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AUDIENCE, ISSUER, startIssuer } from '../helpers/jwks.js';
import type { TestIssuer } from '../helpers/jwks.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';
import { until, within, wsUrl } from '../helpers/ws-client.js';

const JOB_UPDATES = 'subscription($id: ID!) { kreaJobUpdates(id: $id) { status } }';

let issuer: TestIssuer;
let stack: Stack;
let url: string;
const clients: WsClient[] = [];

beforeAll(async () => {
  issuer = await startIssuer();
  stack = await startStack({
    sandbox: { kreaAssets: 5, argilAssets: 5, kreaJobs: 5 },
    gateway: { tokens: { jwksUrl: issuer.jwksUrl, issuer: ISSUER, audience: AUDIENCE } },
  });
  url = await stack.listen();
});
afterAll(async () => {
  for (const client of clients) await client.dispose();
  await stack.close();
  await issuer.close();
});
beforeEach(() => stack.sandbox.controls.resetCalls());

const bearer = async (scope: string) => `Bearer ${await issuer.sign({ scope })}`;
/**
 * The refused subscriptions ask for one job and the readers' for another: a
 * reader's poller may still have a poll on its way after it stopped, and it
 * must not count as a call for the refused job.
 */
const REFUSED_JOB = 0;
const READ_JOB = 1;
const providerId = (job: number) => stack.sandbox.tenants[0]!.data.kreaJobs[job]!.job_id;
const jobId = (job: number) => Buffer.from(`KreaJob:${providerId(job)}`).toString('base64');
const jobGets = (job: number) => stack.sandbox.controls.count('krea', 'GET', `/jobs/${providerId(job)}`);
interface Answer {
  errors?: ReadonlyArray<{ message: string; path?: ReadonlyArray<string | number>; extensions?: object }>;
}
const refusals = (result: Answer) =>
  (result.errors ?? []).map((error) => [error.path, (error.extensions as { code?: unknown })?.code, error.message]);
const READ_REFUSED = 'This field requires the scope media:read';

/** Every result of one operation, until it completes. */
async function all<T>(iterator: AsyncIterable<T>, what: string): Promise<T[]> {
  const results: T[] = [];
  await within(
    (async () => {
      for await (const result of iterator) results.push(result);
    })(),
    what,
  );
  return results;
}

/** The first result of a subscription; then unsubscribes, and waits for its poller to stop (no call after the test). */
async function first<T>(iterator: AsyncIterableIterator<T>, what: string): Promise<T> {
  const result = await within(iterator.next(), what);
  await iterator.return?.();
  await until(() => stack.services.live.activePollers === 0, 'the poller to stop');
  return result.value as T;
}

async function wsClient(scope: string): Promise<WsClient> {
  const client = createWsClient({
    url: wsUrl(url),
    connectionParams: { authorization: await bearer(scope) },
    retryAttempts: 0,
    webSocketImpl: WebSocket,
  });
  clients.push(client);
  return client;
}

describe('subscriptions over SSE', () => {
  it('without media:read: one FORBIDDEN result, no poller, no upstream call; a reader gets the job', async () => {
    const refused = createSseClient({ url, headers: { authorization: await bearer('media:write') }, retryAttempts: 0 });
    const reader = createSseClient({ url, headers: { authorization: await bearer('media:read') }, retryAttempts: 0 });
    try {
      const results = await all(
        refused.iterate({ query: JOB_UPDATES, variables: { id: jobId(REFUSED_JOB) } }),
        'the refusal',
      );
      expect(results).toHaveLength(1);
      expect(results[0]!.data).toEqual({ kreaJobUpdates: null });
      expect(refusals(results[0]!)).toEqual([[['kreaJobUpdates'], 'FORBIDDEN', READ_REFUSED]]);
      expect(stack.services.live.openSubscriptions).toBe(0);
      expect(stack.services.live.activePollers).toBe(0);
      expect(jobGets(REFUSED_JOB)).toBe(0);

      const iterator = reader.iterate<{ kreaJobUpdates: { status: string } }>({
        query: JOB_UPDATES,
        variables: { id: jobId(READ_JOB) },
      });
      const event = await first(iterator, 'the first event');
      expect(event.errors).toBeUndefined();
      expect(typeof event.data!.kreaJobUpdates.status).toBe('string');
    } finally {
      refused.dispose();
      reader.dispose();
    }
  });
});

describe('over WebSocket (the token in connection_init)', () => {
  it('a subscription without media:read: one FORBIDDEN result, no poller, no upstream call', async () => {
    const client = await wsClient('media:generate');
    const results = await all(
      client.iterate({ query: JOB_UPDATES, variables: { id: jobId(REFUSED_JOB) } }),
      'the refusal',
    );
    expect(results).toHaveLength(1);
    expect(results[0]!.data).toEqual({ kreaJobUpdates: null });
    expect(refusals(results[0]!)).toEqual([[['kreaJobUpdates'], 'FORBIDDEN', READ_REFUSED]]);
    expect(stack.services.live.openSubscriptions).toBe(0);
    expect(jobGets(REFUSED_JOB)).toBe(0);
  });

  it("a reader's subscription streams; its query reads; its generation is refused, nothing posted", async () => {
    const client = await wsClient('media:read');
    const event = await first(
      client.iterate<{ kreaJobUpdates: { status: string } }>({
        query: JOB_UPDATES,
        variables: { id: jobId(READ_JOB) },
      }),
      'the first event',
    );
    expect(event.errors).toBeUndefined();
    expect(typeof event.data!.kreaJobUpdates.status).toBe('string');
    const read = await all(client.iterate({ query: '{ kreaAssets(first: 1) { nodes { id } } }' }), 'the read');
    expect(read[0]!.errors).toBeUndefined();
    expect(stack.sandbox.controls.count('krea', 'GET', '/assets')).toBe(1);
    const generated = await all(
      client.iterate({
        query: 'mutation { generateKreaImage(input: { bflFlux1Dev: { prompt: "a" } }) { job { id } } }',
      }),
      'the refusal',
    );
    expect(generated[0]!.data).toEqual({ generateKreaImage: null });
    expect(refusals(generated[0]!)).toEqual([
      [['generateKreaImage'], 'FORBIDDEN', 'This field requires the scope media:generate'],
    ]);
    expect(stack.sandbox.controls.count('krea', 'POST')).toBe(0);
  });

  it('a query without media:read: the read is refused, viewer beside it answered', async () => {
    const client = await wsClient('media:write');
    const results = await all(
      client.iterate({ query: '{ kreaAssets(first: 1) { nodes { id } } viewer { subject scopes } }' }),
      'the answer',
    );
    expect(results[0]!.data).toEqual({
      kreaAssets: null,
      viewer: { subject: `user-1@${ISSUER}`, scopes: ['media:write'] },
    });
    expect(refusals(results[0]!)).toEqual([[['kreaAssets'], 'FORBIDDEN', READ_REFUSED]]);
    expect(stack.sandbox.controls.count('krea', 'GET', '/assets')).toBe(0);
  });
});
