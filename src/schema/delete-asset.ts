/**
 * `deleteAsset`: deletes an asset of any provider, whichever the global id
 * names, through the delete its provider registered for that type. The
 * deleted asset leaves the request's loader.
 */
import { registeredEntries } from '../providers/registry.js';
import { builder } from './builder.js';
import { userInputError } from './errors.js';
import { decodeGlobalId } from './global-id.js';
import { DeletePayloadRef } from './mutations.js';
import { NAMES_UPSTREAM_OBJECTS } from './operation-cost.js';
import { orList, withArticle } from './wording.js';

/** The asset types a provider can delete, in the registry's order. */
const DELETES = new Map(
  registeredEntries().flatMap(({ schema }) =>
    Object.entries(schema.nodes).flatMap(([typename, node]) =>
      node.deleteAsset ? [[typename, node.deleteAsset] as const] : [],
    ),
  ),
);
const TYPES = [...DELETES.keys()];

builder.mutationFields((t) => ({
  deleteAsset: t.field({
    type: DeletePayloadRef,
    description: `Deletes ${orList(TYPES.map(withArticle))}, whichever the global id names.`,
    args: {
      id: t.arg.id({
        description: `A ${orList(TYPES)} global id.`,
        required: true,
        extensions: NAMES_UPSTREAM_OBJECTS,
      }),
    },
    resolve: async (_root, { id }, context) => {
      const decoded = decodeGlobalId(String(id));
      const remove = decoded && DELETES.get(decoded.typename);
      if (!decoded || !remove)
        throw userInputError(`\`id\` must be the global id of ${orList(TYPES.map(withArticle))}`);
      await remove(context, decoded.id);
      return { deletedId: String(id) };
    },
  }),
}));
