/**
 * One operation written once, with its argument values in slots, printed in
 * several forms that must mean the same: every value as a literal, every
 * value as a variable, every value as a variable's default, and half and
 * half. The oracle runs each form; the forms are where executors disagree
 * (a literal argument reaches a resolver by another road than a variable).
 */
import {
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  parseType,
  typeFromAST,
} from 'graphql';
import type { GraphQLInputType } from 'graphql';

export type OperationKind = 'query' | 'mutation' | 'subscription';

/** What the oracle runs. */
export interface OracleOperation {
  /** What it covers and in which form: a failure names it. */
  name: string;
  kind: OperationKind;
  query: string;
  variables?: Record<string, unknown>;
}

/** One argument value, and the variable it becomes in the variable forms. */
export interface Slot {
  variable: string;
  /** The variable's type as written in a definition, e.g. `[ID!]!`. */
  type: string;
  value: unknown;
}

/** An operation whose argument values are `§name§` markers in `body`. */
export interface Template {
  name: string;
  kind: OperationKind;
  /** The operation's selection set, braces included; slot markers where values go. */
  body: string;
  /** Fragment definitions, slot markers allowed. */
  fragments?: string;
  slots: Slot[];
}

export type Form = 'literal' | 'variables' | 'defaults' | 'mixed';

/** Collects slots while a template's text is written: `slot('ID!', id)` returns the marker. */
export class SlotWriter {
  readonly slots: Slot[] = [];

  slot(type: string, value: unknown, variable = `v${this.slots.length}`): string {
    this.slots.push({ variable, type, value });
    return `§${variable}§`;
  }
}

/** A JSON-like value as a GraphQL literal of `type` (enum values bare, object keys unquoted). */
export function literal(value: unknown, type: GraphQLInputType | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (type && isNonNullType(type)) return literal(value, type.ofType);
  if (Array.isArray(value)) {
    const item = type && isListType(type) ? type.ofType : undefined;
    return `[${value.map((v) => literal(v, item)).join(', ')}]`;
  }
  if (type && isListType(type)) return literal(value, type.ofType);
  if (type && isEnumType(type) && typeof value === 'string') return value;
  if (typeof value === 'object') {
    const fields = type && isInputObjectType(type) ? type.getFields() : undefined;
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([key, v]) => `${key}: ${literal(v, fields?.[key]?.type)}`).join(', ')}}`;
  }
  // Strings: JSON's escapes are GraphQL's.
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function inputType(schema: GraphQLSchema, type: string): GraphQLInputType | undefined {
  return typeFromAST(schema, parseType(type) as never) as GraphQLInputType | undefined;
}

/** One form of a template. `operationName` names the operation (alphanumeric). */
export function render(schema: GraphQLSchema, template: Template, form: Form, operationName: string): OracleOperation {
  const asLiteral = (index: number) => form === 'literal' || (form === 'mixed' && index % 2 === 0);
  const used = template.slots.filter((slot, index) => !asLiteral(index));
  const text = (source: string) =>
    source.replace(/§(\w+)§/g, (_marker, name: string) => {
      const index = template.slots.findIndex((slot) => slot.variable === name);
      const slot = template.slots[index]!;
      return asLiteral(index) ? literal(slot.value, inputType(schema, slot.type)) : `$${name}`;
    });
  const definitions = used.map((slot) =>
    form === 'defaults'
      ? `$${slot.variable}: ${slot.type} = ${literal(slot.value, inputType(schema, slot.type))}`
      : `$${slot.variable}: ${slot.type}`,
  );
  const header = definitions.length > 0 ? `${operationName}(${definitions.join(', ')})` : operationName;
  const fragments = template.fragments ? `\n${text(template.fragments)}` : '';
  const operation: OracleOperation = {
    name: `${template.name} [${form}]`,
    kind: template.kind,
    query: `${template.kind} ${header} ${text(template.body)}${fragments}`,
  };
  if (form !== 'literal' && form !== 'defaults' && used.length > 0) {
    operation.variables = Object.fromEntries(used.map((slot) => [slot.variable, slot.value]));
  }
  return operation;
}
