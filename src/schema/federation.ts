/**
 * mediagraph as an Apollo Federation v2 subgraph: the Node types each
 * provider marks as entities (KreaAsset, ArgilAsset, KreaJob, …) have two
 * keys, the global `id` and the provider's `providerId` (the id other
 * subgraphs usually store). References resolve through the request's
 * loaders, so `_entities` with 50 representations costs what `nodes` with
 * 50 ids costs.
 */
import type { RequestContext } from '../context.js';
import { UUID_PATTERN } from '../providers/shapes.js';
import { registeredEntries } from '../providers/registry.js';
import { builder } from './builder.js';
import type { NodeRegistration } from './contribution.js';
import { decodeGlobalId, encodeGlobalId } from './global-id.js';

/** A representation names its entity by one key or the other. */
type Reference = { id: string } | { providerId: string };

const keys = [builder.selection<{ id: string }>('id'), builder.selection<{ providerId: string }>('providerId')];

/** The provider id a representation names, or undefined when it names nothing of `typename`. */
function providerIdOf(reference: Reference, typename: string, node: NodeRegistration): string | undefined {
  // Representations are `_Any`: a key may arrive as null, a number or an object, and then names nothing.
  const key: unknown = 'providerId' in reference ? reference.providerId : reference.id;
  if (typeof key !== 'string') return undefined;
  if ('providerId' in reference) {
    // Ids of a provider's own form are checked as a global id of the type checks them; the rest are UUIDs.
    if (node.idPattern) return decodeGlobalId(encodeGlobalId(typename, reference.providerId))?.id;
    return UUID_PATTERN.test(reference.providerId) ? reference.providerId.toLowerCase() : undefined;
  }
  const decoded = decodeGlobalId(reference.id);
  return decoded?.typename === typename ? decoded.id : undefined;
}

for (const { schema } of registeredEntries()) {
  for (const [typename, node] of Object.entries(schema.nodes)) {
    if (!node.entity) continue;
    builder.asEntity(node.entity, {
      key: keys,
      resolveReference: (reference: Reference, context: RequestContext) => {
        const id = providerIdOf(reference, typename, node);
        return id === undefined ? null : node.load(context, id);
      },
    });
  }
}
