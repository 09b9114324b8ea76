/**
 * Argil's streams of the merged feeds (pagination/feed.ts): its assets (GET
 * /assets, page/pageSize) and its videos as jobs (GET /videos, page/limit),
 * each read from an offset with a bounded scan. `status` and kinds go
 * upstream (as `status` and `type`); `createdBefore` is applied here,
 * skipping newer items. Its X-Total-Count is the stream's total only when
 * nothing is filtered here.
 */
import type { AssetFeedFilter, AssetModel } from '../../models/assets.js';
import type { JobFeedFilter, JobModel } from '../../models/jobs.js';
import { cursorInteger } from '../../pagination/cursor.js';
import { FEED_SCAN_CALLS, START } from '../../pagination/feed.js';
import type { FeedSource, StreamScan } from '../../pagination/feed.js';
import { scanOffsetStream } from '../../pagination/scan.js';
import type { ScanResult } from '../../pagination/scan.js';
import { ARGIL_MAX_PAGE_SIZE, ARGIL_MAX_VIDEO_LIMIT } from './client.js';
import type { ArgilPart } from './part.js';
import { ARGIL_ASSET_TYPES } from './shapes.js';
import type { ArgilAssetType } from './shapes.js';

/** An offset scan's positions as the feed's cursor writes them. */
function withStringPositions<T>(scan: ScanResult<T, number>): StreamScan<T>['scan'] {
  return {
    ...scan,
    items: scan.items.map((entry) => ({ item: entry.item, position: String(entry.position) })),
    scanned: scan.scanned === undefined ? undefined : String(scan.scanned),
  };
}

const startOf = (from: string) => (from === START ? 0 : cursorInteger(from));

export const argilAssetsFeed: FeedSource<ArgilPart, AssetModel, AssetFeedFilter> = {
  reportsTotal: true,
  plan({ kinds, status, before, after, stop }) {
    const types = kinds?.filter((kind): kind is ArgilAssetType =>
      (ARGIL_ASSET_TYPES as readonly string[]).includes(kind),
    );
    if (types && types.length === 0) return undefined;
    const predicate = before === undefined ? undefined : (asset: AssetModel) => asset.createdAtMs < before;
    // X-Total-Count counts what Argil filters; the dates are filtered here.
    const exactTotal = before === undefined && after === undefined;
    return {
      open(argil, from, want) {
        const start = startOf(from);
        return async () => {
          const scan = await scanOffsetStream(
            start,
            { want, predicate, stop, maxCalls: FEED_SCAN_CALLS, maxUpstreamPageSize: ARGIL_MAX_PAGE_SIZE },
            (page, pageSize) => argil.assetPage({ types, status, page, pageSize }),
          );
          return { scan: withStringPositions<AssetModel>(scan), total: exactTotal ? scan.total : undefined };
        };
      },
    };
  },
};

export const argilJobsFeed: FeedSource<ArgilPart, JobModel, JobFeedFilter> = {
  plan({ predicate }) {
    return {
      open(argil, from, want) {
        const start = startOf(from);
        return async () => {
          const scan = await scanOffsetStream<JobModel>(
            start,
            { want, predicate, maxCalls: FEED_SCAN_CALLS, maxUpstreamPageSize: ARGIL_MAX_VIDEO_LIMIT },
            (page, pageSize) => argil.videoPage(page, pageSize),
          );
          return { scan: withStringPositions(scan) };
        };
      },
    };
  },
};
