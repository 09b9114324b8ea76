/**
 * Live updates as GraphQL subscriptions (served over SSE by yoga): each
 * emits its object on every status change and completes after a terminal
 * status. A polling error is delivered as the last event's error, with the
 * contract's code, and the stream then ends.
 */
import type { LiveEvent } from '../live/hub.js';
import type { AssetModel } from '../models/assets.js';
import type { JobModel } from '../models/jobs.js';
import { AssetRef } from './asset.js';
import { builder } from './builder.js';
import { NAMES_UPSTREAM_OBJECTS } from './operation-cost.js';
import { userInputError } from './errors.js';
import { decodeGlobalId } from './global-id.js';
import { JobRef } from './job.js';
import { KreaJobRef } from './krea-jobs.js';

function unwrap<T>(event: LiveEvent<T>): T {
  if ('error' in event) throw event.error;
  return event.value;
}

builder.subscriptionType({ description: 'Live updates over SSE or WebSocket: a job or an asset as it changes.' });

builder.subscriptionFields((t) => ({
  kreaJobUpdates: t.field({
    type: KreaJobRef,
    description: 'Emits the job each time its status changes; completes after a terminal status.',
    args: { id: t.arg.id({ description: 'A KreaJob global id.', required: true, extensions: NAMES_UPSTREAM_OBJECTS }) },
    subscribe: (_root, { id }, context) => {
      const decoded = decodeGlobalId(String(id));
      if (decoded?.typename !== 'KreaJob') throw userInputError('`id` must be the global id of a KreaJob');
      return context.live.kreaJob(decoded.id);
    },
    resolve: unwrap,
  }),
  assetUpdates: t.field({
    type: AssetRef,
    description: 'Emits the asset each time its status changes; completes once it is READY or FAILED.',
    args: {
      id: t.arg.id({
        description: 'A KreaAsset or ArgilAsset global id.',
        required: true,
        extensions: NAMES_UPSTREAM_OBJECTS,
      }),
    },
    subscribe: (_root, { id }, context): AsyncIterable<LiveEvent<AssetModel>> => {
      const decoded = decodeGlobalId(String(id));
      if (decoded?.typename === 'KreaAsset') return context.live.kreaAsset(decoded.id);
      if (decoded?.typename === 'ArgilAsset') return context.live.argilAsset(decoded.id);
      throw userInputError('`id` must be the global id of a KreaAsset or an ArgilAsset');
    },
    resolve: (event) => unwrap(event),
  }),
  jobUpdates: t.field({
    type: JobRef,
    description:
      'Emits the job (any provider) each time its state or status changes; completes after a terminal state.',
    args: {
      id: t.arg.id({
        description: 'A KreaJob or ArgilVideo global id.',
        required: true,
        extensions: NAMES_UPSTREAM_OBJECTS,
      }),
    },
    subscribe: (_root, { id }, context): AsyncIterable<LiveEvent<JobModel>> => {
      const decoded = decodeGlobalId(String(id));
      if (decoded?.typename === 'KreaJob') return context.live.kreaJob(decoded.id);
      if (decoded?.typename === 'ArgilVideo') return context.live.argilVideo(decoded.id);
      throw userInputError('`id` must be the global id of a job (a KreaJob or an ArgilVideo)');
    },
    resolve: (event) => unwrap(event),
  }),
}));
