/**
 * What can be watched: Krea jobs, Krea assets and Argil assets. Each source
 * polls with a client bound to the subscriber's credential but not to its
 * request (a shared poller outlives the request that started it), and is
 * keyed by a digest of that credential, never the credential itself.
 */
import { createHash } from 'node:crypto';
import { fromArgilAsset, fromKreaAsset } from '../models/assets.js';
import type { ArgilAssetModel, KreaAssetModel } from '../models/assets.js';
import { fromKreaJob } from '../models/jobs.js';
import { fromArgilVideo } from '../models/videos.js';
import type { ArgilVideoModel } from '../models/videos.js';
import { credentialDigest } from '../providers/credential.js';
import type { RenderLog } from '../render-log.js';
import type { KreaJobModel } from '../models/jobs.js';
import { ArgilClient } from '../providers/argil.js';
import { ProviderError } from '../providers/errors.js';
import type { Upstream } from '../providers/http/upstream.js';
import { KreaClient } from '../providers/krea.js';
import type { KreaJob } from '../providers/shapes.js';
import type { LiveEvent, LiveHub } from './hub.js';

export interface LiveCredentials {
  kreaToken: string | undefined;
  argilKey: string | undefined;
  /** Who is asking, for the per-client cap (an address; never logged). */
  client: string;
}

export interface LiveUpdates {
  kreaJob(id: string): AsyncIterableIterator<LiveEvent<KreaJobModel>>;
  kreaAsset(id: string): AsyncIterableIterator<LiveEvent<KreaAssetModel>>;
  argilAsset(id: string): AsyncIterableIterator<LiveEvent<ArgilAssetModel>>;
  argilVideo(id: string): AsyncIterableIterator<LiveEvent<ArgilVideoModel>>;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

export function createLiveUpdates(
  hub: LiveHub,
  upstreams: {
    krea: Upstream;
    argil: Upstream;
    renders?: RenderLog;
    /** The credit book's eye on finished jobs (credits/book.ts). */
    credits?: { kreaJobsSeen: (jobs: readonly KreaJob[]) => Promise<void> };
  },
  credentials: LiveCredentials,
): LiveUpdates {
  // The cap counts per client address and the credential the subscription
  // polls with: a header it does not use changes nothing.
  const client = (credential: string | undefined) => digest(`${credential ?? ''}\n${credentials.client}`);
  const kreaClient = () => {
    if (credentials.kreaToken === undefined) {
      throw new ProviderError('krea', 'unauthenticated', 'no credential: send X-Krea-Token or configure KREA_API_KEY');
    }
    return new KreaClient(upstreams.krea, credentials.kreaToken, { jobsSeen: upstreams.credits?.kreaJobsSeen });
  };
  const argilClient = () => {
    if (credentials.argilKey === undefined) {
      throw new ProviderError(
        'argil',
        'unauthenticated',
        'no credential: send X-Argil-Api-Key or configure ARGIL_API_KEY',
      );
    }
    return new ArgilClient(upstreams.argil, credentials.argilKey);
  };
  return {
    kreaJob(id) {
      const krea = kreaClient();
      const key = `krea-job:${id}:${digest(credentials.kreaToken ?? '')}`;
      return hub.subscribe<KreaJobModel>(
        {
          key,
          fetch: async () => fromKreaJob(await krea.getJob(id)),
          statusOf: (job) => job.status,
          isTerminal: (job) => job.isTerminal,
        },
        client(credentials.kreaToken),
      );
    },
    kreaAsset(id) {
      const krea = kreaClient();
      const key = `krea-asset:${id}:${digest(credentials.kreaToken ?? '')}`;
      // A Krea asset is READY once it exists: one event, then the end.
      return hub.subscribe<KreaAssetModel>(
        {
          key,
          fetch: async () => fromKreaAsset(await krea.getAsset(id)),
          statusOf: (a) => a.status,
          isTerminal: () => true,
        },
        client(credentials.kreaToken),
      );
    },
    argilAsset(id) {
      const argil = argilClient();
      const key = `argil-asset:${id}:${digest(credentials.argilKey ?? '')}`;
      return hub.subscribe<ArgilAssetModel>(
        {
          key,
          fetch: async () => fromArgilAsset(await argil.getAsset(id)),
          statusOf: (asset) => asset.status,
          isTerminal: (asset) => asset.status !== 'PROCESSING',
        },
        client(credentials.argilKey),
      );
    },
    argilVideo(id) {
      const argil = argilClient();
      const scope = credentialDigest(credentials.argilKey);
      const key = `argil-video:${id}:${digest(credentials.argilKey ?? '')}`;
      return hub.subscribe<ArgilVideoModel>(
        {
          key,
          fetch: async () => fromArgilVideo(await argil.getVideo(id), upstreams.renders?.has(scope, id) ?? false),
          // A render asked for turns a DRAFT into QUEUED before Argil's status moves.
          statusOf: (video) => `${video.state}:${video.status}`,
          isTerminal: (video) => video.isTerminal,
        },
        client(credentials.argilKey),
      );
    },
  };
}
