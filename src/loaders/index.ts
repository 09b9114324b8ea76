/**
 * The loaders of one GraphQL request. Created in `context.ts` for every
 * request and dropped with it: they hold provider data fetched with that
 * request's credentials and must never serve another request.
 */
import pLimit from 'p-limit';
import type { LimitFunction } from 'p-limit';
import { fromArgilAsset, fromKreaAsset } from '../models/assets.js';
import type { ArgilAssetModel, KreaAssetModel } from '../models/assets.js';
import { fromKreaJob } from '../models/jobs.js';
import type { KreaJobModel } from '../models/jobs.js';
import { fromKreaNodeApp, fromKreaStyle } from '../models/styles.js';
import { fromArgilAvatar, fromArgilVideo, fromArgilVoice } from '../models/videos.js';
import type { ArgilAvatarModel, ArgilVideoModel, ArgilVoiceModel } from '../models/videos.js';
import type { KreaNodeAppModel, KreaStyleModel } from '../models/styles.js';
import { fromArgilSubtitleStyle, fromArgilWebhook } from '../models/argil-workspace.js';
import type { ArgilSubtitleStyleModel, ArgilWebhookModel } from '../models/argil-workspace.js';
import { ARGIL_MAX_SUBTITLE_PAGE_SIZE } from '../providers/argil-workspace.js';
import { ProviderError } from '../providers/errors.js';
import { ARGIL_MAX_PAGE_SIZE, ARGIL_MAX_VIDEO_LIMIT } from '../providers/argil.js';
import type { ArgilClient } from '../providers/argil.js';
import { KREA_MAX_LIMIT } from '../providers/krea.js';
import type { KreaClient } from '../providers/krea.js';
import { BatchedLoader } from './batched.js';

export { BatchedLoader } from './batched.js';

/** Single fetches in flight per provider per request. */
export const SINGLE_FETCH_CONCURRENCY = 8;

/** Pages of subtitle styles node(id:) reads at most, looking for one (a workspace has a handful). */
const MAX_SUBTITLE_PAGES = 5;

export interface Loaders {
  kreaAsset: BatchedLoader<KreaAssetModel>;
  argilAsset: BatchedLoader<ArgilAssetModel>;
  kreaJob: BatchedLoader<KreaJobModel>;
  kreaStyle: BatchedLoader<KreaStyleModel>;
  kreaNodeApp: BatchedLoader<KreaNodeAppModel>;
  argilVideo: BatchedLoader<ArgilVideoModel>;
  argilAvatar: BatchedLoader<ArgilAvatarModel>;
  argilVoice: BatchedLoader<ArgilVoiceModel>;
  argilWebhook: BatchedLoader<ArgilWebhookModel>;
  argilSubtitleStyle: BatchedLoader<ArgilSubtitleStyleModel>;
}

/**
 * Each loader is made on first use: most operations need one, or none. A
 * class with prototype getters rather than a literal with getters (see
 * `lazyEdge` in schema/connections.ts for why).
 */
class RequestLoaders implements Loaders {
  private kreaLimit: LimitFunction | undefined;
  private argilLimit: LimitFunction | undefined;
  private kreaAssetLoader: BatchedLoader<KreaAssetModel> | undefined;
  private argilAssetLoader: BatchedLoader<ArgilAssetModel> | undefined;
  private kreaJobLoader: BatchedLoader<KreaJobModel> | undefined;
  private kreaStyleLoader: BatchedLoader<KreaStyleModel> | undefined;
  private kreaNodeAppLoader: BatchedLoader<KreaNodeAppModel> | undefined;
  private argilVideoLoader: BatchedLoader<ArgilVideoModel> | undefined;
  private argilAvatarLoader: BatchedLoader<ArgilAvatarModel> | undefined;
  private argilVoiceLoader: BatchedLoader<ArgilVoiceModel> | undefined;
  private argilWebhookLoader: BatchedLoader<ArgilWebhookModel> | undefined;
  private argilSubtitleStyleLoader: BatchedLoader<ArgilSubtitleStyleModel> | undefined;

  constructor(
    private readonly krea: KreaClient,
    private readonly argil: ArgilClient,
    private readonly observeBatch: ((loader: string, size: number) => void) | undefined,
    private readonly renderAsked: (videoId: string) => boolean,
  ) {}

  private limitFor(provider: 'krea' | 'argil'): LimitFunction {
    return provider === 'krea'
      ? (this.kreaLimit ??= pLimit(SINGLE_FETCH_CONCURRENCY))
      : (this.argilLimit ??= pLimit(SINGLE_FETCH_CONCURRENCY));
  }

  get kreaAsset(): BatchedLoader<KreaAssetModel> {
    const { krea } = this;
    return (this.kreaAssetLoader ??= new BatchedLoader({
      getOne: async (id) => fromKreaAsset(await krea.getAsset(id)),
      listNewest: async () => (await krea.listAssets({ limit: KREA_MAX_LIMIT })).items.map(fromKreaAsset),
      idOf: (asset) => asset.providerId,
      limit: this.limitFor('krea'),
      onBatch: (size) => this.observeBatch?.('kreaAsset', size),
    }));
  }

  get argilAsset(): BatchedLoader<ArgilAssetModel> {
    const { argil } = this;
    return (this.argilAssetLoader ??= new BatchedLoader({
      getOne: async (id) => fromArgilAsset(await argil.getAsset(id)),
      // Argil's list defaults to READY; ids of other statuses are fetched singly.
      listNewest: async () =>
        (await argil.listAssets({ page: 1, pageSize: ARGIL_MAX_PAGE_SIZE })).items.map(fromArgilAsset),
      idOf: (asset) => asset.providerId,
      limit: this.limitFor('argil'),
      onBatch: (size) => this.observeBatch?.('argilAsset', size),
    }));
  }

