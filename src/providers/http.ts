/**
 * One keep-alive undici Pool per provider origin; per call a deadline (the
 * whole call: queueing, retries and the last body byte), a per-credential
 * concurrency budget, retries by the policy in retry.ts, and the translation
 * of every transport or protocol failure into a ProviderError. Bodies are
 * validated against the documented shape here, so a provider that answers
 * garbage gives an `unavailable` error instead of a crash later on.
 */
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { CallBudget } from './budget.js';
import { errorForStatus, parseRetryAfter, ProviderError } from './errors.js';
import type { ProviderName } from './errors.js';
import { DEFAULT_RETRY_POLICY, retryDelay } from './retry.js';
import type { RetryPolicy } from './retry.js';
import { startAttemptSpan } from '../telemetry/tracing.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

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
  /** A digest of the credential: calls with the same one share a concurrency budget. */
  budgetKey?: string | undefined;
  /** Sees every attempt of this call (per-request logs). */
  observer?: ((call: UpstreamCall) => void) | undefined;
  /** `text`: a 2xx body goes to the shape as the text it is (a subtitle file), not parsed as JSON. @default 'json' */
  responseType?: 'json' | 'text' | undefined;
}

export interface CallResult<T> {
  status: number;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: T;
}

/** One attempt of an upstream call, for logs and metrics (no headers, no bodies). */
export interface UpstreamCall {
  provider: ProviderName;
  operation: string;
  method: HttpMethod;
  /** The HTTP status, or the error kind when there was no response. */
  outcome: number | string;
  durationMs: number;
  /** 0 for the first attempt. */
  attempt: number;
}

/** What a provider client is bound to besides its credential. */
export interface ClientOptions {
  /** The GraphQL request's signal (made on first use): a client that went away cancels its calls. */
  signalOf?: (() => AbortSignal | undefined) | undefined;
  /** Sees every upstream attempt (the request's log line). */
  observer?: ((call: UpstreamCall) => void) | undefined;
  /** The credential's digest when already known (server-held keys); else computed on first use. */
  budgetKey?: string | undefined;
}

export interface UpstreamOptions {
  provider: ProviderName;
  baseUrl: string;
  /** Deadline for one call, from sending the request to reading the whole body. */
  timeoutMs: number;
  /** Open sockets at most; the rest queue in the pool. @default 64 */
  connections?: number;
  /** Observes every finished attempt (metrics). Never sees headers or bodies. */
  onCall?: (call: UpstreamCall) => void;
  /** Concurrent calls per credential; the rest queue. @default 16 */
  concurrencyPerCredential?: number;
  /**
   * How many identical GETs may join one in flight (same credential); 0
   * turns coalescing off. Bounded so that one answer does not release too
   * large a burst of requests at once. @default 15
   */
  coalesceFollowers?: number;
  retry?: RetryPolicy;
  /** The budget every replica shares (REDIS_URL); the replica's own applies alone without it. */
  sharedBudget?: SharedBudget | undefined;
}

const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
const DEADLINE = Symbol('deadline');
/** undici's codes for a connection that failed before any response. */
const CONNECTION_FAILURES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

export interface Waiter {
  resolve(value: CallResult<unknown>): void;
  reject(error: unknown): void;
}

/** A shared GET in flight: how many identical calls joined it, and their waiters. */
interface InFlight {
  followers: number;
  waiting: Waiter[];
}

/** Shared calls answered faster than this release their waiters at once (see `call`). */
const STAGGER_MIN_CALL_MS = 5;

/**
 * Hands a shared answer to its waiters: one per event-loop turn until
 * `nextCallStarted()`, then the rest at once. Released together, the waiters'
 * GraphQL work would hold the loop while the next requests of the clients
 * just answered wait unread, and the next identical call would start only
 * after the whole burst. Released one a turn, those requests are read in
 * between; once one of them has started the next call (the others will join
 * it when read), batching the rest is cheaper.
 */
export function releaseInTurns(
  waiting: readonly Waiter[],
  release: (waiter: Waiter) => void,
  nextCallStarted: () => boolean,
): void {
  let next = 0;
  let yielded = false;
  const step = () => {
    if (!nextCallStarted()) release(waiting[next++]!);
    else if (yielded) while (next < waiting.length) release(waiting[next++]!);
    // The next call was just started: its request is written in this same
    // check phase (undici first checks an idle socket there), after this
    // callback. Releasing the burst now would hold it back; next turn.
    else yielded = true;
    if (next < waiting.length) setImmediate(step);
  };
  if (waiting.length > 0) setImmediate(step);
}

