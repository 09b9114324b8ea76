/**
 * Lumen as a provider of the gateway, written only for the tests and only
 * here: its client, its models, its per-request part, its streams of the
 * merged feeds and what can be watched, as one ProviderModule. It is built
 * from the core's public pieces (the module interface, the HTTP plumbing,
 * the loaders, the pagination scans); no file of src/ knows it.
 */
import { z } from 'zod';
import { BatchedLoader, SINGLE_FETCH_CONCURRENCY } from '../../src/loaders/batched.js';
import type { Watchable } from '../../src/live/watch.js';
import type { AssetFeedFilter, AssetModel } from '../../src/models/assets.js';
import type { JobFeedFilter, JobModel, JobState } from '../../src/models/jobs.js';
import { cursorInteger } from '../../src/pagination/cursor.js';
import { FEED_SCAN_CALLS, START } from '../../src/pagination/feed.js';
import type { FeedSource, StreamScan } from '../../src/pagination/feed.js';
import type { FetchedPage } from '../../src/pagination/pages.js';
import { scanOffsetStream } from '../../src/pagination/scan.js';
import { ProviderError } from '../../src/providers/errors.js';
import type { ClientOptions } from '../../src/providers/http/types.js';
import type { Upstream } from '../../src/providers/http/upstream.js';
import type { PartRequest, ProviderModule, ProviderPart } from '../../src/providers/module.js';
import { dateTimeShape, uuidShape } from '../../src/providers/shapes.js';
import pLimit from 'p-limit';

const assetShape = z.object({
  uid: uuidShape,
  created: dateTimeShape,
  media: z.enum(['image', 'video']),
  href: z.string(),
  title: z.string().nullable(),
});
const jobShape = z.object({
  uid: uuidShape,
  created: dateTimeShape,
  state: z.enum(['waiting', 'working', 'finished']),
  outputs: z.array(z.string()),
});
const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });

type LumenAssetAnswer = z.output<typeof assetShape>;
type LumenJobAnswer = z.output<typeof jobShape>;

export interface LumenAssetModel extends AssetModel {
  provider: 'LUMEN';
  title: string | null;
}

export interface LumenJobModel extends JobModel {
  provider: 'LUMEN';
}

const STATE: Record<LumenJobAnswer['state'], JobState> = {
  waiting: 'QUEUED',
  working: 'RUNNING',
  finished: 'SUCCEEDED',
};

export function fromLumenAsset(asset: LumenAssetAnswer): LumenAssetModel {
  return {
    provider: 'LUMEN',
    providerId: asset.uid,
    kind: asset.media === 'image' ? 'IMAGE' : 'VIDEO',
    status: 'READY',
    url: asset.href,
    thumbnailUrl: null,
    name: asset.title,
    mimeType: null,
    createdAt: asset.created,
    createdAtMs: Date.parse(asset.created),
    title: asset.title,
  };
}

export function fromLumenJob(job: LumenJobAnswer): LumenJobModel {
  const finished = job.state === 'finished';
  return {
    provider: 'LUMEN',
    providerId: job.uid,
    state: STATE[job.state],
    providerStatus: job.state,
    isTerminal: finished,
    createdAt: job.created,
    createdAtMs: Date.parse(job.created),
    completedAt: null,
    outputUrls: finished ? job.outputs : [],
  };
}

/** Lumen's documented largest page. */
const MAX_PER_PAGE = 100;

export class LumenClient {
  constructor(
    private readonly upstream: Upstream,
    private readonly key: string | undefined,
    private readonly options: ClientOptions = {},
  ) {}

  get hasCredential(): boolean {
    return this.key !== undefined;
  }

  async assets(page: number, perPage: number): Promise<FetchedPage<LumenAssetModel>> {
    const { body } = await this.upstream.call(
      this.get('/assets', 'listAssets', { page, per_page: perPage }),
      pageOf(assetShape),
    );
    return { page, pageSize: perPage, items: body.items.map(fromLumenAsset), total: body.total };
  }

  async jobs(page: number, perPage: number): Promise<FetchedPage<LumenJobModel>> {
    const { body } = await this.upstream.call(
      this.get('/jobs', 'listJobs', { page, per_page: perPage }),
      pageOf(jobShape),
    );
    return { page, pageSize: perPage, items: body.items.map(fromLumenJob), total: body.total };
  }

  async asset(id: string): Promise<LumenAssetModel> {
    return fromLumenAsset((await this.upstream.call(this.get(`/assets/${id}`, 'getAsset'), assetShape)).body);
  }

  async job(id: string): Promise<LumenJobModel> {
    return fromLumenJob((await this.upstream.call(this.get(`/jobs/${id}`, 'getJob'), jobShape)).body);
  }

