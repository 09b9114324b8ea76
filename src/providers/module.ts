/**
 * What a provider is to the gateway: one `ProviderModule`, exported by its
 * folder (`providers/<name>/index.ts`) and listed in `providers/registry.ts`.
 * The core loops over the registry and reaches a provider only through what
 * its module declares here (its settings, its per-request part, the streams
 * it adds to the merged feeds, what can be watched, its webhooks, what it
 * charges for); it never names one. Types only, and no GraphQL: a provider's
 * schema contribution is its own (`providers/<name>/schema/`).
 *
 * Modules are generic in their per-request part (a client and its loaders,
 * say). Members that take a part are written as methods: TypeScript checks
 * method parameters bivariantly, so a module of its own part is a module of
 * any part, and the registry can list them together. The core only hands a
 * part to the module that made it (context.ts).
 */
import type { CallerSignal } from './http/cancel.js';
import type { CostDeclaration } from '../credits/costs.js';
import type { Watchable } from '../live/watch.js';
import type { AssetFeedFilter, AssetModel } from '../models/assets.js';
import type { JobFeedFilter, JobModel } from '../models/jobs.js';
import type { FeedSource } from '../pagination/feed.js';
import type { SharedTokenBindings } from '../shared/redis-token-bindings.js';
import type { WebhookConfig } from '../webhooks/config.js';
import type { WebhookReceiver, WebhookTools } from '../webhooks/ingestion.js';
import type { UpstreamCall } from './http/types.js';
import type { Upstream } from './http/upstream.js';

/**
 * The variables that configure a provider (runtime-contract.md names them;
 * config.ts reads them) and how a client brings its own credential. Each
 * setting is then kept as `<name><Setting>` (settings.ts).
 */
export interface ProviderSettingsDeclaration {
  /** Its REST base: the variable, and the real provider's base by default. */
  baseUrl: { env: string; default: string };
  /** The server-held credential's variable. */
  apiKey: { env: string };
  /** The request header a client sends its own credential in, lower-case (`x-krea-token`). */
  credentialHeader: string;
  /** A webhook signing secret of its own: its variable, and what is wrong with a value (undefined: nothing). */
  webhookSecret?: { env: string; problem(value: string): string | undefined } | undefined;
}

/** What a provider is handed once, at start-up (services.ts). */
export interface ProviderStart {
  /** Its upstream pool, from its base URL. */
  upstream: Upstream;
  /** Its webhook signing secret as it is now (a running gateway's may be changed). */
  webhookSecret(): string | undefined;
  /** PUBLIC_URL and WEBHOOK_SECRET as they are now: where deliveries come to, what tokens are minted with. */
  publicWebhooks(): WebhookConfig | undefined;
  /** With REDIS_URL: webhook token bindings every replica shares, under a key namespace of its own. */
  sharedBindings(namespace: string): SharedTokenBindings | undefined;
  /** The credit book's ear: jobs a read saw end unbilled get their charge back. Never rejects. */
  jobsEndedUnbilled(ids: readonly string[]): Promise<void>;
  /** Sees the size of every loader batch (metrics). */
  observeBatch(loader: string, size: number): void;
}

/** What a request's part is made from: the request's credential for this provider and its signal. */
export interface PartRequest {
  /** The header's credential, else the server-held one; undefined: none. */
  credential: string | undefined;
  /** Its digest (credential.ts): what keys scopes, caches and concurrency budgets. */
  credentialDigest: string;
  /** The GraphQL request's signal (made on first use). */
  signalOf: () => CallerSignal | undefined;
  /** Sees every upstream attempt (the request's log line). */
  observer: (call: UpstreamCall) => void;
}

/** What the core asks of every part. */
export interface ProviderPart {
  readonly hasCredential: boolean;
  readonly credentialDigest: string;
}

/** A provider once started: made once per process, with whatever it keeps between requests. */
export interface ProviderRuntime<Part extends ProviderPart> {
  /** One request's part: a client bound to its credential and signal, fresh loaders. Made on first use. */
  part(request: PartRequest): Part;
  /** What `assetUpdates`, `jobUpdates` and its own subscriptions can watch, by type name. */
  watchables?: Readonly<Record<string, Watchable>> | undefined;
  /** Its webhook receiver, made once per gateway listener. */
  webhooks?(tools: WebhookTools): WebhookReceiver;
}

export interface ProviderModule<Part extends ProviderPart = ProviderPart> {
  /** `krea`: the upstream's and the metrics' label, `/webhooks/<name>`, settings `<name>BaseUrl`… (names.ts derives the rest). */
  readonly name: string;
  readonly settings: ProviderSettingsDeclaration;
  start(start: ProviderStart): ProviderRuntime<Part>;
  /** Its stream of the merged `assets` feed. */
  readonly assets?: FeedSource<Part, AssetModel, AssetFeedFilter> | undefined;
  /** Its stream of the merged `jobs` feed. */
  readonly jobs?: FeedSource<Part, JobModel, JobFeedFilter> | undefined;
  /** Its kinds of paid work and paid endpoints (credits/costs.ts). */
  readonly costs?: CostDeclaration | undefined;
  /** The largest file it takes in an upload; the listener's multipart limit follows the largest. */
  readonly maxUploadBytes?: number | undefined;
}
