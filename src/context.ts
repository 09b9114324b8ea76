/**
 * The per-request context: which credential this request uses with each
 * provider (a header's or the server-held one), each provider's part (its
 * client bound to that credential and to the request's abort signal, fresh
 * loaders: made on first use), subscriptions, the caller and their credits.
 * Nothing here outlives the request. No provider is named here: they are
 * the services' list (services.ts, from providers/registry.ts).
 */
import type { GraphQLError } from 'graphql';
import { callerOf, credentialCaller } from './auth/caller.js';
import type { Caller } from './auth/caller.js';
import type { CreditBook } from './credits/book.js';
import { RequestCredits } from './credits/request-credits.js';
import type { LiveHub } from './live/hub.js';
import { LiveUpdates } from './live/updates.js';
import type { WatchingProvider } from './live/updates.js';
import { CallSignal } from './providers/http/cancel.js';
import type { CallerSignal } from './providers/http/cancel.js';
import type { UpstreamCall } from './providers/http/types.js';
import type { Upstream } from './providers/http/upstream.js';
import { credentialDigest } from './providers/credential.js';
import type { ProviderModule, ProviderPart, ProviderRuntime } from './providers/module.js';
import type { ProviderSettings } from './providers/settings.js';
import type { IdempotencyStore } from './idempotency.js';
import type { WebhookConfig } from './webhooks/config.js';

/** A registered provider, started (services.ts). */
export interface StartedProvider {
  module: ProviderModule;
  runtime: ProviderRuntime<ProviderPart>;
  upstream: Upstream;
  /** The server-held credential; a request's own header takes precedence. */
  serverKey: string | undefined;
  /** Its digest, computed once (it keys the concurrency budgets). */
  serverKeyDigest: string;
}

export interface GatewayServices extends ProviderSettings {
  /** Every registered provider, started, in the registry's order. */
  providers: readonly StartedProvider[];
  /** The same, as subscriptions see them. */
  watchers: readonly WatchingProvider[];
  maxPageSize: number;
  /** Shared pollers behind subscriptions, keyed by credential digests. */
  live: LiveHub;
  /** Sees the size of every loader batch (metrics). */
  observeBatch?: (loader: string, size: number) => void;
  /** Deadline of one upload (longer than UPSTREAM_TIMEOUT_MS: it carries up to 75 MB). */
  uploadTimeoutMs: number;
  /** Generations already started, by idempotency key. */
  idempotency: IdempotencyStore;
  /** Set with PUBLIC_URL: generations ask their provider to deliver a webhook to the gateway. */
  webhooks: WebhookConfig | undefined;
  /** What each subject has spent today (QUOTA_CREDITS_PER_DAY, GENERATION_COSTS). */
  credits: CreditBook;
}

/** What the node:http server knows of the connection (nothing under `yoga.fetch`). */
export interface Connection {
  remoteAddress?: string | undefined;
  /** Registers a listener for the response's 'close', and says whether the response had finished. */
  onClose?: (listener: (finished: boolean) => void) => void;
}

