/**
 * What of Argil can be watched (live/watch.ts): an asset until it is READY
 * or FAILED, and a video (a Job) until it ends. Each poll uses a client
 * bound to the subscriber's credential, not to any request.
 */
import type { Watchable } from '../../live/watch.js';
import { credentialDigest } from '../credential.js';
import type { Upstream } from '../http/upstream.js';
import { ArgilClient } from './client.js';
import { fromArgilAsset } from './models/assets.js';
import type { ArgilAssetModel } from './models/assets.js';
import { fromArgilVideo } from './models/videos.js';
import type { ArgilVideoModel } from './models/videos.js';
import type { RenderLog } from './render-log.js';

export function argilWatchables(
  upstream: Upstream,
  renders: RenderLog,
): Record<'ArgilAsset' | 'ArgilVideo', Watchable> {
  const asset: Watchable<ArgilAssetModel> = {
    kind: 'asset',
    poll: (id, credential) => {
      const argil = new ArgilClient(upstream, credential);
      return {
        fetch: async () => fromArgilAsset(await argil.getAsset(id)),
        statusOf: (value) => value.status,
        isTerminal: (value) => value.status !== 'PROCESSING',
      };
    },
  };
  const video: Watchable<ArgilVideoModel> = {
    kind: 'video',
    poll: (id, credential) => {
      const argil = new ArgilClient(upstream, credential);
      const scope = credentialDigest(credential);
      return {
        fetch: async () => fromArgilVideo(await argil.getVideo(id), renders.has(scope, id)),
        // A render asked for turns a DRAFT into QUEUED before Argil's status moves.
        statusOf: (value) => `${value.state}:${value.status}`,
        isTerminal: (value) => value.isTerminal,
      };
    },
  };
  return { ArgilAsset: asset, ArgilVideo: video };
}
