/**
 * A merged feed as a Relay connection, for `assets` and `jobs`: one stream
 * per registered provider that has one, read at once, each from its own
 * position in the cursor; the pure planning is pagination/feed.ts. A
 * provider that fails is left out of the page with an error naming it, and
 * the cursor keeps it where it was.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../context.js';
import { feedPage, START } from '../pagination/feed.js';
import type { FeedStream, StreamScan } from '../pagination/feed.js';
import { decodeFeedCursor, encodeFeedCursor } from '../pagination/merge.js';
import type { ProviderPart } from '../providers/module.js';
import { lazyEdge } from './connections.js';
import type { RelayConnection } from './connections.js';
import { recordFieldError } from './errors.js';

/** One provider's stream for this page; no stream: the filter or the choice of providers left it out. */
export interface PlannedStream<T> {
  provider: string;
  stream: FeedStream<ProviderPart, T> | undefined;
}

/** Runs one stream's read; a known failure is reported at the field and leaves the stream out of this page. */
async function guarded<S>(
  context: RequestContext,
  info: GraphQLResolveInfo,
  run: () => Promise<S>,
): Promise<S | undefined> {
  try {
    return await run();
  } catch (error) {
    recordFieldError(context, info, error);
    return undefined;
  }
}

export interface MergedPage<T> {
  connection: RelayConnection<T>;
  /** What each stream's read found (undefined: not read, or failed). */
  scans: ReadonlyArray<StreamScan<T> | undefined>;
}

export async function mergedConnection<T>(
  context: RequestContext,
  info: GraphQLResolveInfo,
  planned: ReadonlyArray<PlannedStream<T>>,
  page: { size: number; after: string | undefined; digest: string },
  compare: (a: T, b: T) => number,
): Promise<MergedPage<T>> {
  const { size, after, digest } = page;
  const positions = after === undefined ? planned.map(() => START) : decodeFeedCursor(after, digest, planned.length);
  // Each stream checks its position first: a tampered cursor fails the whole page, before any call.
  const reads = planned.map(({ provider, stream }, s) =>
    stream?.open(context.providers.part(provider), positions[s]!, size + 1),
  );
  const scans = await Promise.all(reads.map((read) => (read ? guarded(context, info, read) : undefined)));
  const merged = feedPage(
    scans,
    planned.map(({ stream }) => stream !== undefined),
    positions,
    size,
    compare,
  );
  const edges = merged.edges.map((edge) => lazyEdge(edge.item, () => encodeFeedCursor(digest, edge.positions)));
  const { hasNextPage } = merged;
  // With no edge but more to come (a provider failed, or a sparse filter ran
  // out of scan budget), the client still needs somewhere to continue from.
  const endCursor =
    edges[edges.length - 1]?.cursor ?? (hasNextPage ? encodeFeedCursor(digest, merged.positions) : null);
  return {
    connection: {
      edges,
      pageInfo: { hasNextPage, hasPreviousPage: after !== undefined, startCursor: edges[0]?.cursor ?? null, endCursor },
    },
    scans,
  };
}
