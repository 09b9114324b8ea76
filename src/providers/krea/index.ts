/**
 * Krea as a provider of the gateway (providers/module.ts): its settings
 * (KREA_BASE_URL, KREA_API_KEY, `X-Krea-Token`), its per-request part, its
 * streams of the merged feeds, what can be watched, its webhooks (a token
 * per job in the delivery URL) and what it charges for.
 */
import type { ProviderModule } from '../module.js';
import { KREA_GENERATIONS } from './generated/operations.js';
import { kreaAssetsFeed, kreaJobsFeed } from './feeds.js';
import { kreaWatchables } from './live.js';
import { KreaPart } from './part.js';
import type { KreaRuntime } from './part.js';
import { KREA_MAX_UPLOAD_BYTES } from './uploads/media.js';
import { KREA_BINDINGS_NAMESPACE, KreaWebhookBindings } from './webhooks/bindings.js';
import { kreaWebhookReceiver } from './webhooks/receiver.js';

/** Every Krea POST that costs money, as the document writes its path, and its kind. */
const PAID_PATHS: ReadonlyMap<string, string> = new Map([
  ...KREA_GENERATIONS.map((generation): [string, string] => [generation.path, generation.modality]),
  ['/styles/train', 'styleTraining'],
  ['/node-apps/{id}/execute', 'nodeApp'],
]);

export const krea: ProviderModule<KreaPart> = {
  name: 'krea',
  settings: {
    baseUrl: { env: 'KREA_BASE_URL', default: 'https://api.krea.ai' },
    apiKey: { env: 'KREA_API_KEY' },
    credentialHeader: 'x-krea-token',
  },
  start(start) {
    const runtime: KreaRuntime = {
      upstream: start.upstream,
      // Krea does not bill a job that failed or was cancelled.
      jobsSeen: (jobs) =>
        start.jobsEndedUnbilled(
          jobs.filter((job) => job.status === 'failed' || job.status === 'cancelled').map((job) => job.job_id),
        ),
      observeBatch: start.observeBatch,
      publicWebhooks: start.publicWebhooks,
      bindings: new KreaWebhookBindings(start.sharedBindings(KREA_BINDINGS_NAMESPACE)),
    };
    return {
      part: (request) => new KreaPart(request, runtime),
      watchables: kreaWatchables(start.upstream, runtime.jobsSeen),
      webhooks: (tools) => kreaWebhookReceiver(tools, start.publicWebhooks, runtime.bindings),
    };
  },
  assets: kreaAssetsFeed,
  jobs: kreaJobsFeed,
  costs: {
    kinds: { image: 1, video: 10, enhance: 2, styleTraining: 20, nodeApp: 5 },
    paths: PAID_PATHS,
    examplePath: KREA_GENERATIONS[0]?.path,
  },
  maxUploadBytes: KREA_MAX_UPLOAD_BYTES,
};
