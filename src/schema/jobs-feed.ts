/**
 * One job feed, `jobs(first, after, filter)`: Krea jobs (GET /jobs, its
 * timestamp cursor) and Argil videos (GET /videos, page/limit) merged newest
 * first with one cursor, by the same scans and merge as the `assets` feed
 * (feed.ts): one call per provider per page, a failing provider reported at
 * the field while the other's jobs still come, its position kept so nothing
 * is lost or repeated once it answers again. `states` is applied here
 * (neither provider filters by the gateway's states), with the same bounded
 * scans as the assets feed's gateway-side filters.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../context.js';
import type { ProviderCode } from '../models/assets.js';
import { fromKreaJob } from '../models/jobs.js';
import type { JobModel, JobState } from '../models/jobs.js';
import { parseForwardArgs } from '../pagination/args.js';
import type { ConnectionArgs } from '../pagination/args.js';
import { cursorInteger, fnv1a } from '../pagination/cursor.js';
import { decodeFeedCursor } from '../pagination/merge.js';
import { scanOffsetStream, scanTimestampStream } from '../pagination/scan.js';
import { formatTimestampPosition, parseTimestampPosition } from '../pagination/timestamp.js';
import { ARGIL_MAX_VIDEO_LIMIT } from '../providers/argil.js';
import { KREA_MAX_LIMIT } from '../providers/krea.js';
import { argilVideoPage } from './argil-videos.js';
import { ProviderEnum } from './asset.js';
import { builder } from './builder.js';
import { emptyConnection } from './connections.js';
import type { RelayConnection } from './connections.js';
import { FEED_SCAN_CALLS, guarded, mergedPage, START } from './feed.js';
import type { MergedStream } from './feed.js';
import { JobRef, JobStateEnum } from './job.js';
import { withFallback } from './errors.js';

export interface JobFilter {
  providers?: readonly ProviderCode[] | null | undefined;
  states?: readonly JobState[] | null | undefined;
}

const PROVIDER_RANK: Record<ProviderCode, number> = { KREA: 0, ARGIL: 1 };

/** createdAt desc, then provider (KREA, ARGIL), then providerId: one total order across providers. */
export function compareJobs(a: JobModel, b: JobModel): number {
  if (a.createdAtMs !== b.createdAtMs) return b.createdAtMs - a.createdAtMs;
  if (a.provider !== b.provider) return PROVIDER_RANK[a.provider] - PROVIDER_RANK[b.provider];
  return a.providerId < b.providerId ? -1 : a.providerId > b.providerId ? 1 : 0;
}

const keyOf = (job: JobModel) => ({ ms: job.createdAtMs, id: job.providerId });

function kreaJobs(context: RequestContext, from: string, want: number, predicate?: (job: JobModel) => boolean) {
  const start = from === START ? undefined : parseTimestampPosition(from);
  return async (): Promise<MergedStream<JobModel>> => {
    const scan = await scanTimestampStream(
      start,
      { want, predicate, maxCalls: FEED_SCAN_CALLS, maxLimit: KREA_MAX_LIMIT, keyOf },
      (ask) =>
        context.loaders.kreaJob.list(
          async () => {
            const page = await context.krea.listJobs(ask);
            return { items: page.items.map(fromKreaJob), nextCursor: page.nextCursor };
          },
          (page) => page.items,
        ),
    );
    return {
      scan: {
        ...scan,
        items: scan.items.map((entry) => ({ item: entry.item, position: formatTimestampPosition(entry.position) })),
        scanned: scan.scanned === undefined ? undefined : formatTimestampPosition(scan.scanned),
      },
    };
  };
}

function argilVideos(context: RequestContext, from: string, want: number, predicate?: (job: JobModel) => boolean) {
  const start = from === START ? 0 : cursorInteger(from);
  return async (): Promise<MergedStream<JobModel>> => {
    const scan = await scanOffsetStream(
      start,
      { want, predicate, maxCalls: FEED_SCAN_CALLS, maxUpstreamPageSize: ARGIL_MAX_VIDEO_LIMIT },
      (page, pageSize) => argilVideoPage(context, page, pageSize),
    );
    return {
      scan: {
        ...scan,
        items: scan.items.map((entry) => ({ item: entry.item as JobModel, position: String(entry.position) })),
        frontier: scan.frontier,
        scanned: scan.scanned === undefined ? undefined : String(scan.scanned),
      },
    };
  };
}

export async function resolveJobs(
  args: ConnectionArgs & { filter?: JobFilter | null },
  context: RequestContext,
  info: GraphQLResolveInfo,
): Promise<RelayConnection<JobModel>> {
  const { size, after } = parseForwardArgs(args, { maxPageSize: context.maxPageSize });
  const available = { KREA: context.krea.hasCredential, ARGIL: context.argil.hasCredential };
  const providers = args.filter?.providers?.length
    ? [...new Set(args.filter.providers)]
    : (['KREA', 'ARGIL'] as const).filter((p) => available[p]);
  const states = args.filter?.states?.length ? [...new Set(args.filter.states)].sort() : undefined;
  const predicate = states ? (job: JobModel) => states.includes(job.state) : undefined;
  const digest = fnv1a(`jobs|${[...providers].sort().join(',')}|${states?.join(',') ?? ''}`);
  const positions = after === undefined ? [START, START] : decodeFeedCursor(after, digest, 2);
  const want = size + 1;
  const planned = [providers.includes('KREA'), providers.includes('ARGIL')];
  const [krea, argil] = await Promise.all([
    planned[0] ? guarded(context, info, kreaJobs(context, positions[0]!, want, predicate)) : undefined,
    planned[1] ? guarded(context, info, argilVideos(context, positions[1]!, want, predicate)) : undefined,
  ]);
  return mergedPage<JobModel>(
    [krea, argil],
    planned.map((p) => p || undefined),
    positions,
    size,
    digest,
    after,
    compareJobs,
  );
}

const JobFilterInput = builder.inputType('JobFilter', {
  description: 'Narrows the job feed; every condition must hold.',
  fields: (t) => ({
    providers: t.field({
      type: [ProviderEnum],
      required: false,
      description: 'Default: every provider the request has a credential for.',
    }),
    states: t.field({ description: 'Only jobs in these states.', type: [JobStateEnum], required: false }),
  }),
});

builder.queryField('jobs', (t) =>
  t.connection(
    {
      type: JobRef,
      description: 'Krea jobs and Argil videos merged into one feed, newest first, with one opaque cursor.',
      args: { filter: t.arg({ description: 'Which jobs; all by default.', type: JobFilterInput, required: false }) },
      resolve: (_root, args, context, info) =>
        withFallback(context, info, () => resolveJobs(args, context, info), emptyConnection<JobModel>),
    },
    {
      name: 'JobConnection',
      description: "A page of the merged job feed: Krea's jobs and Argil's videos, newest first.",
    },
    { name: 'JobEdge', description: 'A job of either provider and its cursor.' },
  ),
);
