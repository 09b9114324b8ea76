/**
 * The merged feed, `assets(first, after, filter)`: both providers in one
 * newest-first Relay connection with one cursor.
 *
 * Each provider is read as a filtered stream from its own position (Krea's
 * timestamp position, Argil's offset), both at once; the pure merge in
 * `pagination/merge.ts` interleaves them. Filters go upstream where the
 * provider has them (Argil `type`, `status`); the rest are applied here with
 * a bounded scan (see `planFeed`). A provider that fails is left out of the
 * page with an error naming it, and the cursor keeps it where it was.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../context.js';
import { fromArgilAssets, fromKreaAssets } from '../models/assets.js';
import type { AssetKind, AssetModel, AssetStatus, ProviderCode } from '../models/assets.js';
import { parseForwardArgs } from '../pagination/args.js';
import type { ConnectionArgs } from '../pagination/args.js';
import { cursorInteger, fnv1a } from '../pagination/cursor.js';
import { decodeFeedCursor, encodeFeedCursor, mergeNewestFirst } from '../pagination/merge.js';
import type { MergeStream } from '../pagination/merge.js';
import { scanOffsetStream, scanTimestampStream } from '../pagination/scan.js';
import type { ScanResult } from '../pagination/scan.js';
import { formatTimestampPosition, parseTimestampPosition } from '../pagination/timestamp.js';
import type { TimestampPosition } from '../pagination/timestamp.js';
import { ARGIL_MAX_PAGE_SIZE } from '../providers/argil.js';
import { KREA_MAX_LIMIT } from '../providers/krea.js';
import { ARGIL_ASSET_TYPES } from '../providers/shapes.js';
import type { ArgilAssetType } from '../providers/shapes.js';
import { lazyEdge } from './connections.js';
import type { RelayConnection } from './connections.js';
import { recordFieldError } from './errors.js';

export interface FeedFilter {
  providers?: readonly ProviderCode[] | null | undefined;
  kinds?: readonly AssetKind[] | null | undefined;
  status?: AssetStatus | null | undefined;
  createdAfter?: Date | null | undefined;
  createdBefore?: Date | null | undefined;
}

/** Upstream calls one provider's stream may make for one page of the feed. */
export const FEED_SCAN_CALLS = 4;

/** The position of a stream not read yet. */
export const START = 's';

interface StreamPlan {
  predicate?: (asset: AssetModel) => boolean;
  stop?: (asset: AssetModel) => boolean;
}

export interface FeedPlan {
  digest: string;
  /** Absent when the filter rules the provider out (no call is made). */
  krea?: StreamPlan & { before?: number };
  argil?: StreamPlan & { types?: ArgilAssetType[]; status: AssetStatus };
  /** Argil's X-Total-Count is the feed's total only when nothing else is in it or filtered here. */
  totalFromArgil: boolean;
}

/**
 * What each provider is asked, and what the gateway filters itself:
 * - `providers`: default, every provider the caller has a credential for;
 * - `status`: Argil upstream; Krea assets are all READY, so any other status rules Krea out;
 * - `kinds`: Argil upstream as `type`; Krea here, by MIME type (a sparse kind scans more);
 * - `createdBefore`: Krea upstream as its cursor; Argil here (skipping its newer items);
 * - `createdAfter`: both here, and it ends a stream at the first older item, so it costs nothing extra.
 */
