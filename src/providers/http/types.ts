/**
 * The shapes of an upstream call, shared by the plumbing in this folder and
 * the provider clients above it. Types only: importing them pulls in no I/O.
 */
import type { Dispatcher } from 'undici';
import type { ProviderName } from '../errors.js';
import type { CallerSignal } from './cancel.js';

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
  signal?: CallerSignal | undefined;
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
  signalOf?: (() => CallerSignal | undefined) | undefined;
  /** Sees every upstream attempt (the request's log line). */
  observer?: ((call: UpstreamCall) => void) | undefined;
  /** The credential's digest when already known (server-held keys); else computed on first use. */
  budgetKey?: string | undefined;
}
