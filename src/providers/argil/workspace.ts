/**
 * Argil's calls that shape a workspace rather than list its media: an
 * avatar from an image (POST /avatars), a cloned voice (POST /voices) and a
 * sync of connected voice providers (POST /voices/sync), webhooks
 * (GET/POST /webhooks, PUT/DELETE /webhooks/{id}), subtitle styles
 * (GET /subtitles) and a video's subtitle file
 * (GET /subtitles/videos/{videoProjectId}/export). POSTs and PUTs are
 * never retried.
 */
import { z } from 'zod';
import { ArgilBase } from './client-base.js';
import { anyBodyShape } from '../shapes.js';
import { argilAvatarShape, argilSubtitlePageShape, argilVoiceShape, argilWebhookShape } from './shapes.js';
import type {
  ArgilAvatar,
  ArgilSubtitleStyle,
  ArgilVoice,
  ArgilVoiceProvider,
  ArgilWebhook,
  ArgilWebhookEvent,
} from './shapes.js';

/** Argil's documented bound for GET /subtitles' `pageSize`. */
export const ARGIL_MAX_SUBTITLE_PAGE_SIZE = 100;

/** The body of POST /avatars (AvatarCreateArgsImage). */
export interface ArgilAvatarBody {
  type: 'IMAGE';
  name: string;
  datasetImage: { url: string } | { base64: string };
  voiceId?: string;
  extras?: Record<string, string>;
}

/** The body of POST /voices: the document's name, audioUrl and modelId, and the settings of that model. */
export interface ArgilVoiceBody {
  name: string;
  audioUrl: string;
  modelId?: string;
  voiceStability?: number;
  voiceSimilarity?: number;
  voiceStyle?: number;
  voiceSpeed?: number;
  speakerBoost?: boolean;
  languageBoost?: string;
  emotion?: string;
}

export interface ArgilSubtitlePage {
  items: ArgilSubtitleStyle[];
  /** totalItems, from the body. */
  totalCount: number;
  page: number;
  pageSize: number;
}

export type ArgilSubtitleFormat = 'vtt' | 'ass';

export interface ArgilSubtitleFile {
  text: string;
  /** As Argil labelled it (text/vtt, text/x-ass), without parameters. */
  contentType: string | null;
}

/** POST /webhooks answers the endpoint and (undocumented, read leniently) its `whsec_` signing secret. */
const createdWebhookShape = z.intersection(argilWebhookShape, z.object({ secret: z.string().nullish() }));

export class ArgilWorkspaceCalls extends ArgilBase {
  /** POST /avatars: the avatar starts TRAINING. Never retried: Argil charges for it. */
  async createAvatar(body: ArgilAvatarBody): Promise<ArgilAvatar> {
    const request = this.withJson('POST', '/avatars', 'createAvatar', body);
    return (await this.upstream.call(request, argilAvatarShape)).body;
  }

  /** POST /voices: a voice cloned from the audio at `audioUrl`. Never retried. */
  async createVoice(body: ArgilVoiceBody): Promise<ArgilVoice> {
    const request = this.withJson('POST', '/voices', 'createVoice', body);
    return (await this.upstream.call(request, argilVoiceShape)).body;
  }

  /** POST /voices/sync: every connected provider without `providerName`. Its answer is not documented: not relied on. */
  async syncVoices(providerName: ArgilVoiceProvider | undefined): Promise<void> {
    const body = providerName === undefined ? {} : { providerName };
    await this.upstream.call(this.withJson('POST', '/voices/sync', 'syncVoices', body), anyBodyShape);
  }

  async listWebhooks(): Promise<ArgilWebhook[]> {
    return (await this.upstream.call(this.base('GET', '/webhooks', 'listWebhooks'), z.array(argilWebhookShape))).body;
  }

  /**
   * POST /webhooks: registers `callbackUrl` for `events`. Argil answers with
   * the endpoint's `whsec_` signing secret (the document does not list the
   * field; it is undefined when absent). The secret is handed back here and
   * kept nowhere.
   */
  async createWebhook(
    callbackUrl: string,
    events: readonly string[],
  ): Promise<{ id: string; webhook: ArgilWebhook; secret: string | undefined }> {
    const request = this.withJson('POST', '/webhooks', 'createWebhook', { callbackUrl, events });
    const { secret, ...webhook } = (await this.upstream.call(request, createdWebhookShape)).body;
    return { id: webhook.id, webhook, secret: secret ?? undefined };
  }

  /** PUT /webhooks/{id}: only the fields given change. */
  async updateWebhook(
    id: string,
    changes: { callbackUrl?: string; events?: readonly ArgilWebhookEvent[] },
  ): Promise<ArgilWebhook> {
    const request = this.withJson('PUT', `/webhooks/${encodeURIComponent(id)}`, 'updateWebhook', changes);
    return (await this.upstream.call(request, argilWebhookShape)).body;
  }

  /** DELETE /webhooks/{id}: Argil answers 204. */
  async deleteWebhook(id: string): Promise<void> {
    await this.upstream.call(this.base('DELETE', `/webhooks/${encodeURIComponent(id)}`, 'deleteWebhook'), anyBodyShape);
  }

  async listSubtitleStyles(params: { page?: number; pageSize?: number } = {}): Promise<ArgilSubtitlePage> {
    const { body } = await this.upstream.call(
      {
        ...this.base('GET', '/subtitles', 'listSubtitleStyles'),
        query: { page: params.page, pageSize: params.pageSize },
      },
      argilSubtitlePageShape,
    );
    return { items: body.items, totalCount: body.totalItems, page: body.currentPage, pageSize: body.itemsPerPage };
  }

  /** GET /subtitles/videos/{videoProjectId}/export: the file as text (VTT or ASS), not JSON. */
  async exportSubtitles(
    videoId: string,
    options: { format: ArgilSubtitleFormat; includeStyling: boolean },
  ): Promise<ArgilSubtitleFile> {
    const request = this.base('GET', `/subtitles/videos/${encodeURIComponent(videoId)}/export`, 'exportSubtitles');
    const { body, headers } = await this.upstream.call(
      {
        ...request,
        headers: { ...request.headers, accept: 'text/vtt, text/x-ass' },
        query: { format: options.format, includeStyling: String(options.includeStyling) },
        responseType: 'text',
      },
      z.string(),
    );
    const type = headers['content-type'];
    const contentType = (Array.isArray(type) ? type[0] : type)?.split(';')[0]?.trim() || null;
    return { text: body, contentType };
  }
}
