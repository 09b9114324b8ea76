/**
 * Argil's loaders of one GraphQL request: made on first use, dropped with
 * the request (they hold data fetched with its credential and must never
 * serve another). Single fetches share one in-flight cap per request.
 */
import pLimit from 'p-limit';
import type { LimitFunction } from 'p-limit';
import { BatchedLoader, SINGLE_FETCH_CONCURRENCY } from '../../loaders/batched.js';
import { ProviderError } from '../errors.js';
import { ARGIL_MAX_PAGE_SIZE, ARGIL_MAX_VIDEO_LIMIT } from './client.js';
import type { ArgilClient } from './client.js';
import { fromArgilAsset, fromArgilAssets } from './models/assets.js';
import type { ArgilAssetModel } from './models/assets.js';
import { fromArgilAvatar, fromArgilVideo, fromArgilVoice } from './models/videos.js';
import type { ArgilAvatarModel, ArgilVideoModel, ArgilVoiceModel } from './models/videos.js';
import { fromArgilSubtitleStyle, fromArgilWebhook } from './models/workspace.js';
import type { ArgilSubtitleStyleModel, ArgilWebhookModel } from './models/workspace.js';
import { ARGIL_MAX_SUBTITLE_PAGE_SIZE } from './workspace.js';

/** Pages of subtitle styles node(id:) reads at most, looking for one (a workspace has a handful). */
const MAX_SUBTITLE_PAGES = 5;

/** Prototype getters, not a literal's (see `lazyEdge` in schema/connections.ts). */
export class ArgilLoaders {
  private limit: LimitFunction | undefined;
  private assetLoader: BatchedLoader<ArgilAssetModel> | undefined;
  private videoLoader: BatchedLoader<ArgilVideoModel> | undefined;
  private avatarLoader: BatchedLoader<ArgilAvatarModel> | undefined;
  private voiceLoader: BatchedLoader<ArgilVoiceModel> | undefined;
  private webhookLoader: BatchedLoader<ArgilWebhookModel> | undefined;
  private subtitleStyleLoader: BatchedLoader<ArgilSubtitleStyleModel> | undefined;

  constructor(
    private readonly argil: ArgilClient,
    private readonly observeBatch: ((loader: string, size: number) => void) | undefined,
    /** Whether this credential asked to render the video (render-log.ts). */
    private readonly renderAsked: (videoId: string) => boolean,
  ) {}

  private get shared(): LimitFunction {
    return (this.limit ??= pLimit(SINGLE_FETCH_CONCURRENCY));
  }

  get asset(): BatchedLoader<ArgilAssetModel> {
    const { argil } = this;
    return (this.assetLoader ??= new BatchedLoader({
      getOne: async (id) => fromArgilAsset(await argil.getAsset(id)),
      // Argil's list defaults to READY; ids of other statuses are fetched singly.
      // One array per page: a page shared between requests is indexed once (loaders/batched.ts).
      listNewest: async () =>
        fromArgilAssets((await argil.listAssets({ page: 1, pageSize: ARGIL_MAX_PAGE_SIZE })).items),
      idOf: (asset) => asset.providerId,
      limit: () => this.shared,
      onBatch: (size) => this.observeBatch?.('argilAsset', size),
    }));
  }

  get video(): BatchedLoader<ArgilVideoModel> {
    const { argil, renderAsked } = this;
    return (this.videoLoader ??= new BatchedLoader({
      getOne: async (id) => fromArgilVideo(await argil.getVideo(id), renderAsked(id)),
      listNewest: async () =>
        (await argil.listVideos({ page: 1, limit: ARGIL_MAX_VIDEO_LIMIT })).items.map((video) =>
          fromArgilVideo(video, renderAsked(video.id)),
        ),
      idOf: (video) => video.providerId,
      limit: () => this.shared,
      onBatch: (size) => this.observeBatch?.('argilVideo', size),
    }));
  }

  /** Argil lists every avatar at once: ten or more ids cost one list call. */
  get avatar(): BatchedLoader<ArgilAvatarModel> {
    const { argil } = this;
    return (this.avatarLoader ??= new BatchedLoader({
      getOne: async (id) => fromArgilAvatar(await argil.getAvatar(id)),
      listNewest: async () => (await argil.listAvatars()).map(fromArgilAvatar),
      idOf: (avatar) => avatar.providerId,
      limit: () => this.shared,
      onBatch: (size) => this.observeBatch?.('argilAvatar', size),
    }));
  }

  get voice(): BatchedLoader<ArgilVoiceModel> {
    const { argil } = this;
    return (this.voiceLoader ??= new BatchedLoader({
      getOne: async (id) => fromArgilVoice(await argil.getVoice(id)),
      listNewest: async () => (await argil.listVoices()).map(fromArgilVoice),
      idOf: (voice) => voice.providerId,
      limit: () => this.shared,
      onBatch: (size) => this.observeBatch?.('argilVoice', size),
    }));
  }

  /** Argil has no GET /webhooks/{id}: every batch reads the one list, and an id it lacks is unknown (null). */
  get webhook(): BatchedLoader<ArgilWebhookModel> {
    const { argil } = this;
    return (this.webhookLoader ??= new BatchedLoader({
      getOne: () => Promise.reject(new ProviderError('argil', 'not-found', 'no such webhook')),
      listNewest: async () => (await argil.listWebhooks()).map(fromArgilWebhook),
      listThreshold: 1,
      idOf: (webhook) => webhook.providerId,
      limit: () => this.shared,
      onBatch: (size) => this.observeBatch?.('argilWebhook', size),
    }));
  }

  /** Nor a GET /subtitles/{id}: a batch reads the first pages of the list, and an id they lack is unknown. */
  get subtitleStyle(): BatchedLoader<ArgilSubtitleStyleModel> {
    const { argil } = this;
    return (this.subtitleStyleLoader ??= new BatchedLoader({
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
      limit: () => this.shared,
      onBatch: (size) => this.observeBatch?.('argilSubtitleStyle', size),
    }));
  }
}
