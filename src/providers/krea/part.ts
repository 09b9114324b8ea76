/**
 * Krea's part of one request (context.ts makes it on first use): a client
 * bound to the request's credential and signal, fresh loaders, the
 * credential's digest (idempotency scopes, webhook tokens), and how its jobs
 * start (with a webhook bound to them when PUBLIC_URL is set).
 */
import type { WebhookConfig } from '../../webhooks/config.js';
import type { PartRequest, ProviderPart } from '../module.js';
import type { Upstream } from '../http/upstream.js';
import { KreaClient } from './client.js';
import type { KreaClientOptions } from './client.js';
import { KreaLoaders } from './loaders.js';
import type { KreaWebhookBindings } from './webhooks/bindings.js';
import { kreaWebhookStarter } from './webhooks/start.js';
import type { KreaWebhookStarter } from './webhooks/start.js';

/** What Krea keeps between requests. */
export interface KreaRuntime {
  upstream: Upstream;
  jobsSeen: KreaClientOptions['jobsSeen'];
  observeBatch: (loader: string, size: number) => void;
  publicWebhooks: () => WebhookConfig | undefined;
  bindings: KreaWebhookBindings;
}

export class KreaPart implements ProviderPart {
  readonly client: KreaClient;
  readonly loaders: KreaLoaders;
  readonly credentialDigest: string;
  /** Starts jobs with an `X-Webhook-URL` bound to them when PUBLIC_URL is set, without one otherwise. */
  readonly withWebhook: KreaWebhookStarter;

  constructor(request: PartRequest, runtime: KreaRuntime) {
    this.client = new KreaClient(runtime.upstream, request.credential, {
      signalOf: request.signalOf,
      observer: request.observer,
      // The digest its client would compute on first use, known already.
      budgetKey: request.credentialDigest,
      jobsSeen: runtime.jobsSeen,
    });
    this.loaders = new KreaLoaders(this.client, runtime.observeBatch);
    this.credentialDigest = request.credentialDigest;
    this.withWebhook = kreaWebhookStarter(runtime.publicWebhooks(), runtime.bindings, request.credentialDigest);
  }

  get hasCredential(): boolean {
    return this.client.hasCredential;
  }
}