export function planFeed(filter: FeedFilter | null | undefined, credentials: Record<ProviderCode, boolean>): FeedPlan {
  const status = filter?.status ?? 'READY';
  const kinds = filter?.kinds && filter.kinds.length > 0 ? [...new Set(filter.kinds)].sort() : undefined;
  const after = filter?.createdAfter?.getTime();
  const before = filter?.createdBefore?.getTime();
  const explicit = filter?.providers && filter.providers.length > 0 ? [...new Set(filter.providers)].sort() : undefined;
  const withCredential = (['KREA', 'ARGIL'] as const).filter((p) => credentials[p]);
  // With no credential at all, ask both: their UNAUTHENTICATED errors explain the empty feed.
  const providers = explicit ?? (withCredential.length > 0 ? withCredential : ['KREA', 'ARGIL']);
  const digest = fnv1a(JSON.stringify([explicit ?? null, kinds ?? null, status, after ?? null, before ?? null]));

  const stop = after === undefined ? undefined : (asset: AssetModel) => asset.createdAtMs <= after;
  const plan: FeedPlan = { digest, totalFromArgil: false };
  if (providers.includes('KREA') && status === 'READY') {
    plan.krea = { ...(stop && { stop }), ...(before !== undefined && { before }) };
    if (kinds) plan.krea.predicate = (asset) => kinds.includes(asset.kind);
  }
  const types = kinds?.filter((kind): kind is ArgilAssetType =>
    (ARGIL_ASSET_TYPES as readonly string[]).includes(kind),
  );
  if (providers.includes('ARGIL') && (!types || types.length > 0)) {
    plan.argil = { status, ...(types && { types }), ...(stop && { stop }) };
    if (before !== undefined) plan.argil.predicate = (asset) => asset.createdAtMs < before;
  }
  plan.totalFromArgil = !plan.krea && !!plan.argil && before === undefined && after === undefined;
  return plan;
}

const PROVIDER_RANK: Record<ProviderCode, number> = { KREA: 0, ARGIL: 1 };

/** createdAt desc, then provider (KREA, ARGIL), then providerId: one total order across providers. */
export function compareFeed(a: AssetModel, b: AssetModel): number {
  if (a.createdAtMs !== b.createdAtMs) return b.createdAtMs - a.createdAtMs;
  if (a.provider !== b.provider) return PROVIDER_RANK[a.provider] - PROVIDER_RANK[b.provider];
  return a.providerId < b.providerId ? -1 : a.providerId > b.providerId ? 1 : 0;
}

interface Stream {
  scan: ScanResult<AssetModel, string>;
  total?: number | undefined;
}

