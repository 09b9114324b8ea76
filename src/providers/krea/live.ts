/**
 * What of Krea can be watched (live/watch.ts): a job until it ends, and an
 * asset (READY once it exists: one event, then the end). Each poll uses a
 * client bound to the subscriber's credential, not to any request.
 */
import type { Watchable } from '../../live/watch.js';
import type { Upstream } from '../http/upstream.js';
import { KreaClient } from './client.js';
import type { KreaClientOptions } from './client.js';
import { fromKreaAsset } from './models/assets.js';
import type { KreaAssetModel } from './models/assets.js';
import { fromKreaJob } from './models/jobs.js';
import type { KreaJobModel } from './models/jobs.js';

export function kreaWatchables(
  upstream: Upstream,
  jobsSeen: KreaClientOptions['jobsSeen'],
): Record<'KreaJob' | 'KreaAsset', Watchable> {
  const job: Watchable<KreaJobModel> = {
    kind: 'job',
    poll: (id, credential) => {
      const krea = new KreaClient(upstream, credential, { jobsSeen });
      return {
        fetch: async () => fromKreaJob(await krea.getJob(id)),
        statusOf: (value) => value.status,
        isTerminal: (value) => value.isTerminal,
      };
    },
  };
  const asset: Watchable<KreaAssetModel> = {
    kind: 'asset',
    poll: (id, credential) => {
      const krea = new KreaClient(upstream, credential);
      return {
        fetch: async () => fromKreaAsset(await krea.getAsset(id)),
        statusOf: (value) => value.status,
        isTerminal: () => true,
      };
    },
  };
  return { KreaJob: job, KreaAsset: asset };
}
