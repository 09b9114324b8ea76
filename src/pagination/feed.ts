/**
 * A merged feed over N provider streams (`assets`, `jobs`), planned here
 * without I/O: which streams a page reads, the order items go out in, and
 * each edge's position in every stream (what its cursor holds). The
 * streams' reads and the GraphQL connection are the caller's
 * (schema/feed.ts); the k-way merge itself is merge.ts.
 */
import { mergeNewestFirst } from './merge.js';
import type { MergeStream } from './merge.js';
import type { ScanResult } from './scan.js';

/** Upstream calls one provider's stream may make for one page of a feed. */
export const FEED_SCAN_CALLS = 4;

/** The position of a stream not read yet. */
export const START = 's';

/** What one stream's read of one page found, from its own position. */
export interface StreamScan<T> {
  scan: ScanResult<T, string>;
  /**
   * The stream's total for this filter, when the provider reports one and it
   * counts exactly what the stream yields (nothing of the filter applied here).
   */
  total?: number | undefined;
}

/**
 * One stream of a planned feed. `open` checks the position (START or one
 * the stream gave) at once, so a tampered cursor fails the whole page, and
 * returns the read of `want` items from it, which the feed runs (and lets
 * fail alone).
 */
export interface FeedStream<Part, T> {
  // Method syntax: a provider's stream of its own part is a stream of any part (parameters are bivariant).
  open(part: Part, from: string, want: number): () => Promise<StreamScan<T>>;
}

/** A provider's side of a merged feed: how it reads `filter`; undefined when the filter rules it out (no call). */
export interface FeedSource<Part, T, Filter> {
  plan(filter: Filter): FeedStream<Part, T> | undefined;
  /** Whether its reads can report the stream's total (StreamScan.total). */
  readonly reportsTotal?: boolean | undefined;
}

/**
 * The streams a feed reads, by provider code: the ones asked for, else
 * every one the caller has a credential for; with none at all, every one
 * when `orEvery` (their UNAUTHENTICATED errors then explain the empty feed).
 */
export function chosenStreams(
  codes: readonly string[],
  asked: readonly string[] | undefined,
  hasCredential: (code: string) => boolean,
  orEvery: boolean,
): string[] {
  if (asked && asked.length > 0) return codes.filter((code) => asked.includes(code));
  const withCredential = codes.filter(hasCredential);
  return withCredential.length > 0 || !orEvery ? withCredential : [...codes];
}

/** What a merged feed's items have in common. */
export interface FeedItem {
  provider: string;
  providerId: string;
  createdAtMs: number;
}

/** Newest first, then by the providers' order (`codes`), then providerId: one total order across providers. */
export function newestFirst(codes: readonly string[]): (a: FeedItem, b: FeedItem) => number {
  const rank = new Map(codes.map((code, index) => [code, index]));
  return (a, b) => {
    if (a.createdAtMs !== b.createdAtMs) return b.createdAtMs - a.createdAtMs;
    if (a.provider !== b.provider) return (rank.get(a.provider) ?? rank.size) - (rank.get(b.provider) ?? rank.size);
    return a.providerId < b.providerId ? -1 : a.providerId > b.providerId ? 1 : 0;
  };
}

export interface FeedEdge<T> {
  item: T;
  /** Every stream's position just after this edge: the edge's cursor. */
  positions: readonly string[];
}

export interface FeedPage<T> {
  edges: FeedEdge<T>[];
  hasNextPage: boolean;
  /** Every stream's position after the page (where a page with no edge continues from). */
  positions: readonly string[];
}

/**
 * The page of a merged feed from its streams' scans (undefined: not planned,
 * or failed) and their positions before it. A failed planned stream keeps
 * its position and makes the feed say there is more; a stream whose every
 * found item went out moves on to all it read (its filtered-out tail), so
 * the next page does not read it again.
 */
export function feedPage<T>(
  streams: ReadonlyArray<StreamScan<T> | undefined>,
  planned: readonly boolean[],
  positions: readonly string[],
  size: number,
  compare: (a: T, b: T) => number,
): FeedPage<T> {
  const failed = streams.some((stream, s) => planned[s] === true && stream === undefined);
  // A stream left out or failed takes part as an exhausted empty one.
  const merging: MergeStream<T>[] = streams.map((stream) => ({
    keys: stream ? stream.scan.items.map((entry) => entry.item) : [],
    exhausted: stream ? stream.scan.exhausted : true,
    frontier: stream?.scan.frontier,
  }));
  const merged = mergeNewestFirst(merging, size, compare);

  const current = [...positions];
  const consumed = streams.map(() => 0);
  const edges: FeedEdge<T>[] = [];
  for (const { stream: s, index } of merged.taken) {
    const entry = streams[s]?.scan.items[index];
    if (!entry) throw new Error('the merge took an item no stream has');
    current[s] = entry.position;
    consumed[s] = (consumed[s] ?? 0) + 1;
    moveOnExhaustedScans(streams, consumed, current);
    edges.push({ item: entry.item, positions: [...current] });
  }
  moveOnExhaustedScans(streams, consumed, current);
  return { edges, hasNextPage: merged.hasNextPage || failed, positions: current };
}

/** A stream whose every found item went out may resume after all it read. */
function moveOnExhaustedScans<T>(
  streams: ReadonlyArray<StreamScan<T> | undefined>,
  consumed: readonly number[],
  current: string[],
): void {
  streams.forEach((stream, s) => {
    if (stream && consumed[s] === stream.scan.items.length && stream.scan.scanned !== undefined) {
      current[s] = stream.scan.scanned;
    }
  });
}
