/**
 * Krea's streams of the merged feeds (pagination/feed.ts): its assets (GET
 * /assets) and its jobs (GET /jobs), each read from a timestamp position
 * with the tie-safe window, a bounded scan when the gateway filters.
 * Krea's assets are all READY, so any other status rules Krea out of the
 * assets feed; `createdBefore` goes upstream as Krea's own cursor; kinds are
 * filtered here by MIME type (a sparse kind scans more).
 */
import type { AssetFeedFilter, AssetModel } from '../../models/assets.js';
import type { JobFeedFilter, JobModel } from '../../models/jobs.js';
import { FEED_SCAN_CALLS, START } from '../../pagination/feed.js';
import type { FeedSource, StreamScan } from '../../pagination/feed.js';
import { scanTimestampStream } from '../../pagination/scan.js';
import type { ScanResult } from '../../pagination/scan.js';
import { formatTimestampPosition, parseTimestampPosition } from '../../pagination/timestamp.js';
import type { TimedKey, TimestampPosition } from '../../pagination/timestamp.js';
import { KREA_MAX_LIMIT } from './client.js';
import { fromKreaAssets } from './models/assets.js';
import { fromKreaJob } from './models/jobs.js';
import type { KreaPart } from './part.js';

const keyOf = (item: { createdAtMs: number; providerId: string }): TimedKey => ({
  ms: item.createdAtMs,
  id: item.providerId,
});

/** A timestamp scan's positions as the feed's cursor writes them. */
function withStringPositions<T>(scan: ScanResult<T, TimestampPosition>): StreamScan<T> {
  return {
    scan: {
      ...scan,
      items: scan.items.map((entry) => ({ item: entry.item, position: formatTimestampPosition(entry.position) })),
      scanned: scan.scanned === undefined ? undefined : formatTimestampPosition(scan.scanned),
    },
  };
}

export const kreaAssetsFeed: FeedSource<KreaPart, AssetModel, AssetFeedFilter> = {
  plan(filter) {
    if (filter.status !== 'READY') return undefined;
    const { kinds, before, stop } = filter;
    const predicate = kinds ? (asset: AssetModel) => kinds.includes(asset.kind) : undefined;
    return {
      open(krea, from, want) {
        const start: TimestampPosition | undefined =
          from !== START
            ? parseTimestampPosition(from)
            : before !== undefined
              ? // Just before `createdBefore`: '~' sorts after every id at that instant.
                { ms: before, rank: 0, id: '~' }
              : undefined;
        return async () => {
          const scan = await scanTimestampStream(
            start,
            { want, predicate, stop, maxCalls: FEED_SCAN_CALLS, maxLimit: KREA_MAX_LIMIT, keyOf },
            (ask) =>
              krea.loaders.asset.list(
                async () => {
                  const page = await krea.client.listAssets(ask);
                  return { items: fromKreaAssets(page.items), nextCursor: page.nextCursor };
                },
                (page) => page.items,
              ),
          );
          return withStringPositions<AssetModel>(scan);
        };
      },
    };
  },
};

export const kreaJobsFeed: FeedSource<KreaPart, JobModel, JobFeedFilter> = {
  plan({ predicate }) {
    return {
      open(krea, from, want) {
        const start = from === START ? undefined : parseTimestampPosition(from);
        return async () => {
          const scan = await scanTimestampStream(
            start,
            { want, predicate, maxCalls: FEED_SCAN_CALLS, maxLimit: KREA_MAX_LIMIT, keyOf },
            (ask) =>
              krea.loaders.job.list(
                async () => {
                  const page = await krea.client.listJobs(ask);
                  return { items: page.items.map(fromKreaJob), nextCursor: page.nextCursor };
                },
                (page) => page.items,
              ),
          );
          return withStringPositions<JobModel>(scan);
        };
      },
    };
  },
};
