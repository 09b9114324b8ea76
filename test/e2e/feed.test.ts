import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SandboxArgilAsset } from '../../src/providers/argil/sandbox/data.js';
import type { SandboxKreaAsset } from '../../src/providers/krea/sandbox/data.js';
import { codes, startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const FEED = /* GraphQL */ `
  query Feed($first: Int, $after: String, $filter: AssetFilter) {
    assets(first: $first, after: $after, filter: $filter) {
      totalCount
      edges {
        cursor
        node {
          __typename
          provider
          providerId
          createdAt
          kind
          status
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        endCursor
      }
    }
  }
`;

interface FeedPage {
  assets: {
    totalCount: number | null;
    edges: { cursor: string; node: { provider: string; providerId: string; createdAt: string; kind: string } }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
  };
}

interface Entry {
  provider: 'KREA' | 'ARGIL';
  id: string;
  ms: number;
  kind: string;
  status: string;
}

let stack: Stack;
let krea: SandboxKreaAsset[];
let argil: SandboxArgilAsset[];

beforeAll(async () => {
  stack = await startStack({ sandbox: { kreaAssets: 120, argilAssets: 140, kreaJobs: 0 } });
  krea = stack.sandbox.tenants[0]!.data.kreaAssets;
  argil = stack.sandbox.tenants[0]!.data.argilAssets;
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.sandbox.controls.resetCalls();
  stack.sandbox.controls.clearFaults();
});

function kindOfMime(mime: string | null, url: string): string {
  const family = mime?.split('/')[0];
  if (family === 'image') return 'IMAGE';
  if (family === 'video') return 'VIDEO';
  if (family === 'audio') return 'AUDIO';
  if (family === 'model') return 'MODEL_3D';
  return url.endsWith('.glb') ? 'MODEL_3D' : 'OTHER';
}

/** The union of both providers in the feed's documented order, computed from the sandbox's own data. */
function union(filter: (entry: Entry) => boolean = (entry) => entry.status === 'READY'): string[] {
  const entries: Entry[] = [
    ...krea.map((a) => ({
      provider: 'KREA' as const,
      id: a.id,
      ms: Date.parse(a.uploaded_at),
      kind: kindOfMime(a.mime_type, a.image_url),
      status: 'READY',
    })),
    ...argil.map((a) => ({
      provider: 'ARGIL' as const,
      id: a.id,
      ms: Date.parse(a.createdAt),
      kind: a.type,
      status: a.status,
    })),
  ];
  return entries
    .filter(filter)
    .sort(
      (a, b) =>
        b.ms - a.ms || (a.provider === b.provider ? 0 : a.provider === 'KREA' ? -1 : 1) || (a.id < b.id ? -1 : 1),
    )
    .map((entry) => `${entry.provider}:${entry.id}`);
}

async function walk(first: number, filter?: Record<string, unknown>, onPage?: (page: number) => void) {
  const seen: string[] = [];
  let after: string | undefined;
  for (let page = 0; page < 500; page++) {
    onPage?.(page);
    const response = await stack.query<FeedPage>(FEED, { first, after, filter });
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const connection = response.data!.assets;
    seen.push(...connection.edges.map((edge) => `${edge.node.provider}:${edge.node.providerId}`));
    if (!connection.pageInfo.hasNextPage) return { seen, pages: page + 1, last: connection };
    after = connection.pageInfo.endCursor!;
  }
  throw new Error('the walk did not end');
}

describe('assets: the merged feed', () => {
  it('has timestamps shared across the two providers (ties the order must settle)', () => {
    const kreaStamps = new Set(krea.map((a) => a.uploaded_at));
    expect(argil.filter((a) => kreaStamps.has(a.createdAt)).length).toBeGreaterThan(5);
  });

  it('walks to the sorted union of both providers at many page sizes, one call per provider per page', async () => {
    const expected = union();
    for (const first of [1, 2, 3, 5, 8, 13, 20, 49]) {
      stack.sandbox.controls.resetCalls();
      const { seen, pages } = await walk(first);
      expect(seen, `first: ${first}`).toEqual(expected);
      expect(stack.sandbox.controls.count('krea')).toBeLessThanOrEqual(pages);
      expect(stack.sandbox.controls.count('argil')).toBeLessThanOrEqual(pages);
    }
  });

  it('asks both providers at once', async () => {
    stack.sandbox.controls.latencyMs = 60;
    try {
      await stack.query<FeedPage>(FEED, { first: 10 });
      expect(stack.sandbox.controls.peakInFlight.krea + stack.sandbox.controls.peakInFlight.argil).toBe(2);
      const started = stack.sandbox.controls.calls.map((call) => call.provider).sort();
      expect(started).toEqual(['argil', 'krea']);
    } finally {
      stack.sandbox.controls.latencyMs = 0;
    }
  });

  it('filters by provider, and reports Argil’s total when Argil alone is in the feed', async () => {
    const onlyArgil = await walk(30, { providers: ['ARGIL'] });
    expect(onlyArgil.seen).toEqual(union((e) => e.provider === 'ARGIL' && e.status === 'READY'));
    expect(onlyArgil.last.totalCount).toBe(onlyArgil.seen.length);
    expect(stack.sandbox.controls.count('krea')).toBe(0);
    const both = await stack.query<FeedPage>(FEED, { first: 1 });
    expect(both.data!.assets.totalCount).toBeNull();
  });

  it('filters by kind: Argil upstream (type), Krea in the gateway; a kind Argil lacks costs no Argil call', async () => {
    const images = await walk(20, { kinds: ['IMAGE'] });
    expect(images.seen).toEqual(union((e) => e.kind === 'IMAGE' && e.status === 'READY'));
    expect(
      stack.sandbox.controls.calls
        .filter((c) => c.provider === 'argil')
        .every((c) => c.query.getAll('type').join() === 'IMAGE'),
    ).toBe(true);
    stack.sandbox.controls.resetCalls();
    const models = await walk(7, { kinds: ['MODEL_3D'] });
    expect(models.seen).toEqual(union((e) => e.kind === 'MODEL_3D'));
    expect(models.seen.length).toBeGreaterThan(3);
    expect(stack.sandbox.controls.count('argil')).toBe(0);
  });

  it('filters by status: Argil upstream; any status but READY rules Krea out', async () => {
    const processing = await walk(10, { status: 'PROCESSING' });
    expect(processing.seen).toEqual(union((e) => e.status === 'PROCESSING'));
    expect(processing.seen.length).toBeGreaterThan(3);
    expect(stack.sandbox.controls.count('krea')).toBe(0);
  });

  it('filters by createdAfter and createdBefore (both strict)', async () => {
    const stamps = [...new Set(krea.map((a) => Date.parse(a.uploaded_at)))].sort((a, b) => b - a);
    const before = stamps[10]!;
    const after = stamps[40]!;
    const filter = { createdBefore: new Date(before).toISOString(), createdAfter: new Date(after).toISOString() };
    const { seen } = await walk(9, filter);
    expect(seen).toEqual(union((e) => e.status === 'READY' && e.ms < before && e.ms > after));
    // Krea's strictly-older cursor carries createdBefore upstream.
    const first = stack.sandbox.controls.calls.find((call) => call.provider === 'krea')!;
    expect(Date.parse(first.query.get('cursor')!)).toBe(before + 1);
  });

  it('refuses a cursor used with another filter, before any upstream call', async () => {
    const page = await stack.query<FeedPage>(FEED, { first: 3, filter: { kinds: ['IMAGE'] } });
    stack.sandbox.controls.resetCalls();
    const response = await stack.query<FeedPage>(FEED, {
      first: 3,
      after: page.data!.assets.pageInfo.endCursor,
      filter: { kinds: ['VIDEO'] },
    });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(stack.sandbox.controls.calls).toHaveLength(0);
    const kreaCursor = await stack.query<{ kreaAssets: { pageInfo: { endCursor: string } } }>(
      '{ kreaAssets(first: 1) { pageInfo { endCursor } } }',
    );
    const foreign = await stack.query(FEED, { first: 3, after: kreaCursor.data!.kreaAssets.pageInfo.endCursor });
    expect(codes(foreign)).toEqual(['BAD_USER_INPUT']);
  });

  it('keeps the other provider’s items coming when one fails mid-walk, and loses nothing after it recovers', async () => {
    const expected = union();
    const seen: string[] = [];
    const errors: unknown[] = [];
    let after: string | undefined;
    for (let page = 0; page < 200; page++) {
      // Two pages' worth: each page tries Krea four times (an attempt and three retries).
      if (page === 3)
        stack.sandbox.controls.injectFault({
          provider: 'krea',
          path: '/assets',
          kind: 'status',
          status: 503,
          times: 8,
        });
      const response = await stack.query<FeedPage>(FEED, { first: 10, after });
      const connection = response.data!.assets;
      if (response.errors) {
        errors.push(...response.errors.map((error) => error.extensions));
        // Only Argil's items came, and there were some.
        expect(connection.edges.length).toBeGreaterThan(0);
        expect(connection.edges.every((edge) => edge.node.provider === 'ARGIL')).toBe(true);
      }
      seen.push(...connection.edges.map((edge) => `${edge.node.provider}:${edge.node.providerId}`));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor!;
    }
    expect(errors).toEqual([
      { code: 'UPSTREAM_UNAVAILABLE', provider: 'KREA' },
      { code: 'UPSTREAM_UNAVAILABLE', provider: 'KREA' },
    ]);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...expected].sort());
  });
});
