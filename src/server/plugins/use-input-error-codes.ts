/**
 * Gives bad input a code. graphql-js reports a wrong argument literal (a
 * malformed UUID, a string for an Int) as an ordinary validation error, and
 * a wrong variable value with no code at all; clients should see
 * BAD_USER_INPUT for both, as for every other bad argument.
 */
import { GraphQLError, validate, ValuesOfCorrectTypeRule } from 'graphql';
import { isAsyncIterable } from 'graphql-yoga';
import type { Plugin } from 'graphql-yoga';

/**
 * The same error with a code, and without its original error: a scalar's
 * parseValue may throw a plain TypeError ("Invalid URL"), which error masking
 * would otherwise hide behind "Unexpected error". Its message is already in
 * the GraphQL error's.
 */
function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes ?? null,
    source: error.source ?? null,
    positions: error.positions ?? null,
    path: error.path ?? null,
    extensions: { ...error.extensions, code },
  });
}

export function useInputErrorCodes(code = 'BAD_USER_INPUT'): Plugin {
  return {
    onValidate({ params }) {
      return ({ valid, result, setResult }) => {
        if (valid) return;
        // Only on the failure path: find which errors are about argument values.
        const valueErrors = new Set(
          validate(params.schema, params.documentAST, [ValuesOfCorrectTypeRule]).map((e) => e.message),
        );
        setResult(
          result.map((error: unknown) =>
            error instanceof GraphQLError && valueErrors.has(error.message) ? withCode(error, code) : error,
          ),
        );
      };
    },
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result) || !result.errors) return;
          // Errors without a path come from coercing the variables, before any field ran.
          if (!result.errors.some((error) => !error.path && !error.extensions?.code)) return;
          setResult({
            ...result,
            errors: result.errors.map((error) =>
              !error.path && !error.extensions?.code ? withCode(error, code) : error,
            ),
          });
        },
      };
    },
  };
}
