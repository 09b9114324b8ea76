/**
 * The compiled lane's documents: each distinct document text is parsed and
 * validated once, through the very plugins yoga runs for documents (the
 * same instances, server.ts' documentPlugins: bracket nesting, tokens,
 * depth, aliases, directives, field count, the rules of @defer/@stream, one
 * overlap rule), in an envelop of the lane's own over yoga's schema, and
 * kept in a bounded LRU with what the lane needs per request: its
 * operations' types and names. Its own envelop, so that nothing the lane
 * parses lands in yoga's parse cache without the decorations yoga's request
 * hooks give it. A document that does not parse or validate, or uses
 * @defer/@stream, is remembered as yoga's: yoga answers it, with the same
 * plugins, so with the same errors.
 *
 * Introspection off (INTROSPECTION=0) is yoga's plugin reading the request
 * in onRequestParse, which a document alone cannot reach: its rule, graphql-js'
 * NoSchemaIntrospectionCustomRule, is applied here.
 */
import {
  BREAK,
  getOperationAST,
  Kind,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  visit,
} from 'graphql';
import type { DocumentNode, GraphQLSchema, VariableDefinitionNode } from 'graphql';
import { createLRUCache, envelop, useSchema } from 'graphql-yoga';
import type { Plugin } from 'graphql-yoga';
import { withinQueryLimits } from '../../schema/complexity.js';
import { planOf } from './plan.js';
import type { Plan } from './plan.js';

export interface LaneOperation {
  type: 'query' | 'mutation';
  name: string | undefined;
  /** Its variables, whose values are checked before it runs (empty: nothing to check). */
  variables: readonly VariableDefinitionNode[];
  /** Its compiled plan (plan.ts), when graphql-jit may run it; graphql-js' execute otherwise. */
  plan: Plan | undefined;
  /** Found within the cost limits once for all (no variables: schema/complexity.ts); the schema checks otherwise. */
  withinLimits: boolean;
}

/** What preparing an operation needs besides its document. */
interface Preparation {
  schema: GraphQLSchema;
  /** Compile plans (COMPILED_PLANS). */
  plans: boolean;
  /** What the cost of a page is computed with (MAX_PAGE_SIZE). */
  maxPageSize: number;
}

/** An envelop plugin (yoga's plugins are, whatever their context type). */
export type DocumentPlugin = Parameters<typeof envelop>[0]['plugins'][number];

/** graphql-js' parse, validate and rules under the plugins, as yoga's engine sets them. */
const ENGINE: Plugin = {
  onParse: ({ setParseFn }) => setParseFn(parse),
  onValidate: ({ setValidationFn, addValidationRule }) => {
    setValidationFn(validate);
    for (const rule of specifiedRules) addValidationRule(rule);
  },
};

let ids = 0;
/** The key of the operation picked without a name. */
const ANONYMOUS = Symbol('no operation name');

export class PreparedDocument {
  /** Names this document in de-duplication keys (lane/dedupe.ts). */
  readonly id = ++ids;
  private readonly operations = new Map<string | typeof ANONYMOUS, LaneOperation | null>();

  constructor(
    readonly document: DocumentNode,
    private readonly preparation: Preparation,
  ) {}

  /** The operation `name` picks, or undefined when there is none or it is a subscription (yoga's). */
  operation(name: string | undefined): LaneOperation | undefined {
    // An empty name picks nothing (graphql-js' getOperationAST); only an absent one picks the sole operation.
    const key = name ?? ANONYMOUS;
    let found = this.operations.get(key);
    if (found === undefined) {
      const operation = getOperationAST(this.document, name);
      found =
        operation && operation.operation !== 'subscription'
          ? {
              type: operation.operation === 'mutation' ? 'mutation' : 'query',
              name: operation.name?.value,
              variables: operation.variableDefinitions ?? [],
              plan: this.preparation.plans ? planOf(this.preparation.schema, this.document, operation) : undefined,
              withinLimits: withinQueryLimits(this.preparation.schema, this.document, operation, this.preparation),
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
  /** The schema yoga executes (with @defer and @stream declared). */
  schema: GraphQLSchema;
  /** The plugins yoga runs on documents, the same instances (server.ts). */
  plugins: readonly DocumentPlugin[];
  introspection: boolean;
  /** Compile the queries plan.ts admits (COMPILED_PLANS). */
  plans: boolean;
  /** MAX_PAGE_SIZE: what the cost of a page is computed with. */
  maxPageSize: number;
  /** @default 1000 */
  max?: number;
  /** Longer documents are prepared every time, not kept (a client chooses them). @default 32_000 */
  maxKeptLength?: number;
}

export class DocumentCache {
  private readonly cache;
  private readonly maxKeptLength: number;
  private readonly enveloped;

  constructor(private readonly options: DocumentCacheOptions) {
    this.cache = createLRUCache<PreparedDocument | false>({ max: options.max ?? 1_000, ttl: 3_600_000 });
    this.maxKeptLength = options.maxKeptLength ?? 32_000;
    this.enveloped = envelop({ plugins: [ENGINE, useSchema(options.schema), ...options.plugins] });
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
    // A context of its own per document: no request's state reaches another document.
    const checks = this.enveloped({});
    let document: DocumentNode;
    try {
      document = checks.parse(source);
    } catch {
      return false;
    }
    const { schema } = this.options;
    if (checks.validate(schema, document).length > 0) return false;
    if (!this.options.introspection && validate(schema, document, [NoSchemaIntrospectionCustomRule]).length > 0)
      return false;
    return usesIncrementalDelivery(document) ? false : new PreparedDocument(document, this.options);
  }
}
