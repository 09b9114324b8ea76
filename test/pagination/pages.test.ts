import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConnectionArgs } from '../../src/pagination/args.js';
import { PaginationInputError } from '../../src/pagination/errors.js';
import { planPages, runOffsetWindow } from '../../src/pagination/pages.js';
import type { FetchedPage, WindowSpec } from '../../src/pagination/pages.js';

const ARGIL_MAX = 100;

/** An in-memory provider with Argil's semantics: 1-based pages of pageSize, total alongside. */
function argilLike(total: number) {
  const items = Array.from({ length: total }, (_, i) => `item-${i}`);
  let calls = 0;
  return {
    items,
    get calls() {
      return calls;
    },
    async fetch(page: number, pageSize: number): Promise<FetchedPage<string>> {
      calls++;
      return { page, pageSize, items: items.slice((page - 1) * pageSize, page * pageSize), total };
    },
  };
}

/** The window computed the Relay-spec way, by slicing the whole list. */
function sliceExpectation(items: string[], spec: WindowSpec) {
  let from = spec.afterOffset === undefined ? 0 : spec.afterOffset + 1;
  let to = spec.beforeOffset === undefined ? items.length : Math.min(spec.beforeOffset, items.length);
  if (to < from) to = from;
  if (spec.forward) to = Math.min(to, from + spec.size);
  else from = Math.max(from, to - spec.size);
  const hasItems = items.length > 0;
  return {
    ids: items.slice(from, to),
    hasPreviousPage: hasItems && Math.min(from, items.length) > 0,
    hasNextPage: to < items.length,
  };
}

describe('planPages', () => {
  it('covers the window with the fewest pages, and the smallest size among those', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 300 }), (start, length) => {
        const end = start + length;
        const plan = planPages({ start, end }, ARGIL_MAX);
        const first = plan.pages[0]!;
        const last = plan.pages[plan.pages.length - 1]!;
        expect((first - 1) * plan.pageSize).toBeLessThanOrEqual(start);
        expect(last * plan.pageSize).toBeGreaterThanOrEqual(end);
        expect(plan.pages).toEqual(Array.from({ length: plan.pages.length }, (_, i) => first + i));
        let fewest = Infinity;
        let smallest = Infinity;
        for (let size = 1; size <= ARGIL_MAX; size++) {
          const count = Math.floor((end - 1) / size) - Math.floor(start / size) + 1;
          if (count < fewest) {
            fewest = count;
            smallest = size;
          }
        }
        expect(plan.pages.length).toBe(fewest);
        expect(plan.pageSize).toBe(smallest);
      }),
      { numRuns: 3000 },
    );
  });

  it('needs at most two pages for any window of up to 100 items', () => {
    for (let start = 0; start < 400; start += 7) {
      for (let length = 1; length <= ARGIL_MAX; length++) {
        expect(planPages({ start, end: start + length }, ARGIL_MAX).pages.length).toBeLessThanOrEqual(2);
      }
    }
  });

  it('asks one one-item page for an empty window (the total must come from somewhere)', () => {
    expect(planPages({ start: 40, end: 40 }, ARGIL_MAX)).toEqual({ pageSize: 1, pages: [1] });
  });
});

describe('offset windows (Argil-style pages)', () => {
  it('equals slicing the whole list, for every page size 1..MAX_PAGE_SIZE, both directions, many sizes', async () => {
    for (const total of [0, 1, 2, 19, 20, 21, 99, 100, 101, 150, 257]) {
      const upstream = argilLike(total);
      for (let size = 0; size <= 100; size++) {
        const starts = total === 0 ? [undefined] : [undefined, 0, Math.floor(total / 3), total - 1];
        for (const at of starts) {
          for (const forward of [true, false]) {
            const spec: WindowSpec = forward
              ? { forward, size, afterOffset: at }
              : { forward, size, beforeOffset: at === undefined ? undefined : at + 1 };
            const result = await runOffsetWindow(spec, ARGIL_MAX, upstream.fetch);
            const want = sliceExpectation(upstream.items, spec);
            expect(result.edges.map((edge) => edge.item)).toEqual(want.ids);
            expect(result.edges.map((edge) => upstream.items[edge.offset])).toEqual(want.ids);
            expect(result.hasNextPage).toBe(want.hasNextPage);
            expect(result.hasPreviousPage).toBe(want.hasPreviousPage);
            expect(result.total).toBe(total);
          }
        }
      }
    }
  });

  it('equals slicing for random windows with after and before together', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 400 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 100 }),
        fc.option(fc.integer({ min: 0, max: 420 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 420 }), { nil: undefined }),
        async (total, forward, size, afterOffset, beforeOffset) => {
          const upstream = argilLike(total);
          const spec: WindowSpec = { forward, size, afterOffset, beforeOffset };
          const result = await runOffsetWindow(spec, ARGIL_MAX, upstream.fetch);
          const want = sliceExpectation(upstream.items, spec);
          expect(result.edges.map((edge) => edge.item)).toEqual(want.ids);
          expect(result.hasNextPage).toBe(want.hasNextPage);
          // Two pages cover any window; counting from the end costs one page
          // more to learn the total, and a `before` past a shrunk list two more.
          const fromEnd = !forward && beforeOffset === undefined;
          const pastEnd = !forward && beforeOffset !== undefined && beforeOffset > total;
          expect(upstream.calls).toBeLessThanOrEqual(fromEnd ? 3 : pastEnd ? 4 : 2);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads `last` from the end with one call when the list fits the first page', async () => {
    const upstream = argilLike(60);
    const result = await runOffsetWindow({ forward: false, size: 5 }, ARGIL_MAX, upstream.fetch);
    expect(result.edges.map((edge) => edge.offset)).toEqual([55, 56, 57, 58, 59]);
    expect(upstream.calls).toBe(1);
  });
});

describe('connection arguments', () => {
  it('defaults to 20, accepts 0..max, rejects the rest', () => {
    expect(parseConnectionArgs({}, { maxPageSize: 100 })).toMatchObject({ forward: true, size: 20 });
    expect(parseConnectionArgs({ first: 0 }, { maxPageSize: 100 })).toMatchObject({ size: 0 });
    expect(parseConnectionArgs({ last: 100 }, { maxPageSize: 100 })).toMatchObject({ forward: false, size: 100 });
    for (const args of [{ first: -1 }, { first: 101 }, { last: -5 }, { first: 1, last: 1 }, { first: 1.5 }]) {
      expect(() => parseConnectionArgs(args, { maxPageSize: 100 })).toThrow(PaginationInputError);
    }
  });
});
