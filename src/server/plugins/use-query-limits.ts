/**
 * Limits on the shape of an operation, before it runs: tokens (while
 * parsing), aliases and directives (while validating), from graphql-armor.
 * Depth, breadth and cost are checked by the schema (Pothos complexity, see
 * schema/builder.ts). graphql-armor reports plain "Syntax Error"s; the ones
 * it rejected are recognised here and given the contract's QUERY_TOO_COMPLEX.
 */
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface QueryLimits {
  /** @default 5000 */
  maxTokens?: number;
  /** @default 20 */
  maxAliases?: number;
  /** @default 20 */
  maxDirectives?: number;
}

function tooComplex(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
    nodes: error.nodes ?? null,
    source: error.source ?? null,
    positions: error.positions ?? null,
    extensions: { ...error.extensions, code: 'QUERY_TOO_COMPLEX' },
  });
}

export function useQueryLimits({ maxTokens = 5_000, maxAliases = 20, maxDirectives = 20 }: QueryLimits = {}): Plugin[] {
  const rejected = new WeakSet<GraphQLError>();
  const onReject = [(_context: unknown, error: GraphQLError) => void rejected.add(error)];
  const recode: Plugin = {
    onParse() {
      return ({ result, replaceParseResult }) => {
        if (result instanceof GraphQLError && rejected.has(result)) replaceParseResult(tooComplex(result));
      };
    },
    onValidate() {
      return ({ valid, result, setResult }) => {
        if (valid) return;
        setResult(
          result.map((error: unknown) =>
            error instanceof GraphQLError && rejected.has(error) ? tooComplex(error) : error,
          ),
        );
      };
    },
  };
  return [
    maxTokensPlugin({ n: maxTokens, onReject }) as Plugin,
    maxAliasesPlugin({ n: maxAliases, onReject }) as Plugin,
    maxDirectivesPlugin({ n: maxDirectives, onReject }) as Plugin,
    recode,
  ];
}
