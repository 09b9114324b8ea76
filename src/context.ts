/**
 * The per-request context: which credentials this request uses, clients
 * bound to them and to the request's abort signal, and fresh loaders.
 * Nothing here outlives the request.
 */
import type { GraphQLError } from 'graphql';
import type { LiveHub } from './live/hub.js';
import { createLiveUpdates } from './live/sources.js';
import type { LiveUpdates } from './live/sources.js';
import { createLoaders } from './loaders/index.js';
import type { Loaders } from './loaders/index.js';
import { ArgilClient } from './providers/argil.js';
import { KreaClient } from './providers/krea.js';
import type { Upstream, UpstreamCall } from './providers/http.js';

export interface GatewayServices {
  krea: Upstream;
  argil: Upstream;
  /** Server-held credentials; a request's own headers take precedence. */
  kreaApiKey: string | undefined;
  argilApiKey: string | undefined;
  maxPageSize: number;
  /** Shared pollers behind subscriptions, keyed by credential digests. */
  live: LiveHub;
  /** Sees the size of every loader batch (metrics). */
  observeBatch?: (loader: string, size: number) => void;
  /** Deadline of one upload to Krea (longer than UPSTREAM_TIMEOUT_MS: it carries up to 75 MB). */
  uploadTimeoutMs: number;
}

export interface RequestContext {
  krea: KreaClient;
  argil: ArgilClient;
  loaders: Loaders;
  maxPageSize: number;
  /** Every upstream attempt this request made, for its log line. */
  upstreamCalls: UpstreamCall[];
  /** Errors of fields that answered a fallback instead of failing (see use-field-errors). */
  fieldErrors: GraphQLError[];
  /** Subscriptions for this request's credentials. */
  live: LiveUpdates;
  uploadTimeoutMs: number;
}

/** The request headers that carry a client's own provider credentials. */
export const CREDENTIAL_HEADERS = { krea: 'x-krea-token', argil: 'x-argil-api-key' } as const;

function header(request: Request, name: string): string | undefined {
  const value = request.headers.get(name)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * @param clientAddress the peer address when known (node:http), for the
 * per-client subscription cap.
 */
export function createRequestContext(
  services: GatewayServices,
  request: Request,
  clientAddress = 'unknown',
): RequestContext {
  const signal = request.signal;
  const kreaToken = header(request, CREDENTIAL_HEADERS.krea) ?? services.kreaApiKey;
  const argilKey = header(request, CREDENTIAL_HEADERS.argil) ?? services.argilApiKey;
  const upstreamCalls: UpstreamCall[] = [];
  const options = { signal, observer: (call: UpstreamCall) => upstreamCalls.push(call) };
  const krea = new KreaClient(services.krea, kreaToken, options);
  const argil = new ArgilClient(services.argil, argilKey, options);
  return {
    krea,
    argil,
    loaders: createLoaders(krea, argil, services.observeBatch),
    maxPageSize: services.maxPageSize,
    fieldErrors: [],
    upstreamCalls,
    uploadTimeoutMs: services.uploadTimeoutMs,
    live: createLiveUpdates(services.live, services, { kreaToken, argilKey, client: clientAddress }),
  };
}