  get kreaJob(): BatchedLoader<KreaJobModel> {
    const { krea } = this;
    return (this.kreaJobLoader ??= new BatchedLoader({
      getOne: async (id) => fromKreaJob(await krea.getJob(id)),
      listNewest: async () => (await krea.listJobs({ limit: KREA_MAX_LIMIT })).items.map(fromKreaJob),
      idOf: (job) => job.providerId,
      limit: this.limitFor('krea'),
      onBatch: (size) => this.observeBatch?.('kreaJob', size),
    }));
  }

  get kreaStyle(): BatchedLoader<KreaStyleModel> {
    const { krea } = this;
    return (this.kreaStyleLoader ??= new BatchedLoader({
      getOne: async (id) => fromKreaStyle(await krea.getStyle(id)),
      listNewest: async () => (await krea.listStyles({ limit: KREA_MAX_LIMIT })).items.map(fromKreaStyle),
      idOf: (style) => style.providerId,
      limit: this.limitFor('krea'),
      onBatch: (size) => this.observeBatch?.('kreaStyle', size),
    }));
  }

  get kreaNodeApp(): BatchedLoader<KreaNodeAppModel> {
    const { krea } = this;
    return (this.kreaNodeAppLoader ??= new BatchedLoader({
      getOne: async (id) => fromKreaNodeApp(await krea.getNodeApp(id)),
      // Krea lists no node apps: a batch is fetched singly.
      listNewest: async () => [],
      idOf: (app) => app.providerId,
      limit: this.limitFor('krea'),
      onBatch: (size) => this.observeBatch?.('kreaNodeApp', size),
    }));
  }

  get argilVideo(): BatchedLoader<ArgilVideoModel> {
    const { argil, renderAsked } = this;
    return (this.argilVideoLoader ??= new BatchedLoader({
      getOne: async (id) => fromArgilVideo(await argil.getVideo(id), renderAsked(id)),
      listNewest: async () =>
        (await argil.listVideos({ page: 1, limit: ARGIL_MAX_VIDEO_LIMIT })).items.map((video) =>
          fromArgilVideo(video, renderAsked(video.id)),
        ),
      idOf: (video) => video.providerId,
      limit: this.limitFor('argil'),
      onBatch: (size) => this.observeBatch?.('argilVideo', size),
    }));
  }

  /** Argil lists every avatar at once: ten or more ids cost one list call. */
  get argilAvatar(): BatchedLoader<ArgilAvatarModel> {
    const { argil } = this;
    return (this.argilAvatarLoader ??= new BatchedLoader({
      getOne: async (id) => fromArgilAvatar(await argil.getAvatar(id)),
      listNewest: async () => (await argil.listAvatars()).map(fromArgilAvatar),
      idOf: (avatar) => avatar.providerId,
      limit: this.limitFor('argil'),
      onBatch: (size) => this.observeBatch?.('argilAvatar', size),
    }));
  }

  get argilVoice(): BatchedLoader<ArgilVoiceModel> {
    const { argil } = this;
    return (this.argilVoiceLoader ??= new BatchedLoader({
      getOne: async (id) => fromArgilVoice(await argil.getVoice(id)),
      listNewest: async () => (await argil.listVoices()).map(fromArgilVoice),
      idOf: (voice) => voice.providerId,
      limit: this.limitFor('argil'),
      onBatch: (size) => this.observeBatch?.('argilVoice', size),
    }));
  }

  /** Argil has no GET /webhooks/{id}: every batch reads the one list, and an id it lacks is unknown (null). */
  get argilWebhook(): BatchedLoader<ArgilWebhookModel> {
    const { argil } = this;
    return (this.argilWebhookLoader ??= new BatchedLoader({
      getOne: () => Promise.reject(new ProviderError('argil', 'not-found', 'no such webhook')),
      listNewest: async () => (await argil.listWebhooks()).map(fromArgilWebhook),
      listThreshold: 1,
      idOf: (webhook) => webhook.providerId,
      limit: this.limitFor('argil'),
      onBatch: (size) => this.observeBatch?.('argilWebhook', size),
    }));
  }

  /** Nor a GET /subtitles/{id}: a batch reads the first pages of the list, and an id they lack is unknown. */
  get argilSubtitleStyle(): BatchedLoader<ArgilSubtitleStyleModel> {
    const { argil } = this;
    return (this.argilSubtitleStyleLoader ??= new BatchedLoader({
      getOne: () => Promise.reject(new ProviderError('argil', 'not-found', 'no such subtitle style')),
      listNewest: async () => {
        const styles: ArgilSubtitleStyleModel[] = [];
        for (let page = 1; page <= MAX_SUBTITLE_PAGES; page++) {
          const result = await argil.listSubtitleStyles({ page, pageSize: ARGIL_MAX_SUBTITLE_PAGE_SIZE });
          styles.push(...result.items.map(fromArgilSubtitleStyle));
          if (result.items.length === 0 || styles.length >= result.totalCount) break;
        }
        return styles;
      },
      listThreshold: 1,
      idOf: (style) => style.providerId,
      limit: this.limitFor('argil'),
      onBatch: (size) => this.observeBatch?.('argilSubtitleStyle', size),
    }));
  }
}

export function createLoaders(
  krea: KreaClient,
  argil: ArgilClient,
  observeBatch?: (loader: string, size: number) => void,
  renderAsked: (videoId: string) => boolean = () => false,
): Loaders {
  return new RequestLoaders(krea, argil, observeBatch, renderAsked);
}
