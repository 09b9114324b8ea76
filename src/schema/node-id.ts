/**
 * The `id` field of the Node types. Pothos' `builder.node` resolves every id
 * through an async resolver, a promise per object that a page of 20 items
 * pays 20 times; this one is synchronous. It encodes every time: remembering
 * each object's id in a WeakMap (for models that coalesced calls share) cost
 * more than encoding, about 30 µs of CPU per page of 20 in the GC of its
 * entries (side by side on one core, de-duplication off).
 * node/nodes are defined in node.ts, so nothing else of `builder.node` is used.
 */
import type { SchemaTypes } from './builder.js';
import { encodeGlobalId } from './global-id.js';
import type { NodeTypeName } from './global-id.js';

/** `id: ID!`, the global id of `typename` and the provider's id. */
export function nodeIdField<T extends object>(
  t: PothosSchemaTypes.ObjectFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>, T>,
  typename: NodeTypeName,
  providerIdOf: (value: T) => string,
) {
  return t.id({
    description: 'Its global id (Relay): for node(id:), nodes(ids:) and refetching.',
    resolve: (value) => encodeGlobalId(typename, providerIdOf(value)),
  });
}
