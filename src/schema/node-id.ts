/**
 * The `id` field of the Node types. Pothos' `builder.node` resolves every id
 * through an async resolver, a promise per object that a page of 20 items
 * pays 20 times; this one is synchronous. Each model keeps its id under a
 * symbol once encoded: a WeakMap of models to ids cost more than encoding
 * (about 30 µs of CPU per page of 20 in the GC of its entries, side by side
 * on one core), a property of the model costs nothing of the sort.
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
  // Where a model keeps its id as this type (a symbol per type: no field of the model's own, nothing JSON
  // shows, and one object resolved as two types could not mix their ids).
  const GLOBAL_ID = Symbol(`${typename} id`);
  return t.id({
    description: 'Its global id (Relay): for node(id:), nodes(ids:) and refetching.',
    resolve: (value) => {
      // Remembered on the model itself: a page answered again (the body memo,
      // coalescing) gives the same models, which then encode nothing.
      const memo = value as T & { [GLOBAL_ID]?: string };
      return (memo[GLOBAL_ID] ??= encodeGlobalId(typename, providerIdOf(value)));
    },
  });
}
