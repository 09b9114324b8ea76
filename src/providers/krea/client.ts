/**
 * Krea's REST API (https://api.krea.ai): assets and jobs. One instance per
 * GraphQL request, bound to that request's credential and abort signal.
 */
import { ProviderError } from '../errors.js';
import { credentialDigest } from '../credential.js';
import type { ClientOptions } from '../http/types.js';
import type { Upstream } from '../http/upstream.js';
import { multipartBody } from '../multipart.js';
import { anyBodyShape } from '../shapes.js';
import {
  kreaAssetShape,
  kreaJobShape,
  kreaNodeAppShape,
  kreaPageShape,
  kreaShareLinkShape,
  kreaStyleShape,
  kreaSuccessShape,
  kreaWorkspaceShareShape,
} from './shapes.js';
import type { KreaAsset, KreaJob, KreaJobStatus, KreaNodeApp, KreaStyle } from './shapes.js';
import { z } from 'zod';

/** Krea's documented bounds for `limit` on GET /assets and GET /jobs. */
export const KREA_MAX_LIMIT = 1000;

export interface KreaPage<T> {
  items: T[];
  /** Timestamp of the last item; "strictly older than" when sent back. Null at the end. */
  nextCursor: string | null;
}

export interface KreaListParams {
  /** An ISO 8601 timestamp: only items created strictly before it. */
  cursor?: string | undefined;
  limit?: number | undefined;
}

export interface KreaJobListParams extends KreaListParams {
  status?: KreaJobStatus | undefined;
  types?: readonly string[] | undefined;
}

export interface KreaUpload {
  filename: string;
  contentType: string;
  /** The file's bytes, streamed to Krea as they come. */
  content: AsyncIterable<Uint8Array>;
  description?: string | undefined;
  /** A deadline of its own: a large file takes longer than a list call. */
  timeoutMs?: number | undefined;
}

const assetPage = kreaPageShape(kreaAssetShape);
const jobPage = kreaPageShape(kreaJobShape);
const stylePage = kreaPageShape(kreaStyleShape);
const jobList = z.array(kreaJobShape);

/** GET /styles' filters, as the document names them. */
export interface KreaStyleListParams {
  cursor?: string | undefined;
  limit?: number | undefined;
  ids?: readonly string[] | undefined;
  liked?: boolean | undefined;
  user?: string | undefined;
  model?: string | undefined;
  filter?: string | undefined;
}

export interface KreaClientOptions extends ClientOptions {
  /** Sees every job read from Krea (one or a page), before the read answers: the credit book refunds those that ended unbilled. Never rejects. */
  jobsSeen?: ((jobs: readonly KreaJob[]) => Promise<void>) | undefined;
}

export class KreaClient {
  private budgetKey: string | undefined;

  constructor(
    private readonly upstream: Upstream,
    private readonly token: string | undefined,
    private readonly options: KreaClientOptions = {},
  ) {
    this.budgetKey = options.budgetKey;
  }

  get hasCredential(): boolean {
    return this.token !== undefined;
  }

  async listAssets(params: KreaListParams = {}): Promise<KreaPage<KreaAsset>> {
    const { body } = await this.upstream.call(
      { ...this.base('GET', '/assets', 'listAssets'), query: { cursor: params.cursor, limit: params.limit } },
      assetPage,
    );
    return { items: body.items, nextCursor: body.next_cursor };
  }

  async getAsset(id: string): Promise<KreaAsset> {
    const { body } = await this.upstream.call(
      this.base('GET', `/assets/${encodeURIComponent(id)}`, 'getAsset'),
      kreaAssetShape,
    );
    return body;
  }

  async deleteAsset(id: string): Promise<void> {
    await this.upstream.call(this.base('DELETE', `/assets/${encodeURIComponent(id)}`, 'deleteAsset'), anyBodyShape);
  }

  /** POST /assets as multipart/form-data (`file`, `description`). Never retried. */
  async uploadAsset(upload: KreaUpload): Promise<KreaAsset> {
    const request = this.base('POST', '/assets', 'uploadAsset');
    const form = multipartBody(
      { description: upload.description },
      { name: 'file', filename: upload.filename, contentType: upload.contentType, content: upload.content },
    );
    const { body } = await this.upstream.call(
      {
        ...request,
        headers: { ...request.headers, 'content-type': form.contentType },
        body: form.body,
        timeoutMs: upload.timeoutMs,
      },
      kreaAssetShape,
    );
    return body;
  }

  async listJobs(params: KreaJobListParams = {}): Promise<KreaPage<KreaJob>> {
    const query = {
      cursor: params.cursor,
      limit: params.limit,
      status: params.status,
      types: params.types && params.types.length > 0 ? params.types.join(',') : undefined,
    };
    const { body } = await this.upstream.call({ ...this.base('GET', '/jobs', 'listJobs'), query }, jobPage);
    await this.options.jobsSeen?.(body.items);
    return { items: body.items, nextCursor: body.next_cursor };
  }

