/**
 * The `id` field of the Node types. Pothos' `builder.node` resolves every id
 * through an async resolver, a promise per object that a page of 20 items
 * pays 20 times; this one is synchronous, and remembers each object's id so
 * that requests sharing models (coalesced upstream calls) encode it once.
 * node/nodes are defined in node.ts, so nothing else of `builder.node` is used.
 */
import type { SchemaTypes } from './builder.js';
import { encodeGlobalId } from './global-id.js';
import type { NodeTypeName } from './global-id.js';

const encoded = new WeakMap<object, string>();

/** `id: ID!`, the global id of `typename` and the provider's id. */
export function nodeIdField<T extends object>(
  t: PothosSchemaTypes.ObjectFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>, T>,
  typename: NodeTypeName,
  providerIdOf: (value: T) => string,
) {
  return t.id({
    description: 'Its global id (Relay): for node(id:), nodes(ids:) and refetching.',
    resolve: (value) => {
      let id = encoded.get(value);
      if (id === undefined) {
        id = encodeGlobalId(typename, providerIdOf(value));
        encoded.set(value, id);
      }
      return id;
    },
  });
}
