/**
 * What one operation asks of the providers: how many ids it names (each one
 * an upstream GET, DELETE or POST) and how many paid mutations it runs,
 * across the whole document: aliases, repeated selections and every spread
 * of a fragment count. The schema marks what counts (schema/operation-cost.ts).
 *
 * Counted as written: @skip and @include do not lower the count. The walk
 * of the document is done once per document and operation (a plan of the
 * argument values that name ids); the values of its variables are counted
 * per request.
 */
import { getNamedType, getOperationAST, isInterfaceType, isObjectType, Kind } from 'graphql';
import type {
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  SelectionSetNode,
  ValueNode,
} from 'graphql';
import { isPaidMutation, namesUpstreamObjects, refusesOver } from '../../schema/operation-cost.js';

export interface IdValue {
  value: ValueNode;
  /** Its field refuses more items itself: then it counts nothing here. */
  refusesOver: number | undefined;
}

export interface UpstreamPlan {
  /** Paid mutations the operation runs. */
  paid: number;
  /** Argument values that name ids, one entry per selection that carries them. */
  idValues: IdValue[];
  /** Default values of the operation's variables, for variables a request leaves out. */
  defaults: ReadonlyMap<string, ValueNode>;
}

function fieldOf(parent: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

/** The plan of the operation `operationName` names, or undefined when there is no such operation. */
export function planUpstream(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
): UpstreamPlan | undefined {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const plan = { paid: 0, idValues: [] as IdValue[] };
  // The document is valid (this runs after validation): no cycles, no unknown fragments.
  // Its expanded size is bounded by the field limit (count-fields.ts), checked before.
  const walk = (set: SelectionSetNode, parent: GraphQLNamedType | undefined): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = fieldOf(parent, selection.name.value);
        if (!field) continue;
        if (isPaidMutation(field)) plan.paid++;
        for (const argument of selection.arguments ?? []) {
          const definition = field.args.find((arg) => arg.name === argument.name.value);
          if (definition && namesUpstreamObjects(definition)) {
            plan.idValues.push({ value: argument.value, refusesOver: refusesOver(definition) });
          }
        }
        if (selection.selectionSet) walk(selection.selectionSet, getNamedType(field.type));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition && schema.getType(selection.typeCondition.name.value);
        walk(selection.selectionSet, condition ?? parent);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value));
      }
    }
  };
  walk(operation.selectionSet, root);
  const defaults = new Map<string, ValueNode>();
  for (const variable of operation.variableDefinitions ?? []) {
    if (variable.defaultValue) defaults.set(variable.variable.name.value, variable.defaultValue);
  }
  return { ...plan, defaults };
}

/** Ids a raw variable value names: a list names one per item, anything else one, null none. */
function idsInRaw(raw: unknown): number {
  if (raw === null || raw === undefined) return 0;
  return Array.isArray(raw) ? raw.length : 1;
}

function idsIn(value: ValueNode, variables: Readonly<Record<string, unknown>>, plan: UpstreamPlan): number {
  switch (value.kind) {
    case Kind.NULL:
      return 0;
    case Kind.LIST:
      return value.values.reduce((sum, item) => sum + idsIn(item, variables, plan), 0);
    case Kind.VARIABLE: {
      const name = value.name.value;
      if (Object.hasOwn(variables, name)) return idsInRaw(variables[name]);
      const fallback = plan.defaults.get(name);
      return fallback ? idsIn(fallback, {}, plan) : 0;
    }
    default:
      return 1;
  }
}

/** The ids the plan's operation names with these (raw, uncoerced) variable values. */
export function countIds(plan: UpstreamPlan, variables: Readonly<Record<string, unknown>> | null | undefined): number {
  let total = 0;
  for (const { value, refusesOver } of plan.idValues) {
    const ids = idsIn(value, variables ?? {}, plan);
    if (refusesOver === undefined || ids <= refusesOver) total += ids;
  }
  return total;
}