  async getJob(id: string): Promise<KreaJob> {
    const { body } = await this.upstream.call(
      this.base('GET', `/jobs/${encodeURIComponent(id)}`, 'getJob'),
      kreaJobShape,
    );
    await this.options.jobsSeen?.([body]);
    return body;
  }

  async deleteJob(id: string): Promise<void> {
    await this.upstream.call(this.base('DELETE', `/jobs/${encodeURIComponent(id)}`, 'deleteJob'), anyBodyShape);
  }

  async listStyles(params: KreaStyleListParams = {}): Promise<KreaPage<KreaStyle>> {
    const query = {
      cursor: params.cursor,
      limit: params.limit,
      ids: params.ids && params.ids.length > 0 ? params.ids.join(',') : undefined,
      liked: params.liked === undefined ? undefined : String(params.liked),
      user: params.user,
      model: params.model,
      filter: params.filter,
    };
    const { body } = await this.upstream.call({ ...this.base('GET', '/styles', 'listStyles'), query }, stylePage);
    return { items: body.items, nextCursor: body.next_cursor };
  }

  async getStyle(id: string): Promise<KreaStyle> {
    const { body } = await this.upstream.call(
      this.base('GET', `/styles/${encodeURIComponent(id)}`, 'getStyle'),
      kreaStyleShape,
    );
    return body;
  }

  /** PATCH /styles/{id}: never retried (not idempotent by contract). */
  async updateStyle(id: string, changes: unknown): Promise<KreaStyle> {
    const request = this.base('PATCH', `/styles/${encodeURIComponent(id)}`, 'updateStyle');
    const { body } = await this.upstream.call(
      {
        ...request,
        headers: { ...request.headers, 'content-type': 'application/json' },
        body: JSON.stringify(changes),
      },
      kreaStyleShape,
    );
    return body;
  }

  async styleShareLink(id: string): Promise<{ url: string; isNew: boolean }> {
    const { body } = await this.upstream.call(
      this.base('GET', `/styles/${encodeURIComponent(id)}/share/link`, 'styleShareLink'),
      kreaShareLinkShape,
    );
    return { url: body.share_link, isNew: body.is_new };
  }

  async shareStyleWithWorkspace(id: string): Promise<z.output<typeof kreaWorkspaceShareShape>> {
    const { body } = await this.upstream.call(
      this.base('POST', `/styles/${encodeURIComponent(id)}/share/workspace`, 'shareStyle'),
      kreaWorkspaceShareShape,
    );
    return body;
  }

  async unshareStyleFromWorkspace(id: string): Promise<boolean> {
    const { body } = await this.upstream.call(
      this.base('DELETE', `/styles/${encodeURIComponent(id)}/share/workspace`, 'unshareStyle'),
      kreaSuccessShape,
    );
    return body.success;
  }

  async getNodeApp(id: string): Promise<KreaNodeApp> {
    const { body } = await this.upstream.call(
      this.base('GET', `/node-apps/${encodeURIComponent(id)}`, 'getNodeApp'),
      kreaNodeAppShape,
    );
    return body;
  }

  /** POST /node-apps/{id}/execute: the jobs it started. Never retried. */
  async executeNodeApp(
    id: string,
    input: unknown,
    options: { webhookUrl?: string | undefined } = {},
  ): Promise<KreaJob[]> {
    const request = this.base('POST', `/node-apps/${encodeURIComponent(id)}/execute`, 'executeNodeApp');
    const headers: Record<string, string> = { ...request.headers, 'content-type': 'application/json' };
    if (options.webhookUrl !== undefined) headers['x-webhook-url'] = options.webhookUrl;
    const { body } = await this.upstream.call({ ...request, headers, body: JSON.stringify(input) }, jobList);
    return body;
  }

  /**
   * A POST that starts a job (a generation endpoint, style training): the
   * body as given, `X-Webhook-URL` when the gateway has a public URL. Never
   * retried: a second POST would be a second, paid job.
   */
  async startJob(path: string, body: unknown, options: { webhookUrl?: string | undefined } = {}): Promise<KreaJob> {
    const request = this.base('POST', path, 'startJob');
    const headers: Record<string, string> = { ...request.headers, 'content-type': 'application/json' };
    if (options.webhookUrl !== undefined) headers['x-webhook-url'] = options.webhookUrl;
    const { body: job } = await this.upstream.call({ ...request, headers, body: JSON.stringify(body) }, kreaJobShape);
    return job;
  }

  private base(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, operation: string) {
    if (this.token === undefined) {
      throw new ProviderError('krea', 'unauthenticated', 'no credential: send X-Krea-Token or configure KREA_API_KEY');
    }
    return {
      method,
      path,
      operation,
      headers: { authorization: `Bearer ${this.token}` },
      signal: this.options.signalOf?.(),
      observer: this.options.observer,
      budgetKey: (this.budgetKey ??= credentialDigest(this.token)),
    };
  }
}
