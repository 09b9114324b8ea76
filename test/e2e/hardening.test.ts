/**
 * Hostile input never gets a 5xx, a crash or an upstream call; gateway keys,
 * introspection and CORS behave as configured.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codes, startStack } from '../helpers/stack.js';
import type { GraphQLResponse, Stack } from '../helpers/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ sandbox: { kreaAssets: 20, argilAssets: 20, kreaJobs: 10 } });
});
afterAll(() => stack.close());
beforeEach(() => stack.sandbox.controls.resetCalls());

const repeat = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join(' ');

function deepIntrospection(levels: number): string {
  let selection = 'name';
  for (let i = 0; i < levels; i++) selection = `ofType { ${selection} }`;
  return `{ __schema { types { fields { type { ${selection} } } } } }`;
}

describe('hostile operations are refused before any upstream call', () => {
  const corpus: Array<[string, string, Record<string, unknown>?]> = [
    ['deep nesting', deepIntrospection(30)],
    [
      'deep nesting through fragments',
      `query { __schema { types { ...A } } } fragment A on __Type { fields { type { ...B } } } fragment B on __Type { ofType { ...C } } fragment C on __Type { ${'ofType { '.repeat(20)}name${' }'.repeat(20)} }`,
    ],
    [
      'an alias flood',
      `{ ${repeat(50, (i) => `a${i}: kreaAsset(id: "00000000-0000-4000-8000-00000000000${i % 10}") { id }`)} }`,
    ],
    ['a token flood', `{ ${'__typename '.repeat(8000)} }`],
    ['a directive flood', `{ kreaAssets(first: 1) { nodes { id ${'@include(if: true) '.repeat(40)} } } }`],
    [
      'a costly fan-out',
      `{ ${repeat(12, (i) => `a${i}: kreaAssets(first: 100) { nodes { id url width height mimeType } }`)} }`,
    ],
    ['a page over MAX_PAGE_SIZE', '{ kreaAssets(first: 101) { nodes { id } } }'],
    [
      'more than 100 node ids',
      'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      { ids: Array.from({ length: 101 }, (_, i) => `id${i}`) },
    ],
  ];
  for (const [name, query, variables] of corpus) {
    it(`refuses ${name}`, async () => {
      const response = await stack.query(query, variables);
      expect(response.status).toBeLessThan(500);
      const got = codes(response);
      expect(got.length).toBeGreaterThan(0);
      // A repeated directive is also plain invalid (GRAPHQL_VALIDATION_FAILED) besides too many.
      for (const code of got)
        expect(['QUERY_TOO_COMPLEX', 'BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(code);
      expect(got.some((code) => code !== 'GRAPHQL_VALIDATION_FAILED')).toBe(true);
      expect(stack.sandbox.controls.calls).toHaveLength(0);
    });
  }

  it('answers a 2 MB garbage body and malformed JSON with a 4xx, not a crash', async () => {
    const garbage = Buffer.alloc(2_000_000);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) & 0xff;
    for (const body of [garbage, Buffer.from('{"query": "{ kreaAssets'), Buffer.from('x'.repeat(3_000_000))]) {
      const response = await stack.gateway.fetch('http://gateway/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      await response.text();
    }
    expect((await stack.gateway.fetch('http://gateway/healthz')).status).toBe(200);
    expect(stack.sandbox.controls.calls).toHaveLength(0);
  });

  it('lets GraphiQL’s own introspection through', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const response = await stack.query(getIntrospectionQuery());
    expect(response.errors).toBeUndefined();
  });
});

describe('fuzzing', () => {
  const noServerError = (response: GraphQLResponse<unknown>) => {
    expect(response.status).toBeLessThan(500);
    for (const code of codes(response)) expect(code).not.toBe('INTERNAL_SERVER_ERROR');
  };

  it('cursors: any string is BAD_USER_INPUT or a page, never a crash, and a refusal costs no upstream call', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), fc.base64String({ maxLength: 200 })), async (cursor) => {
        stack.sandbox.controls.resetCalls();
        for (const query of [
          'query($c: String) { kreaAssets(first: 2, after: $c) { nodes { id } } }',
          'query($c: String) { argilAssets(last: 2, before: $c) { nodes { id } } }',
          'query($c: String) { assets(first: 2, after: $c) { nodes { id } } }',
          'query($c: String) { kreaJobs(first: 2, after: $c) { nodes { id } } }',
        ]) {
          const response = await stack.query(query, { c: cursor });
          noServerError(response);
          expect(codes(response)).toEqual(['BAD_USER_INPUT']);
        }
        expect(stack.sandbox.controls.calls).toHaveLength(0);
      }),
      { numRuns: 60 },
    );
  });

  it('ids: any string is null for node and BAD_USER_INPUT for a mutation, with no upstream call', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 120 }), async (id) => {
        stack.sandbox.controls.resetCalls();
        const node = await stack.query<{ node: null }>('query($id: ID!) { node(id: $id) { id } }', { id });
        noServerError(node);
        expect(node.data?.node ?? null).toBeNull();
        const deleted = await stack.query('mutation($id: ID!) { deleteAsset(id: $id) { deletedId } }', { id });
        noServerError(deleted);
        expect(codes(deleted)).toEqual(['BAD_USER_INPUT']);
        expect(stack.sandbox.controls.calls).toHaveLength(0);
      }),
      { numRuns: 60 },
    );
  });

  it('arguments and variables of any JSON shape: never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 2 }), async (first, filter) => {
        for (const [query, variables] of [
          ['query($f: Int) { kreaAssets(first: $f) { nodes { id } } }', { f: first }],
          ['query($f: AssetFilter) { assets(first: 1, filter: $f) { nodes { id } } }', { f: filter }],
          ['query($i: ImportArgilAssetInput!) { __typename }', { i: filter }],
          ['query($v: [ArgilAssetType!]) { argilAssets(first: 1, types: $v) { totalCount } }', { v: first }],
        ] as const) {
          noServerError(await stack.query(query, variables as Record<string, unknown>));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('bodies: random request bodies and content types never get a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3000 }),
        fc.constantFrom(
          'application/json',
          'multipart/form-data; boundary=x',
          'text/plain',
          'application/graphql+json',
        ),
        async (bytes, contentType) => {
          const response = await stack.gateway.fetch('http://gateway/graphql', {
            method: 'POST',
            headers: { 'content-type': contentType, 'x-graphql-yoga-csrf': '1' },
            body: bytes,
          });
          expect(response.status).toBeLessThan(500);
          await response.text();
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('access', () => {
  it('requires a gateway key on /graphql when keys are configured; health and metrics stay open', async () => {
    const locked = await startStack({ gateway: { gatewayApiKeys: ['key-one', 'key-two'] } });
    try {
      const ask = (authorization?: string) =>
        locked.query('{ __typename }', {}, authorization === undefined ? {} : { authorization });
      for (const bad of [
        undefined,
        'Bearer nope',
        'key-one',
        'Bearer key-on',
        'Bearer key-one-and-more',
        'Basic a2V5LW9uZQ==',
      ]) {
        const response = await ask(bad);
        expect(response.status, String(bad)).toBe(401);
        expect(codes(response)).toEqual(['UNAUTHENTICATED']);
      }
      for (const good of ['Bearer key-one', 'bearer key-two']) expect((await ask(good)).status).toBe(200);
      for (const path of ['/healthz', '/readyz', '/metrics']) {
        expect((await locked.gateway.fetch(`http://gateway${path}`)).status, path).toBe(200);
      }
      // The GraphiQL page holds no data; its own requests need the key like any other.
      const page = await locked.gateway.fetch('http://gateway/graphql', { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      expect(locked.sandbox.controls.calls).toHaveLength(0);
    } finally {
      await locked.close();
    }
  });

  it('turns introspection off when asked, and keeps serving queries', async () => {
    const closed = await startStack({ gateway: { introspection: false } });
    try {
      const introspection = await closed.query('{ __schema { types { name } } }');
      expect(introspection.errors?.length).toBeGreaterThan(0);
      expect((await closed.query('{ kreaAssets(first: 1) { nodes { id } } }')).errors).toBeUndefined();
    } finally {
      await closed.close();
    }
  });

  it('answers CORS preflights only for allowed origins', async () => {
    const cors = await startStack({ gateway: { corsOrigins: ['https://app.example.com'] } });
    try {
      const preflight = (origin: string) =>
        cors.gateway.fetch('http://gateway/graphql', {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type',
          },
        });
      expect((await preflight('https://app.example.com')).headers.get('access-control-allow-origin')).toBe(
        'https://app.example.com',
      );
      // yoga names the one allowed origin; the browser refuses a mismatch.
      const evil = (await preflight('https://evil.example.com')).headers.get('access-control-allow-origin');
      expect(evil === null || evil === 'https://app.example.com').toBe(true);
    } finally {
      await cors.close();
    }
    const none = await stack.gateway.fetch('http://gateway/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
  });
});
