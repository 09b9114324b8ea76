/**
 * Compiled execution plans: a lane query compiled once by graphql-jit into
 * one function per document, where graphql-js walks the document again for
 * every request. Only the documents on which graphql-jit is known to answer
 * as graphql-js does are admitted; test/oracle/ holds that claim over its
 * whole corpus. Everything else runs on graphql-js' execute (execute.ts).
 *
 * Left to graphql-js, each for a difference graphql-jit 0.8 has:
 *  - mutations (their serial execution is graphql-js' to keep);
 *  - variables with a default value (graphql-jit treats a non-null one as
 *    not provided, and coerces a default input object apart);
 *  - fragments, named or inline (its field collection orders the keys of a
 *    merged selection differently);
 *  - a response key given twice in one selection (graphql-js merges them,
 *    @skip and @include deciding which locations an error names);
 *  - a response key `__proto__` (its result objects are plain objects).
 * Its errors are made graphql-js' own (`locatedError` with the field's
 * nodes) before anything reads them: the gateway's error codes and masking
 * rebuild errors from their nodes, which graphql-jit's errors do not keep.
 */
import { createRequire } from 'node:module';
import { BREAK, Kind, locatedError, visit } from 'graphql';
import type {
  DocumentNode,
  ExecutionResult,
  FieldNode,
  GraphQLError,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionNode,
} from 'graphql';

/**
 * graphql-jit (CommonJS, with its serializer's ajv), loaded synchronously
 * with the first plan: a process that compiles none (COMPILED_PLANS=0, the
 * response cache or tracing on, only mutations) never loads it, and one at
 * rest has not yet.
 */
const load = createRequire(import.meta.url);
let jit: typeof import('graphql-jit') | undefined;
const graphqlJit = () => (jit ??= load('graphql-jit') as typeof import('graphql-jit'));

export interface Plan {
  query(context: unknown, variables: Record<string, unknown> | undefined): Promise<ExecutionResult>;
}

const keyOf = (field: FieldNode) => (field.alias ?? field.name).value;

function repeatsAKey(selections: readonly SelectionNode[]): boolean {
  const keys = new Set<string>();
  for (const selection of selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const key = keyOf(selection);
    if (keys.has(key)) return true;
    keys.add(key);
  }
  return false;
}

/** Why graphql-jit may not run this operation, or undefined when it may. */
function unfit(operation: OperationDefinitionNode): string | undefined {
  if (operation.operation !== 'query') return 'not a query';
  if (operation.variableDefinitions?.some((definition) => definition.defaultValue !== undefined)) {
    return 'a variable has a default';
  }
  let reason: string | undefined;
  visit(operation, {
    [Kind.FRAGMENT_SPREAD]() {
      reason = 'fragments';
      return BREAK;
    },
    [Kind.INLINE_FRAGMENT]() {
      reason = 'fragments';
      return BREAK;
    },
    [Kind.FIELD](node) {
      if (keyOf(node) !== '__proto__') return undefined;
      reason = 'a __proto__ key';
      return BREAK;
    },
    [Kind.SELECTION_SET](node) {
      if (!repeatsAKey(node.selections)) return undefined;
      reason = 'a repeated response key';
      return BREAK;
    },
  });
  return reason;
}

/** graphql-jit's compilation, or nothing when it throws: whatever it cannot compile, graphql-js runs. */
function compiledOrNothing(schema: GraphQLSchema, document: DocumentNode, name: string | undefined) {
  try {
    // Errors are rebuilt by graphql-js (located below), whose stack is the one kept.
    return graphqlJit().compileQuery(schema, document, name, { disablingCapturingStackErrors: true });
  } catch {
    return undefined;
  }
}

/** The plan of `operation` in `document`, or undefined when graphql-js runs it. */
export function planOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): Plan | undefined {
  if (unfit(operation) !== undefined) return undefined;
  const compiled = compiledOrNothing(schema, document, operation.name?.value);
  if (!compiled || !graphqlJit().isCompiledQuery(compiled)) return undefined;
  return {
    async query(context, variables) {
      const result = await compiled.query(undefined, context, variables ?? {});
      if (!result.errors) return result;
      // graphql-js' order: errors, then data (the answer's bytes follow it).
      const errors = result.errors.map((error) => located(operation, error));
      return 'data' in result ? { errors, data: result.data } : { errors };
    },
  };
}

/** The fields a response path names (one each: a repeated key is not admitted; no fragments either). */
function fieldNodesAt(operation: OperationDefinitionNode, path: ReadonlyArray<string | number>): FieldNode[] {
  let selections: readonly SelectionNode[] = operation.selectionSet.selections;
  let nodes: FieldNode[] = [];
  for (const key of path) {
    if (typeof key === 'number') continue;
    nodes = selections.filter(
      (selection): selection is FieldNode => selection.kind === Kind.FIELD && keyOf(selection) === key,
    );
    selections = nodes[0]?.selectionSet?.selections ?? [];
  }
  return nodes;
}

/** graphql-js' error for what graphql-jit reported: its original error, located at the field's nodes. */
function located(operation: OperationDefinitionNode, error: GraphQLError): GraphQLError {
  // An error of no field (its variables: the lane checked them before) stays as it is.
  if (!error.path) return error;
  const original: unknown = error.originalError ?? new Error(error.message);
  return locatedError(original, fieldNodesAt(operation, error.path), error.path);
}
