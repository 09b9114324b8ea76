/**
 * Relay object identification: `node` and `nodes`. Ids are decoded by the
 * one codec; a malformed, foreign or unknown id gives null in its place
 * (never an upstream call for a malformed one), and loads go through the
 * request's loaders (each provider registers how it loads its types), so
 * `nodes` batches and shares their cache.
 */
import type { RequestContext } from '../context.js';
import { builder, pageCost } from './builder.js';
import { NAMES_UPSTREAM_OBJECTS, namesUpstreamObjectsUpTo } from './operation-cost.js';
import { userInputError } from './errors.js';
import { decodeGlobalId } from './global-id.js';
import { registeredEntries } from '../providers/registry.js';

/** The most ids one `nodes` call takes. */
export const MAX_NODES = 100;

/** Every registered provider's Node types, by name (providers/registry.ts). */
const NODES = new Map(registeredEntries().flatMap(({ schema }) => Object.entries(schema.nodes)));

function loadNode(context: RequestContext, globalId: string): Promise<object | null> | null {
  const decoded = decodeGlobalId(globalId);
  if (!decoded) return null;
  return NODES.get(decoded.typename)?.load(context, decoded.id) ?? null;
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
