/**
 * Every field selection an operation document would run, duplicates and
 * fragment spreads expanded, counted in one walk of the AST (each fragment
 * once). Validation is quadratic in repeated fields (overlap checks), so an
 * operation is measured by this before it is validated.
 */
import { Kind } from 'graphql';
import type { DocumentNode, FragmentDefinitionNode, SelectionSetNode } from 'graphql';

/** The count, or `limit + 1` as soon as it is known to exceed `limit`. */
export function countFieldSelections(document: DocumentNode, limit: number): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const sizes = new Map<string, number>();
  const active = new Set<string>();
  const cap = (n: number) => Math.min(n, limit + 1);

  const fragmentSize = (name: string): number => {
    const known = sizes.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    // Unknown or cyclic: validation reports it; it adds nothing here.
    if (!fragment || active.has(name)) return 0;
    active.add(name);
    const size = selectionSize(fragment.selectionSet);
    active.delete(name);
    sizes.set(name, size);
    return size;
  };

  const selectionSize = (set: SelectionSetNode): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD)
        total += 1 + (selection.selectionSet ? selectionSize(selection.selectionSet) : 0);
      else if (selection.kind === Kind.INLINE_FRAGMENT) total += selectionSize(selection.selectionSet);
      else total += fragmentSize(selection.name.value);
      if (total > limit) return limit + 1;
    }
    return cap(total);
  };

  let total = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    total = cap(total + selectionSize(definition.selectionSet));
  }
  return total;
}