function header(request: Request, name: string): string | undefined {
  const value = request.headers.get(name)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The providers as one request sees them: the credential it uses with
 * each (read up front: the caller and the response cache need their
 * digests) and each one's part, made on first use. A class, so a request
 * costs a few small objects and no closures.
 */
export class RequestProviders {
  private readonly credentials: Array<string | undefined>;
  private readonly digests: string[];
  private readonly parts: Array<ProviderPart | undefined>;

  constructor(
    private readonly started: readonly StartedProvider[],
    request: Request,
    private readonly signalOf: () => CallerSignal | undefined,
    private readonly observer: (call: UpstreamCall) => void,
  ) {
    this.credentials = [];
    this.digests = [];
    this.parts = [];
    for (const provider of started) {
      const own = header(request, provider.module.settings.credentialHeader);
      this.credentials.push(own ?? provider.serverKey);
      this.digests.push(own === undefined ? provider.serverKeyDigest : credentialDigest(own));
    }
  }

  /** Every provider's credential digest, in the registry's order. */
  credentialDigests(): readonly string[] {
    return this.digests;
  }

  credentialOf(name: string): string | undefined {
    return this.credentials[this.indexOf(name)];
  }

  hasCredential(name: string): boolean {
    return this.credentialOf(name) !== undefined;
  }

  /** The part of the provider named `name`. */
  part(name: string): ProviderPart {
    return this.partAt(this.indexOf(name));
  }

  /** The part `module` made for this request (the typed way in for a provider's own code). */
  partOf<P extends ProviderPart>(module: ProviderModule<P>): P {
    const index = this.started.findIndex((provider) => provider.module === module);
    if (index < 0) throw new Error(`${module.name} is not a started provider`);
    // Made by `module`'s own runtime (partAt), so of its own part type.
    return this.partAt(index) as P;
  }

  private indexOf(name: string): number {
    const index = this.started.findIndex((provider) => provider.module.name === name);
    if (index < 0) throw new Error(`${name} is not a started provider`);
    return index;
  }

  private partAt(index: number): ProviderPart {
    let part = this.parts[index];
    if (part === undefined) {
      const provider = this.started[index]!;
      part = provider.runtime.part({
        credential: this.credentials[index],
        credentialDigest: this.digests[index]!,
        signalOf: this.signalOf,
        observer: this.observer,
      });
      this.parts[index] = part;
    }
    return part;
  }
}

export interface RequestContext {
  /** Who is asking (auth/caller.ts): their subject and scopes. */
  caller: Caller;
  /** The caller's generation credits: paid calls are charged here (schema/paid.ts, once). */
  credits: RequestCredits;
  /** Each provider's credential and part for this request. */
  providers: RequestProviders;
  maxPageSize: number;
  /** Every upstream attempt this request made, for its log line. */
  upstreamCalls: UpstreamCall[];
  /** Errors of fields that answered a fallback instead of failing (see use-field-errors). */
  fieldErrors: GraphQLError[];
  /** Subscriptions for this request's credentials. */
  live: LiveUpdates;
  uploadTimeoutMs: number;
  idempotency: IdempotencyStore;
  /**
   * The operation was found within the cost limits before it ran (the
   * compiled lane, once per document: schema/complexity.ts), so the schema
   * does not compute them again for this request.
   */
  complexityChecked?: boolean;
}

/**
 * The signal upstream calls pass on: aborted when the client goes away before
 * its answer. Made on first use (a CallSignal: cheaper to listen to than an
 * AbortSignal, providers/http/cancel.ts), and from the connection rather than from
 * `request.signal`, which is aborted (with a new DOMException) at the end of
 * every request, even a finished one.
 */
function clientGoneSignal(request: Request, connection: Connection): () => CallerSignal {
  let signal: CallSignal | undefined;
  return () => {
    if (!connection.onClose) return request.signal;
    if (!signal) {
      const created = new CallSignal();
      connection.onClose((finished) => {
        if (!finished) created.abort();
      });
      signal = created;
    }
    return signal;
  };
}

/** Builds the context of one request; `now` is the gateway's clock (credits count per UTC day by it). */
export function createRequestContext(
  services: GatewayServices,
  request: Request,
  connection: Connection = {},
  now: () => number = Date.now,
): RequestContext {
  const upstreamCalls: UpstreamCall[] = [];
  const observer = (call: UpstreamCall) => void upstreamCalls.push(call);
  const providers = new RequestProviders(services.providers, request, clientGoneSignal(request, connection), observer);
  // Plain properties, no getters: envelop copies the context with
  // Object.assign (which would call them anyway), and a getter in a literal
  // is a closure per request that V8 keeps, with this whole scope, until the
  // next full GC. Parts, loaders and live updates make theirs on first use.
  const caller = callerOf(request) ?? credentialCaller(providers.credentialDigests());
  return {
    caller,
    credits: new RequestCredits(services.credits, caller, now),
    providers,
    maxPageSize: services.maxPageSize,
    fieldErrors: [],
    upstreamCalls,
    uploadTimeoutMs: services.uploadTimeoutMs,
    idempotency: services.idempotency,
    live: new LiveUpdates(services.live, services.watchers, providers, connection.remoteAddress ?? 'unknown'),
  };
}