  private get(path: string, operation: string, query?: Record<string, number>) {
    if (this.key === undefined) {
      throw new ProviderError('lumen', 'unauthenticated', 'no credential: send X-Lumen-Key or configure LUMEN_API_KEY');
    }
    return {
      method: 'GET' as const,
      path,
      query,
      operation,
      headers: { authorization: `Token ${this.key}` },
      signal: this.options.signalOf?.(),
      observer: this.options.observer,
      budgetKey: this.options.budgetKey,
    };
  }
}

/** Lumen's part of one request: its client, and loaders made on first use. */
export class LumenPart implements ProviderPart {
  readonly client: LumenClient;
  readonly credentialDigest: string;
  private readonly limit = pLimit(SINGLE_FETCH_CONCURRENCY);
  private assetLoader: BatchedLoader<LumenAssetModel> | undefined;
  private jobLoader: BatchedLoader<LumenJobModel> | undefined;

  constructor(request: PartRequest, upstream: Upstream) {
    this.client = new LumenClient(upstream, request.credential, {
      signalOf: request.signalOf,
      observer: request.observer,
      budgetKey: request.credentialDigest,
    });
    this.credentialDigest = request.credentialDigest;
  }

  get hasCredential(): boolean {
    return this.client.hasCredential;
  }

  get assets(): BatchedLoader<LumenAssetModel> {
    const { client } = this;
    return (this.assetLoader ??= new BatchedLoader({
      getOne: (id) => client.asset(id),
      listNewest: async () => [...(await client.assets(1, MAX_PER_PAGE)).items],
      idOf: (asset) => asset.providerId,
      limit: () => this.limit,
    }));
  }

  get jobs(): BatchedLoader<LumenJobModel> {
    const { client } = this;
    return (this.jobLoader ??= new BatchedLoader({
      getOne: (id) => client.job(id),
      // A job read in a list does not move on; only one read by id does.
      listNewest: async () => [],
      idOf: (job) => job.providerId,
      limit: () => this.limit,
    }));
  }
}

/** An offset scan's positions as the feeds' cursor writes them. */
function strings<T>(scan: Awaited<ReturnType<typeof scanOffsetStream<T>>>): StreamScan<T> {
  return {
    scan: {
      ...scan,
      items: scan.items.map((entry) => ({ item: entry.item, position: String(entry.position) })),
      scanned: scan.scanned === undefined ? undefined : String(scan.scanned),
    },
  };
}

const startOf = (from: string) => (from === START ? 0 : cursorInteger(from));

const assetsFeed: FeedSource<LumenPart, AssetModel, AssetFeedFilter> = {
  plan({ status, kinds, before, stop }) {
    // Every Lumen asset is READY.
    if (status !== 'READY') return undefined;
    const predicate = (asset: AssetModel) =>
      (!kinds || kinds.includes(asset.kind)) && (before === undefined || asset.createdAtMs < before);
    return {
      open(lumen, from, want) {
        const start = startOf(from);
        return async () =>
          strings(
            await scanOffsetStream<AssetModel>(
              start,
              { want, predicate, stop, maxCalls: FEED_SCAN_CALLS, maxUpstreamPageSize: MAX_PER_PAGE },
              (page, perPage) =>
                lumen.assets.list(
                  () => lumen.client.assets(page, perPage),
                  (found) => found.items,
                ),
            ),
          );
      },
    };
  },
};

const jobsFeed: FeedSource<LumenPart, JobModel, JobFeedFilter> = {
  plan({ predicate }) {
    return {
      open(lumen, from, want) {
        const start = startOf(from);
        return async () =>
          strings(
            await scanOffsetStream<JobModel>(
              start,
              { want, predicate, maxCalls: FEED_SCAN_CALLS, maxUpstreamPageSize: MAX_PER_PAGE },
              (page, perPage) => lumen.client.jobs(page, perPage),
            ),
          );
      },
    };
  },
};

function watchables(upstream: Upstream): Record<string, Watchable> {
  const job: Watchable<LumenJobModel> = {
    kind: 'job',
    poll: (id, credential) => {
      const client = new LumenClient(upstream, credential);
      return {
        fetch: () => client.job(id),
        statusOf: (value) => value.providerStatus,
        isTerminal: (value) => value.isTerminal,
      };
    },
  };
  const asset: Watchable<LumenAssetModel> = {
    kind: 'asset',
    poll: (id, credential) => {
      const client = new LumenClient(upstream, credential);
      return { fetch: () => client.asset(id), statusOf: (value) => value.status, isTerminal: () => true };
    },
  };
  return { LumenJob: job, LumenAsset: asset };
}

export const lumen: ProviderModule<LumenPart> = {
  name: 'lumen',
  settings: {
    baseUrl: { env: 'LUMEN_BASE_URL', default: 'https://lumen.invalid' },
    apiKey: { env: 'LUMEN_API_KEY' },
    credentialHeader: 'x-lumen-key',
  },
  start: ({ upstream }) => ({
    part: (request) => new LumenPart(request, upstream),
    watchables: watchables(upstream),
  }),
  assets: assetsFeed,
  jobs: jobsFeed,
};
