/**
 * Live updates as GraphQL subscriptions (served over SSE and WebSocket):
 * `assetUpdates` and `jobUpdates` watch an object of any provider, by its
 * global id, through what that provider registered as watchable
 * (live/watch.ts); each emits its object on every status change and
 * completes after a terminal status. A polling error is delivered as the
 * last event's error, with the contract's code, and the stream then ends.
 */
import type { LiveEvent } from '../live/hub.js';
import type { WatchConcept } from '../live/watch.js';
import type { AssetModel } from '../models/assets.js';
import type { JobModel } from '../models/jobs.js';
import { registeredEntries } from '../providers/registry.js';
import type { RequestContext } from '../context.js';
import { AssetRef } from './asset.js';
import { builder } from './builder.js';
import { userInputError } from './errors.js';
import { decodeGlobalId } from './global-id.js';
import { JobRef } from './job.js';
import { liveValue } from './live.js';
import { NAMES_UPSTREAM_OBJECTS } from './operation-cost.js';
import { orList, withArticle } from './wording.js';

/**
 * The Node types that stand for `concept`, in the registry's order: those
 * the providers' contributions mark so (the services' watchables say how
 * each is polled).
 */
function watchedTypes(concept: WatchConcept): string[] {
  return registeredEntries().flatMap(({ schema }) =>
    Object.entries(schema.nodes).flatMap(([typename, node]) => (node.watched === concept ? [typename] : [])),
  );
}

const ASSET_TYPES = watchedTypes('asset');
const JOB_TYPES = watchedTypes('job');

function watch<T>(
  context: RequestContext,
  id: string,
  types: readonly string[],
  refusal: string,
): AsyncIterable<LiveEvent<T>> {
  const decoded = decodeGlobalId(id);
  if (!decoded || !types.includes(decoded.typename)) throw userInputError(refusal);
  return context.live.watch<T>(decoded.typename, decoded.id);
}

builder.subscriptionType({ description: 'Live updates over SSE or WebSocket: a job or an asset as it changes.' });

builder.subscriptionFields((t) => ({
  assetUpdates: t.field({
    type: AssetRef,
    description: 'Emits the asset each time its status changes; completes once it is READY or FAILED.',
    args: {
      id: t.arg.id({
        description: `A ${orList(ASSET_TYPES)} global id.`,
        required: true,
        extensions: NAMES_UPSTREAM_OBJECTS,
      }),
    },
    subscribe: (_root, { id }, context) =>
      watch<AssetModel>(
        context,
        String(id),
        ASSET_TYPES,
        `\`id\` must be the global id of ${orList(ASSET_TYPES.map(withArticle))}`,
      ),
    resolve: (event) => liveValue(event),
  }),
  jobUpdates: t.field({
    type: JobRef,
    description:
      'Emits the job (any provider) each time its state or status changes; completes after a terminal state.',
    args: {
      id: t.arg.id({
        description: `A ${orList(JOB_TYPES)} global id.`,
        required: true,
        extensions: NAMES_UPSTREAM_OBJECTS,
      }),
    },
    subscribe: (_root, { id }, context) =>
      watch<JobModel>(
        context,
        String(id),
        JOB_TYPES,
        `\`id\` must be the global id of a job (${orList(JOB_TYPES.map(withArticle))})`,
      ),
    resolve: (event) => liveValue(event),
  }),
}));
