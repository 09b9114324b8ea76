/**
 * What @pothos/plugin-federation gets for `@apollo/subgraph` in the bundle
 * (scripts/build.ts): it prints the subgraph SDL while building the schema,
 * which would load Apollo's federation-internals into every process at
 * start. finishSchema replaces the `_service` resolver that reads this
 * print with one that prints the schema as served when first asked, so the
 * print at build is skipped.
 */
export function printSubgraphSchema(): string {
  return '';
}