/** Runs one provider's scan; a known failure is reported and leaves the stream out of this page. */
export async function guarded<S>(
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

function kreaStream(context: RequestContext, plan: NonNullable<FeedPlan['krea']>, from: string, want: number) {
  const start: TimestampPosition | undefined =
    from !== START
      ? parseTimestampPosition(from)
      : plan.before !== undefined
        ? // Just before `createdBefore`: '~' sorts after every id at that instant.
          { ms: plan.before, rank: 0, id: '~' }
        : undefined;
  return async (): Promise<Stream> => {
    const scan = await scanTimestampStream(
      start,
      { want, predicate: plan.predicate, stop: plan.stop, maxCalls: FEED_SCAN_CALLS, maxLimit: KREA_MAX_LIMIT, keyOf },
      (ask) =>
        context.loaders.kreaAsset.list(
          async () => {
            const page = await context.krea.listAssets(ask);
            return { items: fromKreaAssets(page.items), nextCursor: page.nextCursor };
          },
          (page) => page.items,
        ),
    );
    return { scan: { ...scan, items: scan.items.map(toStringPosition), scanned: mapDefined(scan.scanned) } };
  };
}

function argilStream(context: RequestContext, plan: NonNullable<FeedPlan['argil']>, from: string, want: number) {
  const start = from === START ? 0 : cursorInteger(from);
  return async (): Promise<Stream> => {
    const scan = await scanOffsetStream(
      start,
      {
        want,
        predicate: plan.predicate,
        stop: plan.stop,
        maxCalls: FEED_SCAN_CALLS,
        maxUpstreamPageSize: ARGIL_MAX_PAGE_SIZE,
      },
      (page, pageSize) =>
        context.loaders.argilAsset.list(
          async () => {
            const result = await context.argil.listAssets({ types: plan.types, status: plan.status, page, pageSize });
            const items = fromArgilAssets(result.items);
            return { page: result.page, pageSize: result.pageSize, items, total: result.totalCount };
          },
          (result) => result.items,
        ),
    );
    const items = scan.items.map((entry) => ({ item: entry.item, position: String(entry.position) }));
    return {
      scan: { ...scan, items, scanned: scan.scanned === undefined ? undefined : String(scan.scanned) },
      total: scan.total,
    };
  };
}

const keyOf = (asset: AssetModel) => ({ ms: asset.createdAtMs, id: asset.providerId });
const toStringPosition = (entry: { item: AssetModel; position: TimestampPosition }) => ({
  item: entry.item,
  position: formatTimestampPosition(entry.position),
});
const mapDefined = (position: TimestampPosition | undefined) =>
  position === undefined ? undefined : formatTimestampPosition(position);

export async function resolveFeed(
  args: ConnectionArgs & { filter?: FeedFilter | null },
  context: RequestContext,
  info: GraphQLResolveInfo,
): Promise<RelayConnection<AssetModel> & { totalCount: number | null }> {
  const { size, after } = parseForwardArgs(args, { maxPageSize: context.maxPageSize });
  const plan = planFeed(args.filter, { KREA: context.krea.hasCredential, ARGIL: context.argil.hasCredential });
  const positions = after === undefined ? [START, START] : decodeFeedCursor(after, plan.digest, 2);
  const want = size + 1;
  const [krea, argil] = await Promise.all([
    plan.krea ? guarded(context, info, kreaStream(context, plan.krea, positions[0]!, want)) : undefined,
    plan.argil ? guarded(context, info, argilStream(context, plan.argil, positions[1]!, want)) : undefined,
  ]);
  const page = mergedPage([krea, argil], [plan.krea, plan.argil], positions, size, plan.digest, after, compareFeed);
  return { ...page, totalCount: plan.totalFromArgil && argil ? (argil.total ?? null) : null };
}

/** One provider's part of a merged page: what its scan found, from where. */
export interface MergedStream<T> {
  scan: ScanResult<T, string>;
}

/**
 * The page of a merged feed from its providers' scans (undefined: left out
 * or failed), and each edge's cursor: every stream's position after that
 * edge. Shared by `assets` and `jobs`.
 */
export function mergedPage<T>(
  streams: ReadonlyArray<MergedStream<T> | undefined>,
  planned: readonly unknown[],
  positions: readonly string[],
  size: number,
  digest: string,
  after: string | undefined,
  compare: (a: T, b: T) => number,
): RelayConnection<T> {
  const failed = streams.some((stream, s) => planned[s] && !stream);

  // An excluded or failed stream takes part as an exhausted empty one.
  const mergeStreams: MergeStream<T>[] = streams.map((stream) => ({
    keys: stream?.scan.items.map((entry) => entry.item) ?? [],
    exhausted: stream?.scan.exhausted ?? true,
    frontier: stream?.scan.frontier,
  }));
  const merged = mergeNewestFirst(mergeStreams, size, compare);

  const current = [...positions];
  const consumed = streams.map(() => 0);
  const advance = () => {
    // A stream whose every found item went out may resume after all it read.
    streams.forEach((stream, s) => {
      if (stream && consumed[s] === stream.scan.items.length && stream.scan.scanned !== undefined) {
        current[s] = stream.scan.scanned;
      }
    });
  };
  const edges = merged.taken.map(({ stream: s, index }) => {
    const entry = streams[s]!.scan.items[index]!;
    current[s] = entry.position;
    consumed[s]! += 1;
    advance();
    const at = [...current];
    return lazyEdge(entry.item, () => encodeFeedCursor(digest, at));
  });
  advance();
  const hasNextPage = merged.hasNextPage || failed;
  // With no edge but more to come (a provider failed, or a sparse filter ran
  // out of scan budget), the client still needs somewhere to continue from.
  const endCursor = edges[edges.length - 1]?.cursor ?? (hasNextPage ? encodeFeedCursor(digest, current) : null);
  return {
    edges,
    pageInfo: { hasNextPage, hasPreviousPage: after !== undefined, startCursor: edges[0]?.cursor ?? null, endCursor },
  };
}
