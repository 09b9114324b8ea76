/**
 * Persisted operations with the clients that send them: Apollo Client's
 * persisted-queries link (APQ, the default mode: a hash miss, then hits,
 * over GET), urql with its default exchanges (GET queries), and trusted
 * documents (PERSISTED_OPERATIONS=only) from the manifest `npm run codegen`
 * writes, over POST, GET and WebSocket.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { cacheExchange, createClient as createUrql, fetchExchange } from '@urql/core';
import { createClient as createWs } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadManifests, persistedOperations } from '../../src/server/persisted-operations.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';
import { codes } from '../helpers/stack.js';

const root = new URL('../..', import.meta.url).pathname;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Every request a client sent: its method and which parts of an operation it carried. */
interface Sent {
  method: string;
  hasText: boolean;
  hasHash: boolean;
}
function recordingFetch(sent: Sent[]): typeof fetch {
  return async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? init.body : '';
    const params = method === 'GET' ? url.searchParams.toString() : body;
    const decoded = decodeURIComponent(params);
    sent.push({ method, hasText: /"query"|query=/.test(decoded), hasHash: decoded.includes('sha256Hash') });
    return fetch(input, init);
  };
}

describe('automatic persisted queries (the default)', () => {
  let stack: Stack;
  let url: string;
  beforeAll(async () => {
    stack = await startStack({ sandbox: { kreaAssets: 30, argilAssets: 30, kreaJobs: 0 } });
    url = await stack.listen();
  });
  afterAll(() => stack.close());

  const NEWEST = gql`
    query Newest($first: Int!) {
      kreaAssets(first: $first) {
        edges {
          node {
            id
            providerId
          }
        }
      }
    }
  `;

  it("Apollo Client's persisted-queries link: the hash misses once, then hits over GET", async () => {
    const sent: Sent[] = [];
    const apollo = () =>
      new ApolloClient({
        link: new PersistedQueryLink({ sha256, useGETForHashedQueries: true }).concat(
          new HttpLink({ uri: url, fetch: recordingFetch(sent) }),
        ),
        cache: new InMemoryCache(),
      });
    type Newest = { kreaAssets: { edges: Array<{ node: { providerId: string } }> } };
    const first = await apollo().query<Newest>({ query: NEWEST, variables: { first: 3 } });
    const newest = stack.sandbox.tenants[0]!.data.kreaAssets.slice(0, 3).map((asset) => asset.id);
    expect(first.data!.kreaAssets.edges.map((edge) => edge.node.providerId)).toEqual(newest);
    // The hash alone (GET), refused as unknown; then the text with its hash (the link POSTs it), which the gateway keeps.
    expect(sent).toEqual([
      { method: 'GET', hasText: false, hasHash: true },
      { method: 'POST', hasText: true, hasHash: true },
    ]);

    // Another client (a fresh cache) sends the hash alone, and it is enough.
    sent.length = 0;
    stack.sandbox.controls.resetCalls();
    const again = await apollo().query<Newest>({ query: NEWEST, variables: { first: 3 } });
    expect(again.data).toEqual(first.data);
    expect(sent).toEqual([{ method: 'GET', hasText: false, hasHash: true }]);
    expect(stack.sandbox.controls.count('krea', 'GET')).toBe(1);
  });

  it('a hash that does not match its text is refused, and nothing is kept under it', async () => {
    const query = '{ kreaAssets(first: 1) { edges { node { id } } } }';
    const post = (body: unknown) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const wrongHash = sha256('something else');
    const mismatch = await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: wrongHash } } });
    expect(codes((await mismatch.json()) as never)).toEqual(['BAD_USER_INPUT']);
    const lookup = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: wrongHash } } });
    expect(codes((await lookup.json()) as never)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('urql with its default exchanges reads over GET', async () => {
    const sent: Sent[] = [];
    const urql = createUrql({
      url,
      exchanges: [cacheExchange, fetchExchange],
      preferGetMethod: true,
      fetch: recordingFetch(sent),
    });
    const result = await urql
      .query('query Argil($first: Int!) { argilAssets(first: $first) { totalCount nodes { id name } } }', {
        first: 2,
      })
      .toPromise();
    expect(result.error).toBeUndefined();
    expect(result.data.argilAssets.nodes).toHaveLength(2);
    expect(sent.map((request) => request.method)).toEqual(['GET']);
    // Its cache answers the same query again without a request.
    await urql
      .query('query Argil($first: Int!) { argilAssets(first: $first) { totalCount nodes { id name } } }', {
        first: 2,
      })
      .toPromise();
    expect(sent).toHaveLength(1);
  });
});

