/**
 * The compiled lane's documents: each distinct document text is parsed and
 * validated once, by yoga's own enveloped parse and validate (the same
 * plugins' hooks and caches: bracket nesting, tokens, depth, aliases,
 * directives, field count, the rules of @defer/@stream, the value-error
 * codes), and kept in a bounded LRU with what the lane needs per request:
 * its operations' types and names. A document that does not parse or
 * validate, or uses @defer/@stream, is remembered as yoga's: yoga answers it
 * (with the same hooks, so with the same errors).
 *
 * Introspection off (INTROSPECTION=0) is yoga's plugin reading the request
 * in onRequestParse, which a document alone cannot reach: its rule, graphql-js'
 * NoSchemaIntrospectionCustomRule, is applied here too.
 */
import {
  BREAK,
  getOperationAST,
  Kind,
  NoSchemaIntrospectionCustomRule,
  validate as validateRules,
  visit,
} from 'graphql';
import type { DocumentNode, GraphQLError, GraphQLSchema, VariableDefinitionNode } from 'graphql';
import { createLRUCache } from 'graphql-yoga';

export interface LaneOperation {
  type: 'query' | 'mutation';
  name: string | undefined;
  /** Its variables, whose values are checked before it runs (empty: nothing to check). */
  variables: readonly VariableDefinitionNode[];
}

/** What the lane needs of yoga's parse and validate. */
export interface Enveloped {
  schema: GraphQLSchema;
  parse(source: string): DocumentNode;
  validate(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[];
}

let ids = 0;

export class PreparedDocument {
  /** Names this document in de-duplication keys (lane/dedupe.ts). */
  readonly id = ++ids;
  private readonly operations = new Map<string, LaneOperation | null>();

  constructor(readonly document: DocumentNode) {}

  /** The operation `name` picks, or undefined when there is none or it is a subscription (yoga's). */
  operation(name: string | undefined): LaneOperation | undefined {
    const key = name ?? '';
    let found = this.operations.get(key);
    if (found === undefined) {
      const operation = getOperationAST(this.document, name);
      found =
        operation && operation.operation !== 'subscription'
          ? {
              type: operation.operation === 'mutation' ? 'mutation' : 'query',
              name: operation.name?.value,
              variables: operation.variableDefinitions ?? [],
            }
          : null;
      // Only names the document has are kept: a client cannot grow the map with made-up ones.
      if (found || this.operations.size < 16) this.operations.set(key, found);
    }
    return found ?? undefined;
  }
}

function usesIncrementalDelivery(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.DIRECTIVE](node) {
      if (node.name.value !== 'defer' && node.name.value !== 'stream') return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

export interface DocumentCacheOptions {
  /** yoga's parse and validate, with every plugin's hooks (a fresh one per document). */
  enveloped: () => Enveloped;
  introspection: boolean;
  /** @default 1000 */
  max?: number;
  /** Longer documents are prepared every time, not kept (a client chooses them). @default 32_000 */
  maxKeptLength?: number;
}

export class DocumentCache {
  private readonly cache;
  private readonly maxKeptLength: number;

  constructor(private readonly options: DocumentCacheOptions) {
    this.cache = createLRUCache<PreparedDocument | false>({ max: options.max ?? 1_000, ttl: 3_600_000 });
    this.maxKeptLength = options.maxKeptLength ?? 32_000;
  }

  /** The prepared document, or undefined when it is yoga's to answer. */
  get(source: string): PreparedDocument | undefined {
    let prepared = this.cache.get(source);
    if (prepared === undefined) {
      prepared = this.prepare(source);
      if (source.length <= this.maxKeptLength) this.cache.set(source, prepared);
    }
    return prepared || undefined;
  }

  private prepare(source: string): PreparedDocument | false {
    const { schema, parse, validate } = this.options.enveloped();
    let document: DocumentNode;
    try {
      document = parse(source);
    } catch {
      return false;
    }
    if (validate(schema, document).length > 0) return false;
    if (!this.options.introspection && validateRules(schema, document, [NoSchemaIntrospectionCustomRule]).length > 0)
      return false;
    return usesIncrementalDelivery(document) ? false : new PreparedDocument(document);
  }
}
