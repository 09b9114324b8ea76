/**
 * The compiled lane (src/server/lane/) answers the requests it takes as yoga
 * answers them, to the byte: each request below is sent over the gateway's
 * listener, where the lane sits, and through yoga in-process
 * (`gateway.fetch`), and both answers must have the same status, media
 * type, request id and body. The lane's own counter says which lane
 * answered each one over the listener: the compiled lane for well-formed
 * queries and mutations (errors at fields, refused budgets and refused
 * credentials included), yoga, with the reason, for everything else
 * (malformed bodies, invalid documents, limits, bad variables, GET
 * mutations, subscriptions, @defer, other media types, chunked or
 * oversized bodies, APQ registrations and misses).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF } from '../helpers/multipart.js';
import { laneCounts, moved, overListener, plannedCount, throughYoga } from '../helpers/lane.js';
import type { RawRequest } from '../helpers/lane.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const JSON_TYPE = { 'content-type': 'application/json', accept: 'application/json' };
const post = (body: unknown, headers: Record<string, string> = {}): RawRequest => ({
  headers: { ...JSON_TYPE, ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const get = (params: Record<string, string>, headers: Record<string, string> = {}): RawRequest => ({
  method: 'GET',
  path: `/graphql?${new URLSearchParams(params).toString()}`,
  headers: { accept: 'application/json', ...headers },
});

const ASSETS = '{ kreaAssets(first: 3) { nodes { id url width height mimeType createdAt } pageInfo { hasNextPage } } }';
const TWO = 'query A { kreaAssets(first: 1) { nodes { id } } } query B { argilAssets(first: 2) { nodes { id name } } }';
const NESTED = `{ ${'jobs(first: 1) { nodes { ... on KreaJob { '.repeat(1)}result { urls } } } } }`;
const deep = (levels: number) =>
  `{ ${'node(id: "x") { ... on KreaAsset { '.repeat(levels)}id${' } }'.repeat(levels)} }`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let stack: Stack;
let unknownUuid: string;

beforeAll(async () => {
  stack = await startStack({ sandbox: { stepMs: 0, kreaAssets: 12, argilAssets: 12, kreaJobs: 6 } });
  unknownUuid = '00000000-0000-4000-8000-000000000000';
});
afterAll(() => stack.close());

/** Sends `request` over the listener and through yoga; the lane that answered it over the listener. */
async function compare(request: RawRequest, sameBody = true): Promise<string> {
  const withId = { ...request, headers: { ...request.headers, 'x-request-id': 'lane-compare-1' } };
  const before = await laneCounts(stack);
  const lane = await overListener(stack, withId);
  const answered = moved(before, await laneCounts(stack));
  const yoga = await throughYoga(stack, withId);
  expect([lane.status, lane.contentType, lane.requestId]).toEqual([yoga.status, yoga.contentType, yoga.requestId]);
  if (sameBody) expect(lane.text).toBe(yoga.text);
  return answered;
}

