/**
 * What the built schema still needs, done in place on its objects, so that
 * what is served, the printed schema and the subgraph SDL (`_service { sdl }`)
 * all agree.
 */
import type { GraphQLSchema } from 'graphql';
import { NAMES_UPSTREAM_OBJECTS } from './operation-cost.js';
import { requireScopes } from './scopes.js';

/**
 * The merged feeds walk forward only (a provider may page by an "older
 * than" cursor, and they merge every provider), as do the connections the
 * providers name; but Pothos' t.connection always adds `last` and `before`:
 * they are taken off, so no tool offers them.
 */
const FORWARD_ONLY = ['assets', 'jobs'];

/** The federation plugin's own types come without descriptions. */
const FEDERATION_DESCRIPTIONS: Record<string, string> = {
  _Any: 'A federation entity representation: its __typename and @key fields.',
  _Entity: 'Every type a federation gateway can resolve by key.',
  _Service: 'This subgraph, as a federation gateway reads it.',
};

const forward = (arg: { name: string | { value: string } }) =>
  !['last', 'before'].includes(typeof arg.name === 'string' ? arg.name : arg.name.value);

export function finishSchema(schema: GraphQLSchema, forwardOnly: readonly string[]): void {
  const queryType = schema.getQueryType()!;
  const fields = queryType.getFields();
  for (const name of [...FORWARD_ONLY, ...forwardOnly]) {
    const field = fields[name]!;
    field.args = field.args.filter(forward);
    // The subgraph printer reads the AST nodes the directives plugin made, the type's and the field's.
    if (field.astNode) field.astNode = { ...field.astNode, arguments: field.astNode.arguments?.filter(forward) };
  }
  // The subgraph printer reads the root types' field nodes in the order they were registered, which is
  // the order providers register in; printed in the schema's own (sorted) order instead, as schema.graphql is.
  for (const root of [queryType, schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!root?.astNode) continue;
    const nodes = new Map(root.astNode.fields?.map((node) => [node.name.value, node]));
    root.astNode = {
      ...root.astNode,
      fields: Object.values(root.getFields()).flatMap((field) => field.astNode ?? nodes.get(field.name) ?? []),
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

  // The plugin printed its SDL before these changes (or, in the bundle, not at all: scripts/build.ts):
  // print it from the schema as served when first asked. A router asks once; most processes never,
  // and so never load Apollo's printer.
  let sdl: Promise<string> | undefined;
  fields._service!.resolve = async () => ({
    sdl: await (sdl ??= import('@apollo/subgraph').then(({ printSubgraphSchema }) => printSubgraphSchema(schema))),
  });
}
