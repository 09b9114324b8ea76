/**
 * The merged feed's planning over N provider streams (src/pagination/feed.ts),
 * without I/O: each stream is a provider's newest-first list, read by a
 * simulated bounded scan (a filter the gateway applies, a budget of items
 * per read, as pagination/scan.ts reads), and the walk pages through it with
 * the positions each edge carries, as a client pages with its cursor.
 * The oracle is the naive answer: every kept item of every stream, sorted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chosenStreams, feedPage, newestFirst, START } from '../../src/pagination/feed.js';
import type { FeedItem, StreamScan } from '../../src/pagination/feed.js';

interface Item extends FeedItem {
  /** Whether the gateway-side filter keeps it. */
  kept: boolean;
}

const CODES = ['A', 'B', 'C', 'D'];

/** One provider's whole list: few distinct instants, so ties within and across streams are common. */
const list = (provider: string) =>
  fc
    .array(
      fc.record({ ms: fc.integer({ min: 0, max: 9 }), id: fc.stringMatching(/^[0-9a-f]{3}$/), kept: fc.boolean() }),
      { maxLength: 25 },
    )
    .map((drawn) => {
      const unique = new Map(drawn.map((item) => [item.id, item]));
      return [...unique.values()].map((item): Item => ({
        provider,
        providerId: item.id,
        createdAtMs: item.ms,
        kept: item.kept,
      }));
    });

/** 1 to 4 streams, each sorted the way its provider lists it (the feed's order restricted to it). */
const streamsArbitrary = fc
  .integer({ min: 1, max: 4 })
  .chain((count) => fc.tuple(...CODES.slice(0, count).map((code) => list(code))))
  .map((lists) => {
    const compare = newestFirst(CODES.slice(0, lists.length));
    return lists.map((items) => [...items].sort(compare));
  });

/**
 * A provider's stream read from `from` (START or the offset after an item),
 * as scan.ts reads one: kept items until `want` are found, the list ends, or
 * `budget` items were read; the last item read is the frontier.
 */
function scan(items: readonly Item[], from: string, want: number, budget: number): StreamScan<Item> {
  let index = from === START ? 0 : Number(from);
  const found: Array<{ item: Item; position: string }> = [];
  let frontier: Item | undefined;
  let scanned: string | undefined;
  for (let read = 0; read < budget && index < items.length && found.length < want; read++) {
    const item = items[index]!;
    index += 1;
    frontier = item;
    scanned = String(index);
    if (item.kept) found.push({ item, position: scanned });
  }
  const exhausted = index >= items.length && found.length < want;
  return { scan: { items: found, exhausted, frontier, scanned, calls: 1 } };
}

interface Walk {
  emitted: Item[];
  /** Every edge's positions, with the items after it. */
  resumes: Array<{ positions: readonly string[]; rest: number }>;
}

/**
 * Pages through the streams from `start` as a client does: from the last
 * edge's positions, or from the page's own when it had none. `fails(page, s)`
 * makes stream s fail on that page (left out, its position kept).
 */
function walk(
  streams: readonly (readonly Item[])[],
  size: number,
  budget: number,
  start: readonly string[] = streams.map(() => START),
  fails: (page: number, stream: number) => boolean = () => false,
): Walk {
  const compare = newestFirst(CODES.slice(0, streams.length));
  const emitted: Item[] = [];
  const resumes: Walk['resumes'] = [];
  let positions = start;
  const total = streams.reduce((sum, items) => sum + items.length, 0);
  for (let page = 0; page < 4 * total + 20; page++) {
    const scans = streams.map((items, s) =>
      fails(page, s) ? undefined : scan(items, positions[s]!, size + 1, budget),
    );
    const result = feedPage(
      scans,
      streams.map(() => true),
      positions,
      size,
      compare,
    );
    expect(result.edges.length).toBeLessThanOrEqual(size);
    for (const edge of result.edges) {
      emitted.push(edge.item);
      resumes.push({ positions: edge.positions, rest: emitted.length });
    }
    positions = result.edges[result.edges.length - 1]?.positions ?? result.positions;
    if (!result.hasNextPage) return { emitted, resumes };
  }
  throw new Error('the walk did not end');
}

const kept = (streams: readonly (readonly Item[])[]) => streams.flat().filter((item) => item.kept);

describe('feedPage over 1 to 4 streams', () => {
  it('walks to every kept item of every stream, sorted, at any page size and scan budget', () => {
    fc.assert(
      fc.property(
        streamsArbitrary,
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 9 }),
        (streams, size, budget) => {
          const oracle = kept(streams).sort(newestFirst(CODES.slice(0, streams.length)));
          expect(walk(streams, size, budget).emitted).toEqual(oracle);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('resumes from any edge’s positions with exactly what follows that edge', () => {
    fc.assert(
      fc.property(
        streamsArbitrary,
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 9 }),
        fc.nat(),
        (streams, size, budget, pick) => {
          const whole = walk(streams, size, budget);
          fc.pre(whole.resumes.length > 0);
          const resume = whole.resumes[pick % whole.resumes.length]!;
          expect(walk(streams, size, budget, resume.positions).emitted).toEqual(whole.emitted.slice(resume.rest));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('loses and repeats nothing when streams fail on some pages, each stream in its own order', () => {
    fc.assert(
      fc.property(
        streamsArbitrary,
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }),
        (streams, size, budget, failures) => {
          // Failures stop after a while: a provider that never answers again is another matter.
          const fails = (page: number, s: number) => page < 12 && failures[(page * 4 + s) % failures.length] === true;
          const { emitted } = walk(streams, size, budget, undefined, fails);
          const compare = newestFirst(CODES.slice(0, streams.length));
          expect([...emitted].sort(compare)).toEqual(kept(streams).sort(compare));
          for (const code of CODES.slice(0, streams.length)) {
            const own = emitted.filter((item) => item.provider === code);
            expect(own).toEqual([...own].sort(compare));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('says there is more when a planned stream failed, and keeps its position', () => {
    const items: Item[] = [{ provider: 'A', providerId: 'a', createdAtMs: 1, kept: true }];
    const page = feedPage(
      [undefined, scan(items, START, 3, 5)],
      [true, true],
      ['7', START],
      2,
      newestFirst(['B', 'A']),
    );
    expect(page.hasNextPage).toBe(true);
    expect(page.edges.map((edge) => edge.positions)).toEqual([['7', '1']]);
    // A stream left out by the filter is not a failure.
    const alone = feedPage(
      [undefined, scan(items, START, 3, 5)],
      [false, true],
      [START, START],
      2,
      newestFirst(['B', 'A']),
    );
    expect(alone.hasNextPage).toBe(false);
  });
});

describe('chosenStreams', () => {
  const withKey = (code: string) => code !== 'B';

  it('reads the streams asked for, in the registry’s order, whatever the credentials', () => {
    expect(chosenStreams(CODES, ['C', 'B', 'C'], withKey, true)).toEqual(['B', 'C']);
  });

  it('reads those with a credential by default; with none, every one when asked to (their errors explain)', () => {
    expect(chosenStreams(CODES, undefined, withKey, true)).toEqual(['A', 'C', 'D']);
    expect(chosenStreams(CODES, [], () => false, true)).toEqual(CODES);
    expect(chosenStreams(CODES, undefined, () => false, false)).toEqual([]);
  });
});