describe('the compiled lane answers as yoga does', () => {
  it('queries and mutations it takes, with data, field errors and refusals', async () => {
    const kreaAsset = stack.sandbox.tenants[0]!.data.kreaAssets[0]!.id;
    const ids = Array.from({ length: 101 }, (_, i) => Buffer.from(`KreaAsset:${i}`).toString('base64'));
    const cases: Array<[string, RawRequest]> = [
      ['a query', post({ query: ASSETS })],
      ['one of two operations, by name', post({ query: TWO, operationName: 'B' })],
      [
        'variables',
        post({ query: 'query($n: Int!) { argilAssets(first: $n) { nodes { id } } }', variables: { n: 2 } }),
      ],
      ['GET', get({ query: ASSETS })],
      [
        'GET with variables',
        get({ query: 'query($n: Int) { kreaJobs(first: $n) { nodes { status } } }', variables: '{"n":2}' }),
      ],
      ['graphql-response+json', post({ query: ASSETS }, { accept: 'application/graphql-response+json' })],
      ['*/*', post({ query: '{ __typename }' }, { accept: '*/*' })],
      [
        'both JSON types',
        post({ query: ASSETS }, { accept: 'application/graphql-response+json, application/json;q=0.9' }),
      ],
      ['a charset', post({ query: ASSETS }, { 'content-type': 'application/json; charset=utf-8' })],
      ['no Accept', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: ASSETS }) }],
      [
        'an unknown id beside a known one',
        post({ query: `{ kreaAsset(id: "${unknownUuid}") { id } ok: kreaAsset(id: "${kreaAsset}") { id } }` }),
      ],
      [
        'a provider refusing the credential',
        post({ query: '{ assets(first: 4) { nodes { id } } }' }, { 'x-argil-api-key': 'wrong' }),
      ],
      ['a null in a list', post({ query: `{ nodes(ids: ["${ids[0]}", "garbage"]) { id } }` })],
      [
        'over the operation budget',
        post({ query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids } }),
      ],
      ['a mutation refused at its field', post({ query: 'mutation { deleteAsset(id: "bad") { deletedId } }' })],
      ['introspection', post({ query: '{ __type(name: "Provider") { enumValues { name } } }' })],
      [
        'too costly (complexity)',
        post({
          query:
            '{ a: kreaAssets(first: 100) { nodes { id url width height mimeType createdAt description sizeBytes } } b: argilAssets(first: 100) { nodes { id url name type status createdAt } } c: kreaJobs(first: 100) { nodes { id status providerStatus createdAt completedAt } } d: assets(first: 100) { nodes { id url provider kind createdAt } } }',
        }),
      ],
    ];
    for (const [name, request] of cases) expect([name, await compare(request)]).toEqual([name, 'compiled']);
  });

  it('runs the queries graphql-jit may run through compiled plans, the rest on graphql-js; COMPILED_PLANS=0 none', async () => {
    const ran = async (on: Stack, request: RawRequest) => {
      const before = await plannedCount(on);
      const answer = await overListener(on, request);
      return { planned: (await plannedCount(on)) - before, answer };
    };
    const withVariables = post({
      query: 'query ($n: Int) { kreaAssets(first: $n) { nodes { id } } }',
      variables: { n: 2 },
    });
    for (const request of [post({ query: ASSETS }), withVariables]) {
      expect(await compare(request)).toBe('compiled');
      expect((await ran(stack, request)).planned).toBe(1);
    }
    // String literals reach the compiled function as data, never as code.
    const hostile = post({
      query: `{ argilVoices(gender: "MALE", language: "\\"); globalThis.laneInjected = 1; (\\"") { name } }`,
    });
    expect(await compare(hostile)).toBe('compiled');
    expect((await ran(stack, hostile)).planned).toBe(1);
    expect((globalThis as { laneInjected?: number }).laneInjected).toBeUndefined();
    // Fragments stay on graphql-js' execute (plan.ts says why), answered alike.
    expect(await compare(post({ query: NESTED }))).toBe('compiled');
    expect((await ran(stack, post({ query: NESTED }))).planned).toBe(0);
    const unplanned = await startStack({
      sandbox: { stepMs: 0, kreaAssets: 12, argilAssets: 12, kreaJobs: 6 },
      gateway: { compiledPlans: false },
    });
    try {
      const off = await ran(unplanned, post({ query: ASSETS }));
      expect(off.planned).toBe(0);
      expect(off.answer.text).toBe((await throughYoga(unplanned, post({ query: ASSETS }))).text);
    } finally {
      await unplanned.close();
    }
  });

  it('variables nested deeper than a JSON serialiser recurses, unused by the operation', async () => {
    const nested = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const body = `{"query":"{ __typename }","variables":{"a":${nested}}}`;
    expect(await compare({ headers: JSON_TYPE, body })).toBe('compiled');
  });

  it('an empty operationName is not an absent one, whichever comes first', async () => {
    const query = 'query A { kreaAssets(first: 1) { nodes { id } } }';
    // Empty first: yoga refuses it, and the document's operation stays the lane's.
    expect(await compare(post({ query, operationName: '' }))).toBe('yoga/operation');
    expect(await compare(post({ query }))).toBe('compiled');
    // Empty once the operation picked without a name is known: still yoga's refusal.
    expect(await compare(post({ query, operationName: '' }))).toBe('yoga/operation');
    const strict = { accept: 'application/graphql-response+json' };
    expect(await compare(post({ query, operationName: '' }, strict))).toBe('yoga/operation');
  });

  it('hands yoga, untouched, everything else', async () => {
    const long = JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(2_100_000) } });
    const cases: Array<[string, RawRequest, string, boolean?]> = [
      ['malformed JSON', post('{"query": '), 'yoga/params'],
      ['an array (batching)', post([{ query: ASSETS }]), 'yoga/params'],
      ['an unknown parameter', post({ query: ASSETS, extra: 1 }), 'yoga/params'],
      ['a query that is not a string', post({ query: 7 }), 'yoga/params'],
      ['variables as a list', post({ query: ASSETS, variables: [1] }), 'yoga/params'],
      ['no query', post({ variables: {} }), 'yoga/document'],
      ['a syntax error', post({ query: '{ kreaAssets(first: 2 { nodes { id } } }' }), 'yoga/document'],
      ['an unknown field', post({ query: '{ kreaAssetz { id } }' }), 'yoga/document'],
      ['too deep (depth limit)', post({ query: deep(9) }), 'yoga/document'],
      [
        'too many aliases',
        post({ query: `{ ${Array.from({ length: 21 }, (_, i) => `a${i}: kreaStyle(id: "s") { id }`).join(' ')} }` }),
        'yoga/document',
      ],
      ['@defer', post({ query: `{ ... @defer { ${NESTED.slice(2, -2)} } }` }), 'yoga/document'],
      ['an unknown operation name', post({ query: TWO, operationName: 'C' }), 'yoga/operation'],
      ['a subscription', post({ query: 'subscription { jobUpdates(id: "x") { state } }' }), 'yoga/operation'],
      ['a mutation over GET', get({ query: 'mutation { deleteAsset(id: "bad") { deletedId } }' }), 'yoga/operation'],
      [
        'a variable of the wrong type',
        post({ query: 'query($n: Int!) { kreaAssets(first: $n) { nodes { id } } }', variables: { n: 'two' } }),
        'yoga/variables',
      ],
      [
        'a missing required variable',
        post({ query: 'query($n: Int!) { kreaAssets(first: $n) { nodes { id } } }' }),
        'yoga/variables',
      ],
      ['GET with malformed variables', get({ query: ASSETS, variables: '{nope' }), 'yoga/params'],
      ['GET without a query string', { method: 'GET', headers: { accept: 'application/json' } }, 'yoga/params'],
      [
        'text/plain without a preflight header (CSRF)',
        { headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: ASSETS }) },
        'yoga/content-type',
      ],
      [
        'text/plain with one',
        { headers: { 'content-type': 'text/plain', ...CSRF }, body: JSON.stringify({ query: ASSETS }) },
        'yoga/content-type',
      ],
      ['an event stream', post({ query: ASSETS }, { accept: 'text/event-stream' }), 'yoga/accept'],
      ['nothing JSON acceptable', post({ query: ASSETS }, { accept: 'application/xml' }), 'yoga/accept'],
      [
        'GraphiQL',
        { method: 'GET', path: '/graphql?query=%7B__typename%7D', headers: { accept: 'text/html' } },
        'yoga/accept',
        false,
      ],
      ['a chunked body', { headers: JSON_TYPE, body: ['{"query":', JSON.stringify(ASSETS), '}'] }, 'yoga/body'],
      ['a body over MAX_REQUEST_BYTES', post(long), 'yoga/body'],
      ['OPTIONS', { method: 'OPTIONS' }, 'yoga/method'],
      ['PUT', { method: 'PUT', headers: JSON_TYPE, body: JSON.stringify({ query: ASSETS }) }, 'yoga/method'],
      ['another path', { method: 'GET', path: '/healthz' }, 'yoga/path'],
      ['a trailing slash', { ...post({ query: ASSETS }), path: '/graphql/' }, 'yoga/path'],
    ];
    for (const [name, request, lane, sameBody] of cases) {
      expect([name, await compare(request, sameBody)]).toEqual([name, lane]);
    }
  });

  it('automatic persisted queries: a miss and a registration are yoga’s, a hit is the lane’s', async () => {
    const query = '{ kreaAssets(first: 2) { nodes { id } } }';
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
    expect(await compare(post({ extensions }))).toBe('yoga/document');
    expect(await compare(post({ query, extensions }))).toBe('yoga/document');
    expect(await compare(post({ extensions }))).toBe('compiled');
    expect(await compare(get({ extensions: JSON.stringify(extensions) }))).toBe('compiled');
    // A hash that does not match its text is the plugin's to refuse.
    const wrong = { persistedQuery: { version: 1, sha256Hash: sha256('{ __typename }') } };
    expect(await compare(post({ query, extensions: wrong }))).toBe('yoga/document');
  });

  it('counts and logs what it answers like yoga: operations, errors by code', async () => {
    const read = async (name: string) =>
      (await stack.services.metrics.registry.getSingleMetric(name)?.get())?.values ?? [];
    const count = async (name: string, label: string, value: string) =>
      (await read(name)).filter((entry) => entry.labels[label] === value).reduce((sum, entry) => sum + entry.value, 0);
    const [queries, refused] = [
      await count('mediagraph_graphql_operations_total', 'type', 'query'),
      await count('mediagraph_graphql_errors_total', 'code', 'UNAUTHENTICATED'),
    ];
    const before = await laneCounts(stack);
    await overListener(
      stack,
      post({ query: '{ argilAssets(first: 1) { nodes { id } } }' }, { 'x-argil-api-key': 'no' }),
    );
    expect(moved(before, await laneCounts(stack))).toBe('compiled');
    expect(await count('mediagraph_graphql_operations_total', 'type', 'query')).toBe(queries + 1);
    expect(await count('mediagraph_graphql_errors_total', 'code', 'UNAUTHENTICATED')).toBe(refused + 1);
  });
});
