/**
 * The root fields of an operation the caller may not run, and the same
 * operation without them. Most root fields are non-null in the contract, so
 * a refusal thrown by a resolver would null the whole `data` and take the
 * allowed siblings with it; instead the forbidden fields are taken out of
 * the document before execution and put back in the result as null, each
 * with one FORBIDDEN error at its response key, in the operation's field
 * order (what Apollo Router does).
 *
 * The fields are collected as graphql-js' executor collects them (whose
 * collectFields the package does not export): aliases, inline fragments and
 * fragment spreads, @skip and @include with the request's variables. A
 * fragment deferred with @defer is collected like any other, so a forbidden
 * field in it is refused up front rather than run later.
 */
import {
  getDirectiveValues,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
} from 'graphql';
import type {
  DocumentNode,
  ExecutionArgs,
  ExecutionResult,
  FieldNode,
  FragmentDefinitionNode,
  OperationDefinitionNode,
  SelectionNode,
  SelectionSetNode,
} from 'graphql';
import { describeRequirement, requiredScopesOf, satisfies } from '../../schema/scopes.js';

export interface Refusals {
  /** Every response key of the root selection, in order. */
  keys: readonly string[];
  /** The forbidden ones, with their errors. */
  forbidden: ReadonlyMap<string, GraphQLError>;
}

type Variables = Record<string, unknown>;

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/** @skip and @include, as the executor reads them. */
function included(selection: SelectionNode, variables: Variables): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, selection, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, selection, variables)?.if !== false;
}

/** The root fields by response key, in order (the document is valid: no cycles, type conditions hold). */
function collectRootFields(
  set: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Variables,
  into = new Map<string, FieldNode[]>(),
  spread = new Set<string>(),
): Map<string, FieldNode[]> {
  for (const selection of set.selections) {
    if (!included(selection, variables)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      into.set(key, [...(into.get(key) ?? []), selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectRootFields(selection.selectionSet, fragments, variables, into, spread);
    } else if (!spread.has(selection.name.value)) {
      spread.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) collectRootFields(fragment.selectionSet, fragments, variables, into, spread);
    }
  }
  return into;
}

/**
 * What the caller holding `held` may not run of the operation, or undefined
 * when it may run all of it (or the operation cannot run at all: no such
 * operation, variables the executor will refuse).
 */
export function refusalsOf(args: ExecutionArgs, held: readonly string[]): Refusals | undefined {
  const operation = getOperationAST(args.document, args.operationName);
  const root = operation && args.schema.getRootType(operation.operation);
  if (!operation || !root) return undefined;
  const coerced = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {});
  if (!coerced.coerced) return undefined;
  const fields = collectRootFields(operation.selectionSet, fragmentsOf(args.document), coerced.coerced);
  const forbidden = new Map<string, GraphQLError>();
  for (const [key, nodes] of fields) {
    const field = root.getFields()[nodes[0]!.name.value];
    const requirement = field && requiredScopesOf(field);
    if (!requirement || satisfies(held, requirement)) continue;
    forbidden.set(
      key,
      new GraphQLError(`This field requires the ${describeRequirement(requirement)}`, {
        nodes,
        path: [key],
        extensions: { code: 'FORBIDDEN' },
      }),
    );
  }
  return forbidden.size > 0 ? { keys: [...fields.keys()], forbidden } : undefined;
}

/** The selection set without the fields of these response keys; spreads become inline fragments. */
function without(
  set: SelectionSetNode,
  keys: ReadonlyMap<string, unknown>,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): SelectionSetNode {
  const selections = set.selections.flatMap((selection): SelectionNode[] => {
    if (selection.kind === Kind.FIELD)
      return keys.has(selection.alias?.value ?? selection.name.value) ? [] : [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const inner = without(selection.selectionSet, keys, fragments);
      return inner.selections.length > 0 ? [{ ...selection, selectionSet: inner }] : [];
    }
    const fragment = fragments.get(selection.name.value);
    if (!fragment) return [];
    const inner = without(fragment.selectionSet, keys, fragments);
    if (inner.selections.length === 0) return [];
    return [
      {
        kind: Kind.INLINE_FRAGMENT,
        typeCondition: fragment.typeCondition,
        directives: selection.directives,
        selectionSet: inner,
      },
    ];
  });
  return { ...set, selections };
}

/** The document with the operation's forbidden root fields taken out (its other operations as they were). */
export function withoutForbidden(args: ExecutionArgs, refusals: Refusals): DocumentNode {
  const operation = getOperationAST(args.document, args.operationName)!;
  const fragments = fragmentsOf(args.document);
  const trimmed: OperationDefinitionNode = {
    ...operation,
    selectionSet: without(operation.selectionSet, refusals.forbidden, fragments),
  };
  return {
    ...args.document,
    definitions: args.document.definitions.map((definition) => (definition === operation ? trimmed : definition)),
  };
}

/** Whether nothing of the operation may run. */
export const refusesEverything = (refusals: Refusals): boolean =>
  refusals.keys.every((key) => refusals.forbidden.has(key));

/** The result with the forbidden fields back, as null, in the operation's order, and their errors first. */
export function withRefusals<T extends ExecutionResult>(result: T, refusals: Refusals): T {
  const errors = [...refusals.forbidden.values(), ...(result.errors ?? [])];
  // Data nulled by an error of a non-null field stays null; absent data (nothing ran) is all refusals.
  if (result.data === null) return { ...result, errors };
  const answered: Record<string, unknown> = result.data ?? {};
  const data: Record<string, unknown> = {};
  for (const key of refusals.keys) {
    if (refusals.forbidden.has(key)) data[key] = null;
    else if (key in answered) data[key] = answered[key];
  }
  // Anything the executor answered beyond the collected keys (there should be none) is kept.
  for (const [key, value] of Object.entries(answered)) if (!(key in data)) data[key] = value;
  return { ...result, data, errors };
}
