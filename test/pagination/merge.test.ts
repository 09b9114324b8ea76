import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PaginationInputError } from '../../src/pagination/errors.js';
import { decodeFeedCursor, encodeFeedCursor, mergeNewestFirst } from '../../src/pagination/merge.js';

interface Key {
  ms: number;
  provider: number;
  id: string;
}

const compare = (a: Key, b: Key) => b.ms - a.ms || a.provider - b.provider || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A provider's whole list: few distinct timestamps, so ties within and across providers are common. */
const list = (provider: number) =>
  fc
    .array(fc.record({ ms: fc.integer({ min: 0, max: 12 }), id: fc.stringMatching(/^[0-9a-f]{4}$/) }), {
      maxLength: 40,
    })
    .map((items) => {
      const unique = new Map(items.map((item) => [item.id, { ...item, provider }]));
      return [...unique.values()].sort(compare);
    });

describe('mergeNewestFirst', () => {
  it('walks to the sorted union of fully known streams at every page size', () => {
    fc.assert(
      fc.property(list(0), list(1), fc.integer({ min: 1, max: 30 }), (a, b, size) => {
        const out: Key[] = [];
        let offsets = [0, 0];
        for (let pages = 0; pages < 100; pages++) {
          const streams = [a, b].map((items, s) => ({
            keys: items.slice(offsets[s]),
            exhausted: true,
            frontier: undefined,
          }));
          const result = mergeNewestFirst(streams, size, compare);
          for (const take of result.taken) out.push(streams[take.stream]!.keys[take.index]!);
          offsets = offsets.map((offset, s) => offset + result.consumed[s]!);
          expect(result.taken.length).toBe(Math.min(size, a.length + b.length - (out.length - result.taken.length)));
          if (!result.hasNextPage) break;
        }
        expect(out).toEqual([...a, ...b].sort(compare));
      }),
    );
  });

  it('only emits a prefix of the true order when a stream is known only up to its frontier', () => {
    fc.assert(
      fc.property(
        list(0),
        list(1),
        fc.nat(40),
        fc.nat(40),
        fc.integer({ min: 1, max: 30 }),
        (a, b, cutA, cutB, size) => {
          // Each stream read up to a cut; what was read is known, the rest is not.
          const streams = [
            { keys: a.slice(0, cutA), exhausted: cutA >= a.length, frontier: a[Math.min(cutA, a.length) - 1] },
            { keys: b.slice(0, cutB), exhausted: cutB >= b.length, frontier: b[Math.min(cutB, b.length) - 1] },
          ];
          const result = mergeNewestFirst(streams, size, compare);
          const out = result.taken.map((take) => streams[take.stream]!.keys[take.index]!);
          expect(out).toEqual([...a, ...b].sort(compare).slice(0, out.length));
          if (out.length < size && out.length < a.length + b.length) expect(result.hasNextPage).toBe(true);
        },
      ),
    );
  });

  it('orders equal timestamps by provider, then id', () => {
    const krea = [{ ms: 5, provider: 0, id: 'b' }];
    const argil = [
      { ms: 5, provider: 1, id: 'a' },
      { ms: 4, provider: 1, id: 'c' },
    ];
    const result = mergeNewestFirst(
      [
        { keys: krea, exhausted: true, frontier: undefined },
        { keys: argil, exhausted: true, frontier: undefined },
      ],
      3,
      compare,
    );
    expect(result.taken).toEqual([
      { stream: 0, index: 0 },
      { stream: 1, index: 0 },
      { stream: 1, index: 1 },
    ]);
    expect(result.hasNextPage).toBe(false);
  });
});

describe('feed cursor', () => {
  it('carries each stream position and refuses another filter', () => {
    const cursor = encodeFeedCursor('abc', ['1790.2.x-y', '17']);
    expect(decodeFeedCursor(cursor, 'abc', 2)).toEqual(['1790.2.x-y', '17']);
    expect(() => decodeFeedCursor(cursor, 'abd', 2)).toThrow(PaginationInputError);
  });
});
