/**
 * Argil as a provider of the gateway (providers/module.ts): its settings
 * (ARGIL_BASE_URL, ARGIL_API_KEY, `X-Argil-Api-Key`, ARGIL_WEBHOOK_SECRET),
 * its per-request part, its streams of the merged feeds, what can be
 * watched, its signed webhooks and what it charges for.
 */
import type { ProviderModule } from '../module.js';
import { argilAssetsFeed, argilJobsFeed } from './feeds.js';
import { argilWatchables } from './live.js';
import { ArgilPart } from './part.js';
import type { ArgilRuntime } from './part.js';
import { InProcessRenderLog } from './render-log.js';
import { argilWebhookReceiver } from './webhooks/receiver.js';

export const argil: ProviderModule<ArgilPart> = {
  name: 'argil',
  settings: {
    baseUrl: { env: 'ARGIL_BASE_URL', default: 'https://api.argil.ai/v1' },
    apiKey: { env: 'ARGIL_API_KEY' },
    credentialHeader: 'x-argil-api-key',
    webhookSecret: {
      env: 'ARGIL_WEBHOOK_SECRET',
      problem: (value) =>
        /^whsec_[A-Za-z0-9+/=]{16,}$/.test(value)
          ? undefined
          : 'expected the whsec_… secret Argil returned for the endpoint',
    },
  },
  start(start) {
    const runtime: ArgilRuntime = {
      upstream: start.upstream,
      // The videos this gateway was asked to render: Argil's IDLE says "draft" and "asked" alike.
      renders: new InProcessRenderLog(),
      observeBatch: start.observeBatch,
    };
    return {
      part: (request) => new ArgilPart(request, runtime),
      watchables: argilWatchables(start.upstream, runtime.renders),
      webhooks: (tools) => argilWebhookReceiver(tools, start.webhookSecret),
    };
  },
  assets: argilAssetsFeed,
  jobs: argilJobsFeed,
  costs: { kinds: { argilRender: 10, argilAvatar: 10, argilVoice: 5 } },
};
