/**
 * Relay object identification: `node` and `nodes`. Ids are decoded by the
 * one codec; a malformed, foreign or unknown id gives null in its place
 * (never an upstream call for a malformed one), and loads go through the
 * request's loaders, so `nodes` batches and shares their cache.
 */
import type { RequestContext } from '../context.js';
import { builder, pageCost } from './builder.js';
import { NAMES_UPSTREAM_OBJECTS, namesUpstreamObjectsUpTo } from './operation-cost.js';
import { userInputError } from './errors.js';
import { decodeGlobalId } from './global-id.js';

/** The most ids one `nodes` call takes. */
export const MAX_NODES = 100;

function loadNode(context: RequestContext, globalId: string): Promise<object | null> | null {
  const decoded = decodeGlobalId(globalId);
  if (!decoded) return null;
  switch (decoded.typename) {
    case 'KreaAsset':
      return context.loaders.kreaAsset.load(decoded.id);
    case 'ArgilAsset':
      return context.loaders.argilAsset.load(decoded.id);
    case 'KreaJob':
      return context.loaders.kreaJob.load(decoded.id);
    case 'KreaStyle':
      return context.loaders.kreaStyle.load(decoded.id);
    case 'KreaNodeApp':
      return context.loaders.kreaNodeApp.load(decoded.id);
    case 'ArgilVideo':
      return context.loaders.argilVideo.load(decoded.id);
    case 'ArgilAvatar':
      return context.loaders.argilAvatar.load(decoded.id);
    case 'ArgilVoice':
      return context.loaders.argilVoice.load(decoded.id);
    case 'ArgilWebhook':
      return context.loaders.argilWebhook.load(decoded.id);
    case 'ArgilSubtitleStyle':
      return context.loaders.argilSubtitleStyle.load(decoded.id);
  }
}

builder.queryFields((t) => ({
  node: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: 'Any object by its global id (Relay refetch); null for a malformed, foreign or unknown id.',
    args: { id: t.arg.id({ description: 'A global id.', required: true, extensions: NAMES_UPSTREAM_OBJECTS }) },
    resolve: (_root, { id }, context) => loadNode(context, String(id)),
  }),
  nodes: t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description: `At most ${MAX_NODES} ids; unknown or foreign ids give null in their place.`,
    args: {
      ids: t.arg.idList({
        required: true,
        description: 'Global ids, at most 100.',
        extensions: namesUpstreamObjectsUpTo(MAX_NODES),
      }),
    },
    complexity: (args) => ({ field: 1, multiplier: pageCost(args.ids.length, MAX_NODES) }),
    resolve: (_root, { ids }, context) => {
      if (ids.length > MAX_NODES) throw userInputError(`\`nodes\` takes at most ${MAX_NODES} ids, got ${ids.length}`);
      return ids.map((id) => loadNode(context, String(id)));
    },
  }),
}));