describe('trusted documents (PERSISTED_OPERATIONS=only)', () => {
  const manifest = loadManifests([join(root, 'examples/generated/persisted-documents.json')]);
  const [newestId, newestText] = [...manifest].find(
    ([id, text]) => id.startsWith('sha256:') && text.includes('NewestKreaAssets'),
  )!;
  let stack: Stack;
  let url: string;
  beforeAll(async () => {
    stack = await startStack({
      sandbox: { kreaAssets: 30, argilAssets: 30, kreaJobs: 0 },
      gateway: { persisted: persistedOperations({ mode: 'only', manifest }) },
    });
    url = await stack.listen();
    stack.sandbox.controls.resetCalls();
  });
  afterAll(() => stack.close());

  const post = async (body: unknown) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, ...((await response.json()) as { data?: unknown; errors?: never }) };
  };
  const first = (data: unknown) =>
    (data as { kreaAssets: { edges: Array<{ node: { providerId: string } }> } }).kreaAssets.edges;

  it('the manifest is the one codegen wrote: ids are the SHA-256 of each document', () => {
    expect(manifest.size).toBeGreaterThanOrEqual(3 * 2);
    expect(newestId).toBe(`sha256:${sha256(newestText)}`);
  });

  it('serves a manifest operation by documentId (POST and GET) and by Apollo’s hash extension', async () => {
    const byId = await post({ documentId: newestId, variables: { first: 2 } });
    expect(first(byId.data).map((edge) => edge.node.providerId)).toEqual(
      stack.sandbox.tenants[0]!.data.kreaAssets.slice(0, 2).map((asset) => asset.id),
    );
    const get = await fetch(
      `${url}?documentId=${encodeURIComponent(newestId)}&variables=${encodeURIComponent('{"first":2}')}`,
    );
    expect(((await get.json()) as { data: unknown }).data).toEqual(byId.data);
    const hex = newestId.slice('sha256:'.length);
    const apollo = await post({
      variables: { first: 2 },
      extensions: { persistedQuery: { version: 1, sha256Hash: hex } },
    });
    expect(apollo.data).toEqual(byId.data);
  });

  it('refuses any operation text before parsing it, and unknown ids, without an upstream call', async () => {
    stack.sandbox.controls.resetCalls();
    // Not even valid GraphQL: refused as text, not as a syntax error.
    for (const query of ['{ kreaAssets(first: 1) { edges { node { id } } } }', '{ nope(', 'x'.repeat(50_000)]) {
      const answer = await post({ query });
      expect(codes(answer as never)).toEqual(['PERSISTED_QUERY_REQUIRED']);
    }
    expect(codes((await post({ documentId: 'sha256:' + '0'.repeat(64) })) as never)).toEqual([
      'PERSISTED_QUERY_NOT_FOUND',
    ]);
    expect(codes((await post({ documentId: '__proto__' })) as never)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(codes((await post({ variables: {} })) as never)).toEqual(['PERSISTED_QUERY_REQUIRED']);
    expect(stack.sandbox.controls.count('krea', 'GET')).toBe(0);
  });

  it('holds over WebSocket too: a text is refused, a documentId runs', async () => {
    const client = createWs({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    const run = (payload: Record<string, unknown>) =>
      new Promise<{ data?: unknown; errors?: Array<{ extensions?: Record<string, unknown> }> }>((resolve, reject) => {
        let last: { data?: unknown } | undefined;
        client.subscribe(payload as never, {
          next: (value) => void (last = value as never),
          error: (error) => (Array.isArray(error) ? resolve({ errors: error }) : reject(error)),
          complete: () => resolve(last!),
        });
      });
    try {
      const text = await run({ query: '{ __typename }' });
      expect(text.errors!.map((error) => error.extensions?.code)).toEqual(['PERSISTED_QUERY_REQUIRED']);
      const byId = await run({ query: '', documentId: newestId, variables: { first: 1 } });
      expect(first(byId.data)).toHaveLength(1);
    } finally {
      await client.dispose();
    }
  });
});
