import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeOffsetCursor } from '../../src/pagination/pages.js';
import { codes, startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const WALK = /* GraphQL */ `
  query Walk($first: Int, $after: String) {
    kreaAssets(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          providerId
          createdAt
          kind
        }
      }
      nodes {
        providerId
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`;

interface WalkPage {
  kreaAssets: {
    edges: { cursor: string; node: { id: string; providerId: string; createdAt: string; kind: string } }[];
    nodes: { providerId: string }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
}

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ sandbox: { kreaAssets: 150, argilAssets: 10, kreaJobs: 0 } });
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.sandbox.controls.resetCalls();
  stack.sandbox.controls.clearFaults();
});

async function walk(first: number) {
  const ids: string[] = [];
  let after: string | undefined;
  let pages = 0;
  for (;;) {
    const response = await stack.query<WalkPage>(WALK, { first, after });
    expect(response.errors).toBeUndefined();
    const connection = response.data!.kreaAssets;
    pages++;
    expect(connection.pageInfo.hasPreviousPage).toBe(after !== undefined);
    expect(connection.nodes.map((node) => node.providerId)).toEqual(
      connection.edges.map((edge) => edge.node.providerId),
    );
    ids.push(...connection.edges.map((edge) => edge.node.providerId));
    if (!connection.pageInfo.hasNextPage) break;
    expect(connection.edges).toHaveLength(first);
    expect(connection.pageInfo.endCursor).toBe(connection.edges[first - 1]!.cursor);
    after = connection.pageInfo.endCursor!;
  }
  return { ids, pages };
}

describe('kreaAssets over the sandbox', () => {
  it('has tie groups in the data (the case the walk must survive)', () => {
    const stamps = stack.sandbox.tenants[0]!.data.kreaAssets.map((asset) => asset.uploaded_at);
    expect(new Set(stamps).size).toBeLessThan(stamps.length - 20);
  });

  it('walks every asset exactly once, newest first, at many page sizes, one upstream call per page', async () => {
    const expected = stack.sandbox.tenants[0]!.data.kreaAssets.map((asset) => asset.id);
    for (const first of [1, 2, 3, 4, 5, 7, 10, 20, 33, 64, 100]) {
      stack.sandbox.controls.resetCalls();
      const { ids, pages } = await walk(first);
      expect(ids, `first: ${first}`).toEqual(expected);
      expect(pages).toBe(Math.ceil(expected.length / first));
      expect(stack.sandbox.controls.count('krea', 'GET', '/assets')).toBe(pages);
    }
  });

  it('asks Krea with the strictly-older cursor just after the last delivered timestamp', async () => {
    const first = await stack.query<WalkPage>(WALK, { first: 3 });
    const last = first.data!.kreaAssets.edges[2]!.node.createdAt;
    stack.sandbox.controls.resetCalls();
    await stack.query<WalkPage>(WALK, { first: 3, after: first.data!.kreaAssets.pageInfo.endCursor });
    const [call] = stack.sandbox.controls.calls;
    expect(call!.query.get('cursor')).toBe(new Date(Date.parse(last) + 1).toISOString());
    expect(Number(call!.query.get('limit'))).toBeGreaterThanOrEqual(4);
  });

  it('gives global ids that decode to the type and the provider id', async () => {
    const response = await stack.query<WalkPage>(WALK, { first: 2 });
    for (const edge of response.data!.kreaAssets.edges) {
      expect(Buffer.from(edge.node.id, 'base64').toString()).toBe(`KreaAsset:${edge.node.providerId}`);
    }
  });

  it('does not offer last/before: asking for them is a validation error, with no upstream call', async () => {
    stack.sandbox.controls.resetCalls();
    for (const query of [
      'query { kreaAssets(last: 2) { nodes { id } } }',
      'query($b: String) { kreaAssets(first: 2, before: $b) { nodes { id } } }',
    ]) {
      expect(codes(await stack.query(query, { b: 'x' }))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    }
    expect(stack.sandbox.controls.calls).toHaveLength(0);
  });

  it('refuses out-of-range sizes and foreign or edited cursors before any upstream call', async () => {
    const argilCursor = encodeOffsetCursor('argil-assets', 3, 'whatever');
    const page = await stack.query<WalkPage>(WALK, { first: 2 });
    const good = page.data!.kreaAssets.pageInfo.endCursor!;
    stack.sandbox.controls.resetCalls();
    const cases: Array<[string, Record<string, unknown>]> = [
      [WALK, { first: 101 }],
      [WALK, { first: -1 }],
      [WALK, { first: 2, after: argilCursor }],
      [WALK, { first: 2, after: `${good.slice(0, -2)}AA` }],
      [WALK, { first: 2, after: 'not a cursor' }],
    ];
    for (const [query, variables] of cases) {
      const response = await stack.query(query, variables);
      expect(codes(response), JSON.stringify(variables)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0]!.path).toEqual(['kreaAssets']);
    }
    expect(stack.sandbox.controls.calls).toHaveLength(0);
  });
});
