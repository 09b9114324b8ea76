/**
 * What the built schema still needs, done in place on its objects, so that
 * what is served, the printed schema and the subgraph SDL (`_service { sdl }`)
 * all agree.
 */
import { printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';
import { NAMES_UPSTREAM_OBJECTS } from './operation-cost.js';
import { requireScopes } from './scopes.js';

/**
 * These connections walk forward only (their providers page by an "older
 * than" cursor), but Pothos' t.connection always adds `last` and `before`:
 * they are taken off, so no tool offers them.
 */
const FORWARD_ONLY = ['kreaAssets', 'kreaJobs', 'assets', 'jobs', 'kreaStyles'] as const;

/** The federation plugin's own types come without descriptions. */
const FEDERATION_DESCRIPTIONS: Record<string, string> = {
  _Any: 'A federation entity representation: its __typename and @key fields.',
  _Entity: 'Every type a federation gateway can resolve by key.',
  _Service: 'This subgraph, as a federation gateway reads it.',
};

const forward = (arg: { name: string | { value: string } }) =>
  !['last', 'before'].includes(typeof arg.name === 'string' ? arg.name : arg.name.value);

export function finishSchema(schema: GraphQLSchema): void {
  const queryType = schema.getQueryType()!;
  const fields = queryType.getFields();
  for (const name of FORWARD_ONLY) {
    const field = fields[name]!;
    field.args = field.args.filter(forward);
    // The subgraph printer reads the AST nodes the directives plugin made, the type's and the field's.
    if (field.astNode) field.astNode = { ...field.astNode, arguments: field.astNode.arguments?.filter(forward) };
  }
  if (queryType.astNode) {
    queryType.astNode = {
      ...queryType.astNode,
      fields: queryType.astNode.fields?.map((node) => fields[node.name.value]?.astNode ?? node),
    };
  }

  for (const [name, description] of Object.entries(FEDERATION_DESCRIPTIONS)) {
    schema.getType(name)!.description = description;
  }
  fields._entities!.description = 'Federation: the entities of these representations, in order (null when unknown).';
  const representations = fields._entities!.args[0]!;
  representations.description = 'Representations from the gateway: __typename and key fields.';
  // Each representation is an object fetched upstream, as each id of `nodes` is.
  representations.extensions = { ...representations.extensions, ...NAMES_UPSTREAM_OBJECTS };
  // Added by the federation plugin, not the builder: it reads provider data like `nodes` (scopes.ts).
  requireScopes(fields._entities!, [['media:read']]);
  fields._service!.description = "Federation: this subgraph's SDL.";

  // The plugin printed its SDL before these changes: print it again from the schema as served.
  const sdl = printSubgraphSchema(schema);
  fields._service!.resolve = () => ({ sdl });
}
