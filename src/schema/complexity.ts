/**
 * An operation's cost against QUERY_LIMITS, computed from its document alone.
 * The schema checks the limits on every request (Pothos' complexity plugin,
 * before the first root field resolves), which walks the whole document each
 * time; an operation without variables costs the same every time, so the
 * compiled lane asks this once per document and, when it is within the
 * limits, tells the schema (`context.complexityChecked`) that there is
 * nothing left to check. Over the limits, or when this cannot tell, the
 * schema checks as always and words the refusal.
 */
import { complexityFromQuery } from '@pothos/plugin-complexity';
import { Kind } from 'graphql';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { RequestContext } from '../context.js';
import { QUERY_LIMITS } from './builder.js';

/** True when `operation` (no variables) is within every limit; false when over, or unknown. */
export function withinQueryLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  context: Pick<RequestContext, 'maxPageSize'>,
): boolean {
  if ((operation.variableDefinitions?.length ?? 0) > 0) return false;
  // complexityFromQuery reads the document's first operation: this one, with the fragments.
  const only: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [operation, ...document.definitions.filter((node) => node.kind === Kind.FRAGMENT_DEFINITION)],
  };
  try {
    const { complexity, depth, breadth } = complexityFromQuery(only, { schema, ctx: context });
    return complexity <= QUERY_LIMITS.complexity && depth <= QUERY_LIMITS.depth && breadth <= QUERY_LIMITS.breadth;
  } catch {
    return false;
  }
}
