/**
 * Gives bad input a code. graphql-js reports a wrong argument literal (a
 * malformed UUID, a string for an Int) as an ordinary validation error, and
 * a wrong variable value with no code at all; clients should see
 * BAD_USER_INPUT for both, as for every other bad argument, worded without
 * the value (variable-errors.ts; use-safe-errors.ts words the ones of
 * subscriptions, which never reach onExecuteDone).
 */
import { GraphQLError, validate, ValuesOfCorrectTypeRule } from 'graphql';
import type { ExecutionResult } from 'graphql';
import { isAsyncIterable } from 'graphql-yoga';
import type { Plugin } from 'graphql-yoga';
import { recode } from './recode.js';
import { describeVariableError, ownReason } from './variable-errors.js';

/**
 * A variable coercion error: coded (a scalar of ours brings its own code),
 * worded without the value, and a request error as a validation error is
 * (GraphQL over HTTP: 200 to `application/json` clients, 400 to
 * `application/graphql-response+json` ones; graphql-js' executor marks it
 * 400 for both).
 */
function variableError(error: GraphQLError, code: string): GraphQLError {
  const problem = describeVariableError(error.message, ownReason(error));
  const http = { ...(error.extensions?.http as object | undefined), status: 400, spec: true };
  return new GraphQLError(problem?.message ?? error.message, {
    nodes: error.nodes ?? null,
    source: error.source ?? null,
    positions: error.positions ?? null,
    extensions: {
      ...error.extensions,
      code: error.extensions?.code ?? code,
      http,
      ...(problem && { field: problem.field }),
    },
  });
}

/** The result with its variable coercion errors (those without a path) coded and worded (both lanes call it). */
export function withCodedVariableErrors<T extends ExecutionResult>(result: T, code = 'BAD_USER_INPUT'): T {
  // Errors without a path come from coercing the variables, before any field ran.
  if (!result.errors?.some((error) => !error.path)) return result;
  return { ...result, errors: result.errors.map((error) => (error.path ? error : variableError(error, code))) };
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
            error instanceof GraphQLError && valueErrors.has(error.message) ? recode(error, code) : error,
          ),
        );
      };
    },
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result)) return;
          const coded = withCodedVariableErrors(result, code);
          if (coded !== result) setResult(coded);
        },
      };
    },
  };
}
