/**
 * The operations the README and the e2e tests send, for the oracle: every
 * ```graphql block of the README and every string literal of test/e2e/ that
 * parses as one GraphQL query, valid over the schema and needing no
 * variable (a required variable would only be refused, both ways). Mutations
 * and subscriptions are left out: the first would spend or change the
 * sandbox, the second are the SSE/WebSocket part's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, validate } from 'graphql';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { OracleOperation } from './render.js';

const root = join(import.meta.dirname, '..', '..');

/** The README's ```graphql blocks. */
function readmeBlocks(): string[] {
  const text = readFileSync(join(root, 'README.md'), 'utf8');
  return [...text.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

/** String literals (quoted, or template literals without `${`) of the e2e tests that look like documents. */
function e2eLiterals(): string[] {
  const folder = join(root, 'test', 'e2e');
  const literals: string[] = [];
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.ts'))) {
    const text = readFileSync(join(folder, file), 'utf8');
    for (const match of text.matchAll(/'((?:query|\{)[^'\n]*)'|`((?:query|\{)[^`$]*)`/g)) {
      literals.push(match[1] ?? match[2]!);
    }
  }
  return literals;
}

function parsed(text: string): DocumentNode | undefined {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

/** One query, valid, with no required variable. */
function runnable(schema: GraphQLSchema, document: DocumentNode): boolean {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (operations.length !== 1 || operations[0]!.operation !== 'query') return false;
  const required = (operations[0]!.variableDefinitions ?? []).some(
    (variable) => variable.type.kind === Kind.NON_NULL_TYPE && variable.defaultValue === undefined,
  );
  return !required && validate(schema, document).length === 0;
}

export function harvestedOperations(schema: GraphQLSchema): OracleOperation[] {
  const seen = new Set<string>();
  const operations: OracleOperation[] = [];
  for (const [source, texts] of [
    ['README', readmeBlocks()],
    ['e2e', e2eLiterals()],
  ] as const) {
    for (const text of texts) {
      const query = text.trim();
      const document = parsed(query);
      if (seen.has(query) || !document || !runnable(schema, document)) continue;
      seen.add(query);
      operations.push({ name: `${source} #${operations.length}`, kind: 'query', query });
    }
  }
  return operations;
}
