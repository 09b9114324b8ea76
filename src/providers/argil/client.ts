/**
 * Argil's REST API (https://api.argil.ai/v1): assets, avatars, voices and videos here; avatar and
 * voice creation, webhooks and subtitles in workspace.ts. One instance per GraphQL request,
 * bound to that request's credential and abort signal (client-base.ts).
 */
import { ProviderError } from '../errors.js';
import { integerHeader } from '../http/query.js';
import { anyBodyShape } from '../shapes.js';
import { ArgilWorkspaceCalls } from './workspace.js';
import { z } from 'zod';
import {
  argilAssetShape,
  argilAvatarShape,
  argilListShape,
  argilVideoPageShape,
  argilVideoShape,
  argilVoiceShape,
} from './shapes.js';
import type { ArgilAsset, ArgilAssetStatus, ArgilAssetType, ArgilAvatar, ArgilVideo, ArgilVoice } from './shapes.js';

/** The largest `limit` the gateway asks of GET /videos (the document names no bound). */
export const ARGIL_MAX_VIDEO_LIMIT = 100;

export interface ArgilVideoListParams {
  page?: number | undefined;
  limit?: number | undefined;
}

export interface ArgilVideoPage {
  items: ArgilVideo[];
  /** totalItems, from the body. */
  totalCount: number;
  page: number;
  pageSize: number;
}

const avatarList = z.array(argilAvatarShape);
const voiceList = z.array(argilVoiceShape);

/** Argil's documented bound for `pageSize`. */
export const ARGIL_MAX_PAGE_SIZE = 100;

export interface ArgilListParams {
  types?: readonly ArgilAssetType[] | undefined;
  /** Argil's default is READY. */
  status?: ArgilAssetStatus | undefined;
  /** 1-based. */
  page?: number | undefined;
  pageSize?: number | undefined;
}

export interface ArgilPage {
  items: ArgilAsset[];
  /** X-Total-Count: every asset matching the filters. */
  totalCount: number;
  /** X-Page and X-Page-Size as Argil echoed them. */
  page: number;
  pageSize: number;
}

export interface ArgilImport {
  name: string;
  type: 'IMAGE' | 'VIDEO';
  url: string;
}

export class ArgilClient extends ArgilWorkspaceCalls {
  async listAssets(params: ArgilListParams = {}): Promise<ArgilPage> {
    const query = { type: params.types, status: params.status, page: params.page, pageSize: params.pageSize };
    const { body, headers } = await this.upstream.call(
      { ...this.base('GET', '/assets', 'listAssets'), query },
      argilListShape,
    );
    const totalCount = integerHeader(headers, 'X-Total-Count');
    if (totalCount === undefined) {
      const missing = headers['x-total-count'] === undefined;
      throw new ProviderError(
        'argil',
        'unavailable',
        missing
          ? 'the provider answered without an X-Total-Count header'
          : 'the provider answered with an X-Total-Count header that is not a count',
      );
    }
    return {
      items: body,
      totalCount,
      page: integerHeader(headers, 'X-Page') ?? params.page ?? 1,
      pageSize: integerHeader(headers, 'X-Page-Size') ?? params.pageSize ?? 20,
    };
  }

  async getAsset(id: string): Promise<ArgilAsset> {
    const { body } = await this.upstream.call(
      this.base('GET', `/assets/${encodeURIComponent(id)}`, 'getAsset'),
      argilAssetShape,
    );
    return body;
  }

  /** Argil answers 200 or 204; the body, if any, is not relied on. */
  async deleteAsset(id: string): Promise<void> {
    await this.upstream.call(this.base('DELETE', `/assets/${encodeURIComponent(id)}`, 'deleteAsset'), anyBodyShape);
  }

  /** POST /assets: Argil downloads the URL itself; the asset starts PROCESSING. */
  async importAsset(input: ArgilImport): Promise<ArgilAsset> {
    const body = { name: input.name, type: input.type, url: input.url };
    return (await this.upstream.call(this.withJson('POST', '/assets', 'importAsset', body), argilAssetShape)).body;
  }

  async listAvatars(
    filters: { orientation?: string; model?: string; visibility?: string } = {},
  ): Promise<ArgilAvatar[]> {
    const { body } = await this.upstream.call(
      { ...this.base('GET', '/avatars', 'listAvatars'), query: filters },
      avatarList,
    );
    return body;
  }

  async getAvatar(id: string): Promise<ArgilAvatar> {
    const { body } = await this.upstream.call(
      this.base('GET', `/avatars/${encodeURIComponent(id)}`, 'getAvatar'),
      argilAvatarShape,
    );
    return body;
  }

  async listVoices(filters: { language?: string; gender?: string } = {}): Promise<ArgilVoice[]> {
    const { body } = await this.upstream.call(
      { ...this.base('GET', '/voices', 'listVoices'), query: filters },
      voiceList,
    );
    return body;
  }

  async getVoice(id: string): Promise<ArgilVoice> {
    const { body } = await this.upstream.call(
      this.base('GET', `/voices/${encodeURIComponent(id)}`, 'getVoice'),
      argilVoiceShape,
    );
    return body;
  }

  async listVideos(params: ArgilVideoListParams = {}): Promise<ArgilVideoPage> {
    const { body } = await this.upstream.call(
      { ...this.base('GET', '/videos', 'listVideos'), query: { page: params.page, limit: params.limit } },
      argilVideoPageShape,
    );
    return { items: body.videos, totalCount: body.totalItems, page: body.currentPage, pageSize: body.itemsPerPage };
  }

  async getVideo(id: string): Promise<ArgilVideo> {
    const { body } = await this.upstream.call(
      this.base('GET', `/videos/${encodeURIComponent(id)}`, 'getVideo'),
      argilVideoShape,
    );
    return body;
  }

  /** POST /videos: the video starts IDLE. Never retried. */
  async createVideo(body: unknown): Promise<ArgilVideo> {
    return (await this.upstream.call(this.withJson('POST', '/videos', 'createVideo', body), argilVideoShape)).body;
  }

  /**
   * POST /videos/{id}/render, with Argil's one-shot `callbackUrl` (told of
   * this render's end, once) when given. Never retried: a render costs credits.
   */
  async renderVideo(id: string, callbackUrl?: string): Promise<ArgilVideo> {
    const body = callbackUrl === undefined ? {} : { callbackUrl };
    const request = this.withJson('POST', `/videos/${encodeURIComponent(id)}/render`, 'renderVideo', body);
    return (await this.upstream.call(request, argilVideoShape)).body;
  }

  async deleteVideo(id: string): Promise<void> {
    await this.upstream.call(this.base('DELETE', `/videos/${encodeURIComponent(id)}`, 'deleteVideo'), anyBodyShape);
  }
}
