import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codes, startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const PAGE = /* GraphQL */ `
  query Page(
    $first: Int
    $after: String
    $last: Int
    $before: String
    $types: [ArgilAssetType!]
    $status: AssetStatus
  ) {
    argilAssets(first: $first, after: $after, last: $last, before: $before, types: $types, status: $status) {
      totalCount
      edges {
        cursor
        node {
          id
          providerId
          type
          status
          name
          url
          createdAt
        }
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

interface Page {
  argilAssets: {
    totalCount: number;
    edges: { cursor: string; node: { providerId: string; type: string; status: string } }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
}

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ sandbox: { kreaAssets: 5, argilAssets: 260, kreaJobs: 0 } });
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.sandbox.controls.resetCalls();
  stack.sandbox.controls.latencyMs = 0;
});

function sandboxIds(filter: (asset: { type: string; status: string }) => boolean): string[] {
  return stack.sandbox.tenants[0]!.data.argilAssets.filter(filter).map((asset) => asset.id);
}

async function page(variables: Record<string, unknown>) {
  const response = await stack.query<Page>(PAGE, variables);
  expect(response.errors).toBeUndefined();
  return response.data!.argilAssets;
}

describe('argilAssets over the sandbox', () => {
  it('walks forward through every READY asset at many page sizes', async () => {
    const expected = sandboxIds((asset) => asset.status === 'READY');
    expect(expected.length).toBeGreaterThan(150);
    for (const first of [1, 3, 7, 20, 33, 100]) {
      const ids: string[] = [];
      let after: string | undefined;
      for (;;) {
        const connection = await page({ first, after });
        expect(connection.totalCount).toBe(expected.length);
        expect(connection.pageInfo.hasPreviousPage).toBe(after !== undefined);
        ids.push(...connection.edges.map((edge) => edge.node.providerId));
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor!;
      }
      expect(ids, `first: ${first}`).toEqual(expected);
    }
  });

  it('walks backward from the end with last/before', async () => {
    const expected = sandboxIds((asset) => asset.status === 'READY');
    for (const last of [1, 9, 40, 100]) {
      const ids: string[] = [];
      let before: string | undefined;
      for (;;) {
        const connection = await page({ last, before });
        expect(connection.pageInfo.hasNextPage).toBe(before !== undefined);
        ids.unshift(...connection.edges.map((edge) => edge.node.providerId));
        if (!connection.pageInfo.hasPreviousPage) break;
        before = connection.pageInfo.startCursor!;
      }
      expect(ids, `last: ${last}`).toEqual(expected);
    }
  });

  it('fetches the two pages of a window that spans them at once', async () => {
    const start = await page({ first: 1 });
    stack.sandbox.controls.resetCalls();
    stack.sandbox.controls.latencyMs = 60;
    // Offsets 1..100: no single page of at most 100 items holds them.
    const connection = await page({ first: 100, after: start.pageInfo.endCursor });
    expect(connection.edges).toHaveLength(100);
    const calls = stack.sandbox.controls.calls;
    expect(calls.map((call) => call.query.get('page')).sort()).toEqual(['1', '2']);
    // The smallest page size that covers offsets 1..100 in two pages.
    expect(calls.map((call) => call.query.get('pageSize'))).toEqual(['51', '51']);
    expect(stack.sandbox.controls.peakInFlight.argil).toBe(2);
  });

  it('maps a window inside one upstream page onto that single page', async () => {
    const first = await page({ first: 14 });
    stack.sandbox.controls.resetCalls();
    await page({ first: 10, after: first.pageInfo.endCursor });
    expect(stack.sandbox.controls.calls).toHaveLength(1);
  });

  it('passes types (repeated) and status through to Argil', async () => {
    const connection = await page({ first: 100, types: ['VIDEO', 'AUDIO'], status: 'PROCESSING' });
    const expected = sandboxIds((asset) => asset.status === 'PROCESSING' && asset.type !== 'IMAGE');
    expect(connection.totalCount).toBe(expected.length);
    expect(connection.edges.map((edge) => edge.node.providerId)).toEqual(expected);
    const [call] = stack.sandbox.controls.calls;
    expect(call!.query.getAll('type')).toEqual(['AUDIO', 'VIDEO']);
    expect(call!.query.get('status')).toBe('PROCESSING');
  });

  it('defaults status to READY, as Argil does', async () => {
    const connection = await page({ first: 5 });
    expect(new Set(connection.edges.map((edge) => edge.node.status))).toEqual(new Set(['READY']));
    expect(stack.sandbox.controls.calls[0]!.query.get('status')).toBe('READY');
  });

  it('answers exact hasNextPage / hasPreviousPage at both ends', async () => {
    const audio = sandboxIds((asset) => asset.status === 'READY' && asset.type === 'AUDIO').length;
    expect(audio).toBeLessThan(100);
    const whole = await page({ first: audio, types: ['AUDIO'] });
    expect(whole.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    const short = await page({ first: audio - 1, types: ['AUDIO'] });
    expect(short.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const total = sandboxIds((asset) => asset.status === 'READY').length;
    const tail = await page({ last: 3 });
    expect(tail.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const empty = await page({ first: 0 });
    expect(empty.edges).toHaveLength(0);
    expect(empty.totalCount).toBe(total);
    expect(empty.pageInfo.hasNextPage).toBe(true);
  });

  it('refuses a cursor used with other filters, and bad sizes, before any upstream call', async () => {
    const images = await page({ first: 2, types: ['IMAGE'] });
    stack.sandbox.controls.resetCalls();
    const cases = [
      { first: 2, after: images.pageInfo.endCursor, types: ['VIDEO'] },
      { first: 2, after: images.pageInfo.endCursor, status: 'FAILED', types: ['IMAGE'] },
      { first: 2, last: 2 },
      { last: 101 },
      { first: 1, before: 'garbage' },
    ];
    for (const variables of cases) {
      const response = await stack.query<Page>(PAGE, variables);
      expect(codes(response), JSON.stringify(variables)).toEqual(['BAD_USER_INPUT']);
    }
    expect(stack.sandbox.controls.calls).toHaveLength(0);
    // The same cursor with the filters it was made with still works.
    const next = await page({ first: 2, after: images.pageInfo.endCursor, types: ['IMAGE'] });
    expect(next.edges).toHaveLength(2);
  });
});
