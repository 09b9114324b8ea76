/**
 * The k-way newest-first merge behind the `assets` feed, and its composite
 * cursor. Pure: streams of already-fetched items in, the merged page out.
 *
 * Each stream is a provider's items after its own position, in that
 * provider's order, plus what is known beyond them: either the stream is
 * exhausted, or it was read up to a frontier (its last scanned item) and may
 * hold more past it. An item may only be emitted while it comes before the
 * frontier of every other stream whose next item is still unknown; otherwise
 * an unread item of that stream could belong in front of it.
 */
import { decodeCursor, encodeCursor } from './cursor.js';
import { PaginationInputError } from './errors.js';

export interface MergeStream<K> {
  /** Keys of the stream's items after its position, in stream order. */
  keys: readonly K[];
  /** Nothing exists past `keys`. */
  exhausted: boolean;
  /** The last item read (filtered out or not); unknown items only come after it. */
  frontier: K | undefined;
}

export interface MergeTake {
  stream: number;
  /** Index into that stream's `keys`. */
  index: number;
}

export interface MergeResult {
  taken: MergeTake[];
  /** How many items each stream gave. */
  consumed: number[];
  hasNextPage: boolean;
}

export function mergeNewestFirst<K>(
  streams: readonly MergeStream<K>[],
  size: number,
  compare: (a: K, b: K) => number,
): MergeResult {
  const consumed = streams.map(() => 0);
  const taken: MergeTake[] = [];
  let blocked = false;
  while (taken.length < size) {
    let best = -1;
    for (let s = 0; s < streams.length; s++) {
      const key = streams[s]!.keys[consumed[s]!];
      if (key === undefined) continue;
      if (best < 0 || compare(key, streams[best]!.keys[consumed[best]!]!) < 0) best = s;
    }
    if (best < 0) break;
    const head = streams[best]!.keys[consumed[best]!]!;
    // A stream with no known next item but more to come bounds what may go out.
    const unsafe = streams.some(
      (stream, s) =>
        s !== best &&
        consumed[s]! >= stream.keys.length &&
        !stream.exhausted &&
        (stream.frontier === undefined || compare(head, stream.frontier) >= 0),
    );
    if (unsafe) {
      blocked = true;
      break;
    }
    taken.push({ stream: best, index: consumed[best]! });
    consumed[best]! += 1;
  }
  const hasNextPage = blocked || streams.some((stream, s) => consumed[s]! < stream.keys.length || !stream.exhausted);
  return { taken, consumed, hasNextPage };
}

/** A feed cursor: the filter it was made for and each stream's own position. */
export function encodeFeedCursor(filterDigest: string, positions: readonly string[]): string {
  return encodeCursor('feed', [filterDigest, ...positions]);
}

export function decodeFeedCursor(cursor: string, filterDigest: string, streams: number): string[] {
  const [digest, ...positions] = decodeCursor('feed', cursor, streams + 1);
  if (digest !== filterDigest) {
    throw new PaginationInputError('This cursor was made for another filter; start again without `after`');
  }
  return positions;
}
