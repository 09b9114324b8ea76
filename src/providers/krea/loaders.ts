/**
 * Krea's loaders of one GraphQL request: made on first use, dropped with
 * the request (they hold data fetched with its credential and must never
 * serve another). Single fetches share one in-flight cap per request.
 */
import pLimit from 'p-limit';
import type { LimitFunction } from 'p-limit';
import { BatchedLoader, SINGLE_FETCH_CONCURRENCY } from '../../loaders/batched.js';
import { KREA_MAX_LIMIT } from './client.js';
import type { KreaClient } from './client.js';
import { fromKreaAsset, fromKreaAssets } from './models/assets.js';
import type { KreaAssetModel } from './models/assets.js';
import { fromKreaJob } from './models/jobs.js';
import type { KreaJobModel } from './models/jobs.js';
import { fromKreaNodeApp, fromKreaStyle } from './models/styles.js';
import type { KreaNodeAppModel, KreaStyleModel } from './models/styles.js';

/**
 * A class with prototype getters rather than a literal with getters: a getter
 * in a literal is a closure per request (see `lazyEdge` in schema/connections.ts).
 */
export class KreaLoaders {
  private limit: LimitFunction | undefined;
  private assetLoader: BatchedLoader<KreaAssetModel> | undefined;
  private jobLoader: BatchedLoader<KreaJobModel> | undefined;
  private styleLoader: BatchedLoader<KreaStyleModel> | undefined;
  private nodeAppLoader: BatchedLoader<KreaNodeAppModel> | undefined;

  constructor(
    private readonly krea: KreaClient,
    private readonly observeBatch: ((loader: string, size: number) => void) | undefined,
  ) {}

  private get shared(): LimitFunction {
    return (this.limit ??= pLimit(SINGLE_FETCH_CONCURRENCY));
  }

  get asset(): BatchedLoader<KreaAssetModel> {
    const { krea } = this;
    return (this.assetLoader ??= new BatchedLoader({
      getOne: async (id) => fromKreaAsset(await krea.getAsset(id)),
      // The page's models, one array per page: a page shared between requests is indexed once (loaders/batched.ts).
      listNewest: async () => fromKreaAssets((await krea.listAssets({ limit: KREA_MAX_LIMIT })).items),
      idOf: (asset) => asset.providerId,
      limit: () => this.shared,
      onBatch: (size) => this.observeBatch?.('kreaAsset', size),
    }));
  }

  get job(): BatchedLoader<KreaJobModel> {
    const { krea } = this;
    return (this.jobLoader ??= new BatchedLoader({
      getOne: async (id) => fromKreaJob(await krea.getJob(id)),
      listNewest: async () => (await krea.listJobs({ limit: KREA_MAX_LIMIT })).items.map(fromKreaJob),
      idOf: (job) => job.providerId,
      limit: () => this.shared,
      onBatch: (size) => this.observeBatch?.('kreaJob', size),
    }));
  }

  get style(): BatchedLoader<KreaStyleModel> {
    const { krea } = this;
    return (this.styleLoader ??= new BatchedLoader({
      getOne: async (id) => fromKreaStyle(await krea.getStyle(id)),
      listNewest: async () => (await krea.listStyles({ limit: KREA_MAX_LIMIT })).items.map(fromKreaStyle),
      idOf: (style) => style.providerId,
      limit: () => this.shared,
      onBatch: (size) => this.observeBatch?.('kreaStyle', size),
    }));
  }

  get nodeApp(): BatchedLoader<KreaNodeAppModel> {
    const { krea } = this;
    return (this.nodeAppLoader ??= new BatchedLoader({
      getOne: async (id) => fromKreaNodeApp(await krea.getNodeApp(id)),
      // Krea lists no node apps: a batch is fetched singly.
      listNewest: async () => [],
      idOf: (app) => app.providerId,
      limit: () => this.shared,
      onBatch: (size) => this.observeBatch?.('kreaNodeApp', size),
    }));
  }
}
