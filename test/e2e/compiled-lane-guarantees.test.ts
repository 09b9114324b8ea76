/**
 * What the gateway promises holds on the compiled lane too, and the lane's
 * counter shows which lane kept each promise: introspection off
 * (INTROSPECTION=0), trusted documents only (PERSISTED_OPERATIONS=only),
 * gateway keys (a refusal answered by the lane with yoga's 401), CORS (a
 * cross-origin request is yoga's, with its CORS headers), the request log
 * (the lane's line says what yoga's says), and COMPILED_LANE=0 (yoga
 * answers everything).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { persistedOperations } from '../../src/server/persisted-operations.js';
import { laneCounts, moved, overListener, throughYoga } from '../helpers/lane.js';
import type { RawRequest } from '../helpers/lane.js';
import { startStack } from '../helpers/stack.js';
import type { Stack, StackOptions } from '../helpers/stack.js';

const post = (body: unknown, headers: Record<string, string> = {}): RawRequest => ({
  headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
  body: JSON.stringify(body),
});
const ASSETS = '{ kreaAssets(first: 2) { nodes { id url } } }';

const stacks: Stack[] = [];
afterAll(async () => {
  for (const stack of stacks) await stack.close();
});
async function stackWith(gateway: StackOptions['gateway']): Promise<Stack> {
  const stack = await startStack({ sandbox: { stepMs: 0, kreaAssets: 6, argilAssets: 6, kreaJobs: 3 }, gateway });
  stacks.push(stack);
  return stack;
}

/** The request over the listener: its answer, and the lane that answered. */
async function send(stack: Stack, request: RawRequest) {
  const before = await laneCounts(stack);
  const answer = await overListener(stack, request);
  return {
    ...answer,
    body: JSON.parse(answer.text) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> },
    lane: moved(before, await laneCounts(stack)),
  };
}
const codesOf = (body: { errors?: Array<{ extensions?: { code?: string } }> }) =>
  (body.errors ?? []).map((error) => error.extensions?.code);

describe('on the compiled lane', () => {
  it('introspection off: the schema is not told, __typename is', async () => {
    const stack = await stackWith({ introspection: false });
    for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "Query") { name } }']) {
      const refused = await send(stack, post({ query }));
      expect([refused.status, [...new Set(codesOf(refused.body))], refused.lane]).toEqual([
        200,
        ['GRAPHQL_VALIDATION_FAILED'],
        'yoga/document',
      ]);
      expect(refused.body.data).toBeUndefined();
    }
    const typename = await send(stack, post({ query: '{ __typename }' }));
    expect([typename.body, typename.lane]).toEqual([{ data: { __typename: 'Query' } }, 'compiled']);
  });

  it('trusted documents only: a manifest id is served, any text refused', async () => {
    const manifest = new Map([['sha256:abc', ASSETS]]);
    const stack = await stackWith({ persisted: persistedOperations({ mode: 'only', manifest }) });
    const byId = await send(stack, post({ documentId: 'sha256:abc' }));
    expect([byId.body.errors, byId.lane]).toEqual([undefined, 'compiled']);
    const url = new URL(await stack.listen());
    const byGet = await send(stack, {
      method: 'GET',
      path: `/graphql?documentId=sha256:abc`,
      headers: { accept: 'application/json' },
    });
    expect([byGet.body, byGet.lane]).toEqual([byId.body, 'compiled']);
    expect(url.pathname).toBe('/graphql');
    const text = await send(stack, post({ query: ASSETS }));
    expect([codesOf(text.body), text.lane]).toEqual([['PERSISTED_QUERY_REQUIRED'], 'yoga/document']);
    const unknown = await send(stack, post({ documentId: 'sha256:def' }));
    expect([codesOf(unknown.body), unknown.lane]).toEqual([['PERSISTED_QUERY_NOT_FOUND'], 'yoga/document']);
  });

  it('gateway keys: without one, yoga’s 401, answered by the lane; with one, the data', async () => {
    const stack = await stackWith({ gatewayApiKeys: ['lane-key-1'] });
    const request = post({ query: ASSETS }, { 'x-request-id': 'lane-keys' });
    const refused = await send(stack, request);
    const yoga = await throughYoga(stack, request);
    expect([refused.status, refused.text, refused.requestId, refused.lane]).toEqual([
      401,
      yoga.text,
      'lane-keys',
      'compiled',
    ]);
    expect(codesOf(refused.body)).toEqual(['UNAUTHENTICATED']);
    const wrong = await send(stack, post({ query: ASSETS }, { authorization: 'Bearer lane-key-2' }));
    expect([wrong.status, wrong.lane]).toEqual([401, 'compiled']);
    const allowed = await send(stack, post({ query: ASSETS }, { authorization: 'Bearer lane-key-1' }));
    expect([allowed.status, allowed.body.errors, allowed.lane]).toEqual([200, undefined, 'compiled']);
  });

  it('CORS: a request with an Origin is yoga’s, with its CORS headers; one without is the lane’s', async () => {
    const stack = await stackWith({ corsOrigins: ['https://app.example'] });
    const url = await stack.listen();
    const before = await laneCounts(stack);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://app.example' },
      body: JSON.stringify({ query: ASSETS }),
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(moved(before, await laneCounts(stack))).toBe('yoga/cors');
    expect((await send(stack, post({ query: ASSETS }))).lane).toBe('compiled');
  });

  it('the request log: the lane’s line says what yoga’s says', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger('info', {
      write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    });
    const stack = await stackWith({ logger });
    const request = post({ query: `query Named ${ASSETS}` }, { 'x-request-id': 'logged-1' });
    expect((await send(stack, request)).lane).toBe('compiled');
    await throughYoga(stack, request);
    const logged = lines.filter((line) => line.msg === 'request');
    expect(logged).toHaveLength(2);
    const comparable = ({ durationMs: _d, time: _t, pid: _p, upstream, ...rest }: Record<string, unknown>) => ({
      ...rest,
      upstream: (upstream as Array<Record<string, unknown>>).map(({ ms: _ms, ...call }) => call),
    });
    expect(comparable(logged[0]!)).toEqual(comparable(logged[1]!));
    expect(logged[0]).toMatchObject({
      requestId: 'logged-1',
      operationName: 'Named',
      operationType: 'query',
      status: 200,
    });
    expect(logged[0]!.upstream).toEqual([expect.objectContaining({ provider: 'krea', outcome: 200 })]);
  });

  it('COMPILED_LANE=0: yoga answers every request, the same way', async () => {
    const stack = await stackWith({ compiledLane: false });
    const answer = await send(stack, post({ query: ASSETS }));
    expect([answer.status, answer.body.errors, answer.lane]).toEqual([200, undefined, 'none']);
  });
});
