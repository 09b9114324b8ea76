/**
 * Argil's part of one request (context.ts makes it on first use): a client
 * bound to the request's credential and signal, fresh loaders, and the
 * credential's digest (its render log's and idempotency keys' scope).
 */
import type { FetchedPage } from '../../pagination/pages.js';
import type { PartRequest, ProviderPart } from '../module.js';
import type { Upstream } from '../http/upstream.js';
import { ArgilClient } from './client.js';
import type { ArgilListParams } from './client.js';
import { ArgilLoaders } from './loaders.js';
import { fromArgilAssets } from './models/assets.js';
import type { ArgilAssetModel } from './models/assets.js';
import { fromArgilVideo } from './models/videos.js';
import type { ArgilVideoModel } from './models/videos.js';
import type { RenderLog } from './render-log.js';

/** What Argil keeps between requests. */
export interface ArgilRuntime {
  upstream: Upstream;
  renders: RenderLog;
  observeBatch: (loader: string, size: number) => void;
}

export class ArgilPart implements ProviderPart {
  readonly client: ArgilClient;
  readonly loaders: ArgilLoaders;
  readonly credentialDigest: string;
  readonly renders: RenderLog;

  constructor(request: PartRequest, runtime: ArgilRuntime) {
    this.client = new ArgilClient(runtime.upstream, request.credential, {
      signalOf: request.signalOf,
      observer: request.observer,
      // The digest its client would compute on first use, known already.
      budgetKey: request.credentialDigest,
    });
    const digest = request.credentialDigest;
    this.credentialDigest = digest;
    this.renders = runtime.renders;
    this.loaders = new ArgilLoaders(this.client, runtime.observeBatch, (videoId) =>
      runtime.renders.has(digest, videoId),
    );
  }

  get hasCredential(): boolean {
    return this.client.hasCredential;
  }

  /** One page of GET /assets, as models, through the asset loader (which keeps what it lists). */
  assetPage(params: ArgilListParams): Promise<FetchedPage<ArgilAssetModel>> {
    return this.loaders.asset.list(
      async () => {
        const result = await this.client.listAssets(params);
        const items = fromArgilAssets(result.items);
        return { page: result.page, pageSize: result.pageSize, items, total: result.totalCount };
      },
      (result) => result.items,
    );
  }

  /** One page of GET /videos, as models (a render this credential asked for is QUEUED, not DRAFT). */
  videoPage(page: number, pageSize: number): Promise<FetchedPage<ArgilVideoModel>> {
    return this.loaders.video.list(
      async () => {
        const result = await this.client.listVideos({ page, limit: pageSize });
        const items = result.items.map((video) =>
          fromArgilVideo(video, this.renders.has(this.credentialDigest, video.id)),
        );
        return { page: result.page, pageSize: result.pageSize, items, total: result.totalCount };
      },
      (result) => result.items,
    );
  }
}
