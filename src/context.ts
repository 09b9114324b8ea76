/**
 * The per-request context: which credentials this request uses, clients
 * bound to them and to the request's abort signal, and fresh loaders.
 * Nothing here outlives the request.
 */
import type { GraphQLError } from 'graphql';
import { callerOf, credentialCaller } from './auth/caller.js';
import type { Caller } from './auth/caller.js';
import type { CreditBook } from './credits/book.js';
import { RequestCredits } from './credits/request-credits.js';
import type { LiveHub } from './live/hub.js';
import { createLiveUpdates } from './live/sources.js';
import type { LiveUpdates } from './live/sources.js';
import { createLoaders } from './loaders/index.js';
import type { Loaders } from './loaders/index.js';
import { ArgilClient } from './providers/argil.js';
import { KreaClient } from './providers/krea.js';
import type { UpstreamCall } from './providers/http/types.js';
import type { Upstream } from './providers/http/upstream.js';
import { credentialDigest } from './providers/credential.js';
import type { IdempotencyStore } from './idempotency.js';
import type { RenderLog } from './render-log.js';
import type { KreaWebhookBindings } from './webhooks/krea-bindings.js';
import { kreaWebhookStarter } from './webhooks/krea-start.js';
import type { KreaWebhookStarter } from './webhooks/krea-start.js';
import type { WebhookConfig } from './webhooks/krea-token.js';

export interface GatewayServices {
  krea: Upstream;
  argil: Upstream;
  /** Server-held credentials; a request's own headers take precedence. */
  kreaApiKey: string | undefined;
  argilApiKey: string | undefined;
  /** Their digests, computed once (they key the concurrency budgets). */
  kreaKeyDigest: string;
  argilKeyDigest: string;
  maxPageSize: number;
  /** Shared pollers behind subscriptions, keyed by credential digests. */
  live: LiveHub;
  /** Sees the size of every loader batch (metrics). */
  observeBatch?: (loader: string, size: number) => void;
  /** Deadline of one upload to Krea (longer than UPSTREAM_TIMEOUT_MS: it carries up to 75 MB). */
  uploadTimeoutMs: number;
  /** Generations already started, by idempotency key. */
  idempotency: IdempotencyStore;
  /** Argil videos this gateway was asked to render. */
  renders: RenderLog;
  /** Set with PUBLIC_URL: generations ask Krea to deliver a webhook to the gateway. */
  webhooks: WebhookConfig | undefined;
  /** Which jobs each minted webhook token was bound to. */
  kreaWebhookBindings: KreaWebhookBindings;
  /** ARGIL_WEBHOOK_SECRET: the `whsec_…` secret Argil's events are signed with. */
  argilWebhookSecret: string | undefined;
  /** What each subject has spent today (QUOTA_CREDITS_PER_DAY, GENERATION_COSTS). */
  credits: CreditBook;
}

export interface RequestContext {
  /** Who is asking (auth/caller.ts): their subject and scopes. */
  caller: Caller;
  /** The caller's generation credits: paid calls are charged here (schema/krea-generation.ts, once). */
  credits: RequestCredits;
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
  idempotency: IdempotencyStore;
  /** A digest of the Krea credential this request uses (idempotency scopes, webhook tokens). */
  kreaCredentialDigest: string;
  /** The same of the Argil credential (render log and idempotency scopes). */
  argilCredentialDigest: string;
  renders: RenderLog;
  /** Starts Krea jobs with an `X-Webhook-URL` bound to them when PUBLIC_URL is set, without one otherwise. */
  withKreaWebhook: KreaWebhookStarter;
}

/** The request headers that carry a client's own provider credentials. */
export const CREDENTIAL_HEADERS = { krea: 'x-krea-token', argil: 'x-argil-api-key' } as const;

function header(request: Request, name: string): string | undefined {
  const value = request.headers.get(name)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** What the node:http server knows of the connection (nothing under `yoga.fetch`). */
export interface Connection {
  remoteAddress?: string | undefined;
  /** Registers a listener for the response's 'close', and says whether the response had finished. */
  onClose?: (listener: (finished: boolean) => void) => void;
}

/**
 * The signal upstream calls pass on: aborted when the client goes away before
 * its answer. Made on first use, and from the connection rather than from
 * `request.signal`, which is aborted (with a new DOMException) at the end of
 * every request, even a finished one.
 */
function clientGoneSignal(request: Request, connection: Connection): () => AbortSignal {
  let controller: AbortController | undefined;
  return () => {
    if (!connection.onClose) return request.signal;
    if (!controller) {
      const created = new AbortController();
      connection.onClose((finished) => {
        if (!finished) created.abort();
      });
      controller = created;
    }
    return controller.signal;
  };
}

/** Builds the context of one request; `now` is the gateway's clock (credits count per UTC day by it). */
export function createRequestContext(
  services: GatewayServices,
  request: Request,
  connection: Connection = {},
  now: () => number = Date.now,
): RequestContext {
  const kreaHeader = header(request, CREDENTIAL_HEADERS.krea);
  const argilHeader = header(request, CREDENTIAL_HEADERS.argil);
  const kreaToken = kreaHeader ?? services.kreaApiKey;
  const argilKey = argilHeader ?? services.argilApiKey;
  const upstreamCalls: UpstreamCall[] = [];
  const argilDigest = argilHeader === undefined ? services.argilKeyDigest : credentialDigest(argilKey);
  const kreaDigest = kreaHeader === undefined ? services.kreaKeyDigest : credentialDigest(kreaToken);
  const signal = clientGoneSignal(request, connection);
  const observer = (call: UpstreamCall) => void upstreamCalls.push(call);
  const krea = new KreaClient(services.krea, kreaToken, {
    signalOf: signal,
    observer,
    budgetKey: kreaHeader === undefined ? services.kreaKeyDigest : undefined,
    jobsSeen: services.credits.kreaJobsSeen,
  });
  const argil = new ArgilClient(services.argil, argilKey, {
    signalOf: signal,
    observer,
    budgetKey: argilHeader === undefined ? services.argilKeyDigest : undefined,
  });
  // Plain properties, no getters: envelop copies the context with
  // Object.assign (which would call them anyway), and a getter in a literal
  // is a closure per request that V8 keeps, with this whole scope, until the
  // next full GC. Loaders and live updates make their parts on first use.
  const caller = callerOf(request) ?? credentialCaller([kreaDigest, argilDigest]);
  return {
    caller,
    credits: new RequestCredits(services.credits, caller, now),
    krea,
    argil,
    loaders: createLoaders(krea, argil, services.observeBatch, (videoId) => services.renders.has(argilDigest, videoId)),
    maxPageSize: services.maxPageSize,
    fieldErrors: [],
    upstreamCalls,
    uploadTimeoutMs: services.uploadTimeoutMs,
    idempotency: services.idempotency,
    kreaCredentialDigest: kreaDigest,
    argilCredentialDigest: argilDigest,
    renders: services.renders,
    withKreaWebhook: kreaWebhookStarter(services.webhooks, services.kreaWebhookBindings, kreaDigest),
    live: createLiveUpdates(services.live, services, {
      kreaToken,
      argilKey,
      client: connection.remoteAddress ?? 'unknown',
    }),
  };
}