interface AttemptFailure {
  error: ProviderError;
  connectionFailure: boolean;
}

/** Bodies a server may answer before reading to the end: streams, and anything over 64 KiB. */
const EARLY_ANSWER_BYTES = 64 * 1024;

function mayBeAnsweredEarly(body: CallRequest['body']): boolean {
  if (body === undefined || body === null) return false;
  if (typeof body === 'string') return Buffer.byteLength(body) > EARLY_ANSWER_BYTES;
  if (body instanceof Uint8Array) return body.byteLength > EARLY_ANSWER_BYTES;
  return true;
}

/** A concurrency budget across replicas (shared/redis-state.ts). */
export interface SharedBudget {
  withLease<T>(key: string, limit: number, call: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

export class Upstream {
  readonly provider: ProviderName;
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly timeoutMs: number;
  private readonly onCall: ((call: UpstreamCall) => void) | undefined;
  private readonly retry: RetryPolicy;
  private readonly inFlight = new Map<string, InFlight>();
  private readonly maxFollowers: number;
  readonly budget: CallBudget;
  private readonly concurrency: number;
  private readonly sharedBudget: SharedBudget | undefined;

  constructor(options: UpstreamOptions) {
    const url = new URL(options.baseUrl);
    this.provider = options.provider;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs;
    this.onCall = options.onCall;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.maxFollowers = options.coalesceFollowers ?? 15;
    this.concurrency = options.concurrencyPerCredential ?? 16;
    this.budget = new CallBudget(this.concurrency);
    this.sharedBudget = options.sharedBudget;
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
   * Sends a request (retrying as retry.ts allows) and validates the JSON body
   * of a 2xx answer with `shape`. A non-2xx answer, a transport failure, a
   * body that is not JSON or not of the shape, and the deadline all become
   * ProviderErrors.
   *
   * Identical GETs in flight with the same credential share one call (up to
   * `coalesceFollowers` joining it): the same page asked by many concurrent
   * requests costs the provider (and the rate limit) once. The key holds the
   * credential's digest, never the credential, so tenants never share. The
   * shared call is not cancelled by one caller going away; each caller stops
   * waiting on its own signal. The first caller gets the answer at once, the
   * others as releaseInTurns says (or at once after a quick answer).
   */
  call<S extends z.ZodType>(request: CallRequest, shape: S): Promise<CallResult<z.output<S>>> {
    if (request.method !== 'GET') return this.send(request, shape);
    const key = `${request.budgetKey ?? ''}\n${request.path}${queryString(request.query)}`;
    const entry = this.inFlight.get(key);
    if (entry && entry.followers < this.maxFollowers) {
      entry.followers++;
      const pending = new Promise<CallResult<z.output<S>>>((resolve, reject) =>
        entry.waiting.push({ resolve: resolve as (value: CallResult<unknown>) => void, reject }),
      );
      request.observer?.({
        provider: this.provider,
        operation: request.operation,
        method: request.method,
        outcome: 'coalesced',
        durationMs: 0,
        attempt: 0,
      });
      return this.untilAborted(pending, request.signal);
    }
    if (this.maxFollowers === 0) return this.send(request, shape);
    const startedAt = performance.now();
    const shared = this.send({ ...request, signal: undefined }, shape);
    const own: InFlight = { followers: 0, waiting: [] };
    this.inFlight.set(key, own);
    const forget = () => {
      if (this.inFlight.get(key) === own) this.inFlight.delete(key);
    };
    const release = (settle: (waiter: Waiter) => void) => {
      forget();
      // Answered quickly, the next identical call would be answered before a
      // release in turns ended: the turns would only cost, so all at once.
      if (performance.now() - startedAt < STAGGER_MIN_CALL_MS) for (const waiter of own.waiting) settle(waiter);
      else releaseInTurns(own.waiting, settle, () => this.inFlight.has(key));
    };
    shared.then(
      (value) => release((waiter) => waiter.resolve(value)),
      (error: unknown) => release((waiter) => waiter.reject(error)),
    );
    return this.untilAborted(shared, request.signal);
  }

  /** `promise`, or a rejection once `signal` aborts (that caller went away; others may still wait). */
  private untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    if (!signal) return promise;
    const cancelled = () => new ProviderError(this.provider, 'unavailable', 'the request was cancelled');
    if (signal.aborted) return Promise.reject(cancelled());
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(cancelled());
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  private async send<S extends z.ZodType>(request: CallRequest, shape: S): Promise<CallResult<z.output<S>>> {
    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    const deadlineAt = performance.now() + timeoutMs;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(DEADLINE), timeoutMs);
    const caller = request.signal;
    const forwardAbort = () => deadline.abort(caller?.reason);
    caller?.addEventListener('abort', forwardAbort, { once: true });
    if (caller?.aborted) forwardAbort();
    let last: ProviderError | undefined;
    try {
      for (let attempt = 0; ; attempt++) {
        const key = request.budgetKey ?? '';
        const run = () => this.attempt(request, shape, deadline.signal, timeoutMs, attempt);
        // The replica's own budget first, then (with REDIS_URL) the one every replica shares.
        const outcome = await this.budget.run(key, () =>
          this.sharedBudget
            ? this.sharedBudget.withLease(`${this.provider}:${key}`, this.concurrency, run, deadline.signal)
            : run(),
        );
        if (!('error' in outcome)) return outcome;
        // The deadline cut an attempt short after an earlier answer: report that answer.
        if (outcome.error.kind === 'timeout' && last) throw last;
        last = outcome.error;
        const delay = retryDelay(
          {
            error: outcome.error,
            method: request.method,
            connectionFailure: outcome.connectionFailure,
            attempt,
            remainingMs: deadlineAt - performance.now(),
          },
          this.retry,
        );
        if (delay === undefined) throw outcome.error;
        await sleep(delay, deadline.signal);
        if (deadline.signal.aborted) throw outcome.error;
      }
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener('abort', forwardAbort);
    }
  }

  /** One attempt: the result, or why it failed. Never throws. */
  private async attempt<S extends z.ZodType>(
    request: CallRequest,
    shape: S,
    signal: AbortSignal,
    timeoutMs: number,
    attempt: number,
  ): Promise<CallResult<z.output<S>> | AttemptFailure> {
    const started = performance.now();
    let outcome: number | string = 'error';
    let responded = false;
    const span = startAttemptSpan(this.provider, request.operation, request.method, attempt);
    try {
      const response = await this.pool.request({
        method: request.method,
        path: this.basePath + request.path + queryString(request.query),
        headers: { accept: 'application/json', ...request.headers, ...span.headers },
        body: request.body ?? null,
        // A provider may answer a large body before reading it all (a 400 or
        // 413 for an upload it refused) and then drop the connection: the
        // socket must not carry another request, or that one is lost.
        reset: mayBeAnsweredEarly(request.body),
        signal,
      });
      responded = true;
      outcome = response.statusCode;
      const text = await response.body.text();
      if (response.statusCode >= 300) {
        const retryAfter = parseRetryAfter(single(response.headers['retry-after']));
        return { error: errorForStatus(this.provider, response.statusCode, retryAfter), connectionFailure: false };
      }
      return {
        status: response.statusCode,
        headers: response.headers,
        body: this.parse(text, shape, request.responseType),
      };
    } catch (error) {
      if (error instanceof ProviderError) {
        outcome = 'malformed';
        return { error, connectionFailure: false };
      }
      const translated = this.translate(error, signal, timeoutMs);
      outcome = translated.kind;
      const code = (error as { code?: unknown } | null)?.code;
      return { error: translated, connectionFailure: !responded && CONNECTION_FAILURES.has(String(code)) };
    } finally {
      const call = {
        provider: this.provider,
        operation: request.operation,
        method: request.method,
        outcome,
        durationMs: performance.now() - started,
        attempt,
      };
      this.onCall?.(call);
      request.observer?.(call);
      span.end(outcome);
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private parse<S extends z.ZodType>(text: string, shape: S, responseType: CallRequest['responseType']): z.output<S> {
    let json: unknown = responseType === 'text' ? text : null;
    if (responseType !== 'text' && text.trim() !== '') {
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

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
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
