/**
 * Limits on the shape of an operation, before it runs: bracket nesting
 * (before parsing, document-nesting.ts), tokens (while parsing), depth,
 * aliases and directives (while validating), from graphql-armor; depth
 * counts introspection too. Every field selection,
 * repeated ones included, is counted before validation (count-fields.ts).
 * Cost is checked by the schema (Pothos complexity, see schema/builder.ts).
 * graphql-armor reports plain "Syntax Error"s; the ones it rejected are
 * recognised here and given the contract's QUERY_TOO_COMPLEX.
 */
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError } from 'graphql';
import type { DocumentNode, Source, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { countFieldSelections } from './count-fields.js';
import { nestsDeeperThan } from './document-nesting.js';
import { recode } from './recode.js';

export interface QueryLimits {
  /** @default 5000 */
  maxTokens?: number;
  /** Counts introspection too: GraphiQL's own query measures 15. @default 16 */
  maxDepth?: number;
  /** @default 20 */
  maxAliases?: number;
  /** @default 20 */
  maxDirectives?: number;
  /** Field selections, duplicates and fragments expanded, counted before validation. @default 500 */
  maxFields?: number;
  /** Brackets (`[`, `{`, `(`) open at once anywhere in the document, checked before parsing. @default 100 */
  maxNesting?: number;
  /** MAX_IDS_PER_OPERATION, checked with the variables (use-operation-budget.ts). @default 100 */
  maxIdsPerOperation?: number;
  /** MAX_PAID_MUTATIONS_PER_OPERATION, likewise. @default 5 */
  maxPaidMutationsPerOperation?: number;
}

type ParseFn = (source: string | Source, options?: object) => DocumentNode;

const tooComplex = (error: GraphQLError) =>
  recode(error, 'QUERY_TOO_COMPLEX', error.message.replace(/^Syntax Error: /, ''));

export function useQueryLimits({
  maxTokens = 5_000,
  maxDepth = 16,
  maxAliases = 20,
  maxDirectives = 20,
  maxFields = 500,
  maxNesting = 100,
}: QueryLimits = {}): Plugin[] {
  // While parsing, armor throws its error: recognise it afterwards.
  const rejected = new WeakSet<GraphQLError>();
  const onParseReject = [(_context: unknown, error: GraphQLError) => void rejected.add(error)];
  const recode: Plugin = {
    onParse() {
      return ({ result, replaceParseResult }) => {
        if (result instanceof GraphQLError && rejected.has(result)) replaceParseResult(tooComplex(result));
      };
    },
  };
  // Before the parser recurses (a stack overflow is a RangeError, answered 500),
  // and only when a document is really parsed (not one yoga has cached).
  // One wrapper per parse function (armor's is the same for every request).
  const guarded = new WeakMap<ParseFn, ParseFn>();
  const nesting: Plugin = {
    onParse({ parseFn, setParseFn }) {
      let guard = guarded.get(parseFn as ParseFn);
      if (!guard) {
        guard = (source, options) => {
          if (nestsDeeperThan(typeof source === 'string' ? source : source.body, maxNesting)) {
            throw new GraphQLError(`Syntax Error: The document nests brackets more than ${maxNesting} deep`, {
              extensions: { code: 'GRAPHQL_PARSE_FAILED' },
            });
          }
          return (parseFn as ParseFn)(source, options);
        };
        guarded.set(parseFn as ParseFn, guard);
      }
      setParseFn(guard);
    },
  };
  // While validating, report the coded error instead of letting armor throw.
  const validation = {
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(tooComplex(error))],
  };
  // Before validation, whose overlap checks are quadratic in repeated fields.
  // yoga hands the same parsed document to every request of one query: count it once.
  const counted = new WeakMap<DocumentNode, number>();
  const fields: Plugin = {
    onValidate({ params, setResult }) {
      let count = counted.get(params.documentAST);
      if (count === undefined) {
        count = countFieldSelections(params.documentAST, maxFields);
        counted.set(params.documentAST, count);
      }
      if (count <= maxFields) return;
      setResult([
        new GraphQLError(`The operation selects more than ${maxFields} fields (repeated ones count)`, {
          extensions: { code: 'QUERY_TOO_COMPLEX' },
        }),
      ]);
    },
  };
  return [
    fields,
    maxTokensPlugin({ n: maxTokens, onReject: onParseReject }) as Plugin,
    // After armor's, which sets its parse function without calling the one before.
    nesting,
    maxDepthPlugin({ n: maxDepth, flattenFragments: true, ignoreIntrospection: false, ...validation }) as Plugin,
    maxAliasesPlugin({ n: maxAliases, ...validation }) as Plugin,
    maxDirectivesPlugin({ n: maxDirectives, ...validation }) as Plugin,
    recode,
  ];
}
