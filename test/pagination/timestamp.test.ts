import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PaginationLimitError } from '../../src/pagination/errors.js';
import { compareTimed, TimestampWindow } from '../../src/pagination/timestamp.js';
import type { TimedKey, TimestampPosition, UpstreamAsk } from '../../src/pagination/timestamp.js';

interface Item extends TimedKey {}

const MAX_PAGE_SIZE = 100;

/**
 * An in-memory provider with Krea's documented semantics: newest first,
 * `cursor` = strictly older than, `next_cursor` = the last item's timestamp.
 * Within a tie it answers in reverse id order, so the window must sort.
 */
function kreaLike(items: Item[]) {
  const stored = [...items].sort((a, b) => b.ms - a.ms || (a.id < b.id ? 1 : -1));
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    fetch(ask: UpstreamAsk) {
      calls++;
      const cursor = ask.cursor === undefined ? Infinity : Date.parse(ask.cursor);
      const older = stored.filter((item) => item.ms < cursor);
      const page = older.slice(0, ask.limit);
      const last = page[page.length - 1];
      return {
        items: page,
        nextCursor: older.length > page.length && last ? new Date(last.ms).toISOString() : null,
      };
    },
  };
}

/** Items whose timestamps come in groups of the given sizes, newest first. */
function grouped(sizes: number[]): Item[] {
  const items: Item[] = [];
  let ms = 1_800_000_000_000;
  let n = 0;
  for (const size of sizes) {
    for (let i = 0; i < size; i++) items.push({ ms, id: `id-${String(n++).padStart(5, '0')}` });
    ms -= 60_000;
  }
  return items;
}

function walk(items: Item[], size: number) {
  const upstream = kreaLike(items);
  const seen: Item[] = [];
  let after: TimestampPosition | undefined;
  let pages = 0;
  for (;;) {
    const window = new TimestampWindow<Item>(size, after, (item) => item, { maxLimit: 1000 });
    for (let ask = window.nextAsk(); ask; ask = window.nextAsk()) window.accept(upstream.fetch(ask));
    const result = window.result();
    pages++;
    expect(result.hasPreviousPage).toBe(after !== undefined);
    for (const edge of result.edges) seen.push(edge.item);
    after = result.edges[result.edges.length - 1]?.position ?? after;
    if (!result.hasNextPage) break;
    expect(result.edges.length).toBe(size);
    if (pages > items.length + 2) throw new Error('walk does not end');
  }
  return { seen, pages, calls: upstream.calls };
}

function expected(items: Item[]): string[] {
  return [...items].sort(compareTimed).map((item) => item.id);
}

describe('TimestampWindow (Krea-style cursor)', () => {
  it('walks every collection size at every page size 1..MAX_PAGE_SIZE: each item once, in order', () => {
    const random = fc.sample(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 90 }), {
      numRuns: 6,
      seed: 7,
    });
    const collections = [[], [1], [2], [4], [1, 1, 1], [3, 1, 4, 1, 2], ...random].map(grouped);
    for (const items of collections) {
      for (let size = 1; size <= MAX_PAGE_SIZE; size++) {
        const { seen, pages, calls } = walk(items, size);
        expect(seen.map((item) => item.id)).toEqual(expected(items));
        expect(pages).toBe(Math.max(1, Math.ceil(items.length / size)));
        // Tie groups of at most slack + 1 (= 4) never need a second call per page.
        expect(calls).toBe(pages);
      }
    }
  });

  it('neither skips nor repeats when a page boundary falls anywhere inside a tie group', () => {
    for (let groupSize = 2; groupSize <= 9; groupSize++) {
      for (let start = 0; start <= 12; start++) {
        const sizes = [...Array(start).fill(1), groupSize, ...Array(8).fill(1)];
        const items = grouped(sizes);
        for (let size = 1; size <= 14; size++) {
          expect(walk(items, size).seen.map((item) => item.id)).toEqual(expected(items));
        }
      }
    }
  });

  it('pages through a tie group larger than one page, within the provider limit', () => {
    const items = grouped([3, 600, 2]);
    for (const size of [1, 7, 100]) {
      expect(walk(items, size).seen.map((item) => item.id)).toEqual(expected(items));
    }
  });

  it('reports a tie group larger than the provider page limit instead of looping', () => {
    const upstream = kreaLike(grouped([1, 1200, 1]));
    const window = new TimestampWindow<Item>(5, undefined, (item) => item, { maxLimit: 1000 });
    expect(() => {
      for (let ask = window.nextAsk(); ask; ask = window.nextAsk()) window.accept(upstream.fetch(ask));
    }).toThrow(PaginationLimitError);
    expect(upstream.calls).toBeLessThan(6);
  });

  it('gives positions that rank items within their timestamp', () => {
    const items = grouped([1, 3]);
    const window = new TimestampWindow<Item>(4, undefined, (item) => item, { maxLimit: 1000 });
    const upstream = kreaLike(items);
    for (let ask = window.nextAsk(); ask; ask = window.nextAsk()) window.accept(upstream.fetch(ask));
    expect(window.result().edges.map((edge) => edge.position.rank)).toEqual([1, 1, 2, 3]);
  });

  it('asks for size + 1 + rank + slack items, from just after the position', () => {
    const window = new TimestampWindow<Item>(20, { ms: 1000, id: 'x', rank: 2 }, (item) => item, { maxLimit: 1000 });
    expect(window.nextAsk()).toEqual({ cursor: new Date(1001).toISOString(), limit: 26 });
    const first = new TimestampWindow<Item>(1000, undefined, (item) => item, { maxLimit: 1000 });
    expect(first.nextAsk()).toEqual({ cursor: undefined, limit: 1000 });
  });
});

describe('TimestampWindow against a misbehaving provider', () => {
  it('sorts a page that is not newest first', () => {
    const items = grouped([1, 1, 1, 1, 1]);
    const window = new TimestampWindow<Item>(3, undefined, (item) => item, { maxLimit: 1000 });
    window.accept({ items: [...items].reverse(), nextCursor: null });
    expect(window.result().edges.map((edge) => edge.item.id)).toEqual(items.slice(0, 3).map((item) => item.id));
  });

  it('gives up, instead of looping, on a provider that ignores the cursor', () => {
    // Always a full page of the same newest items, whatever the cursor says.
    const window = new TimestampWindow<Item>(5, { ms: 10, id: 'a', rank: 1 }, (item) => item, { maxLimit: 1000 });
    let calls = 0;
    expect(() => {
      for (let ask = window.nextAsk(); ask; ask = window.nextAsk()) {
        calls++;
        window.accept({
          items: Array.from({ length: ask.limit }, (_, i) => ({ ms: 1000 - i, id: `i${i}` })),
          nextCursor: 'x',
        });
      }
    }).toThrow(PaginationLimitError);
    expect(calls).toBeLessThanOrEqual(13);
  });
});
