/**
 * One keep-alive undici Pool per provider origin, a deadline per call, and
 * the translation of every transport or protocol failure into a ProviderError.
 * Bodies are validated against the documented shape here, so a provider that
 * answers garbage gives an `unavailable` error instead of a crash later on.
 */
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { errorForStatus, parseRetryAfter, ProviderError } from './errors.js';
import type { ProviderName } from './errors.js';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export type QueryValue = string | number | readonly string[] | undefined;

export interface CallRequest {
  method: HttpMethod;
  /** Relative to the provider's base URL, e.g. `/assets/<id>`. */
  path: string;
  query?: Readonly<Record<string, QueryValue>>;
  headers: Readonly<Record<string, string>>;
  body?: Dispatcher.DispatchOptions['body'];
  /** The caller's signal (client disconnect); combined with the deadline. */
  signal?: AbortSignal | undefined;
  /** A short name for logs and metrics, e.g. `listAssets`. */
  operation: string;
  /** Overrides the upstream's deadline for this call (uploads). */
  timeoutMs?: number | undefined;
}

export interface CallResult<T> {
  status: number;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: T;
}

export interface UpstreamCall {
  provider: ProviderName;
  operation: string;
  method: HttpMethod;
  /** The HTTP status, or the error kind when there was no response. */
  outcome: number | string;
  durationMs: number;
}

export interface UpstreamOptions {
  provider: ProviderName;
  baseUrl: string;
  /** Deadline for one call, from sending the request to reading the whole body. */
  timeoutMs: number;
  /** Open sockets at most; the rest queue in the pool. @default 64 */
  connections?: number;
  /** Observes every finished call (metrics, logs). Never sees headers or bodies. */
  onCall?: (call: UpstreamCall) => void;
}

const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
const DEADLINE = Symbol('deadline');

export class Upstream {
  readonly provider: ProviderName;
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly timeoutMs: number;
  private readonly onCall: ((call: UpstreamCall) => void) | undefined;

  constructor(options: UpstreamOptions) {
    const url = new URL(options.baseUrl);
    this.provider = options.provider;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs;
    this.onCall = options.onCall;
    // undici's defaults (300 s header/body timeouts, unlimited sockets) suit
    // no gateway; the deadline below is the real bound, these are backstops.
    this.pool = new Pool(url.origin, {
      connections: options.connections ?? 64,
      keepAliveTimeout: 10_000,
      connectTimeout: Math.min(options.timeoutMs, 10_000),
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      maxResponseSize: MAX_RESPONSE_BYTES,
    });
  }

  /**
   * Sends one request and validates the JSON body of a 2xx answer with
   * `shape`. A non-2xx answer, a transport failure, a body that is not JSON
   * or not of the shape, and the deadline all become ProviderErrors.
   */
  async call<S extends z.ZodType>(request: CallRequest, shape: S): Promise<CallResult<z.output<S>>> {
    const started = performance.now();
    let outcome: number | string = 'error';
    const deadline = new AbortController();
    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    const timer = setTimeout(() => deadline.abort(DEADLINE), timeoutMs);
    const caller = request.signal;
    const forwardAbort = () => deadline.abort(caller?.reason);
    caller?.addEventListener('abort', forwardAbort, { once: true });
    if (caller?.aborted) forwardAbort();
    try {
      const response = await this.pool.request({
        method: request.method,
        path: this.basePath + request.path + queryString(request.query),
        headers: { accept: 'application/json', ...request.headers },
        body: request.body ?? null,
        signal: deadline.signal,
      });
      outcome = response.statusCode;
      const text = await response.body.text();
      if (response.statusCode >= 300) {
        const retryAfter = parseRetryAfter(single(response.headers['retry-after']));
        throw errorForStatus(this.provider, response.statusCode, retryAfter);
      }
      return { status: response.statusCode, headers: response.headers, body: this.parse(text, shape) };
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      const translated = this.translate(error, deadline.signal, timeoutMs);
      outcome = translated.kind;
      throw translated;
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener('abort', forwardAbort);
      this.onCall?.({
        provider: this.provider,
        operation: request.operation,
        method: request.method,
        outcome,
        durationMs: performance.now() - started,
      });
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private parse<S extends z.ZodType>(text: string, shape: S): z.output<S> {
    let json: unknown = null;
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        throw new ProviderError(this.provider, 'unavailable', 'the provider answered with a body that is not JSON');
      }
    }
    const result = shape.safeParse(json);
    if (!result.success) {
      const where = result.error.issues[0]?.path.join('.') || 'body';
      throw new ProviderError(
        this.provider,
        'unavailable',
        `the provider answered with an unexpected shape (at ${where})`,
      );
    }
    return result.data;
  }

  private translate(error: unknown, signal: AbortSignal, timeoutMs: number): ProviderError {
    if (signal.aborted && signal.reason === DEADLINE) {
      return new ProviderError(this.provider, 'timeout', `no answer within ${timeoutMs} ms`);
    }
    if (signal.aborted) {
      return new ProviderError(this.provider, 'unavailable', 'the request was cancelled');
    }
    const code = (error as { code?: unknown } | null)?.code;
    switch (code) {
      case 'UND_ERR_CONNECT_TIMEOUT':
      case 'UND_ERR_HEADERS_TIMEOUT':
      case 'UND_ERR_BODY_TIMEOUT':
        return new ProviderError(this.provider, 'timeout', `no answer within ${timeoutMs} ms`);
      case 'UND_ERR_RES_EXCEEDED_MAX_SIZE':
        return new ProviderError(this.provider, 'unavailable', 'the provider answered with an oversized body');
      default:
        // ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET, a truncated body, …
        return new ProviderError(this.provider, 'unavailable', 'the connection to the provider failed');
    }
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Repeated keys for arrays (`type=IMAGE&type=VIDEO`), undefined values left out. */
export function queryString(query: CallRequest['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (typeof value === 'string' || typeof value === 'number') params.append(key, String(value));
    else for (const item of value) params.append(key, item);
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** An integer response header such as X-Total-Count, or undefined. */
export function integerHeader(headers: CallResult<unknown>['headers'], name: string): number | undefined {
  const raw = single(headers[name.toLowerCase()]);
  if (raw === undefined || !/^\s*\d+\s*$/.test(raw)) return undefined;
  return Number(raw);
}
