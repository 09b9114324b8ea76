/**
 * Gives bad input a code. graphql-js reports a wrong argument literal (a
 * malformed UUID, a string for an Int) as an ordinary validation error, and
 * a wrong variable value with no code at all; clients should see
 * BAD_USER_INPUT for both, as for every other bad argument. (Their wording
 * without the value is use-safe-errors.ts'.)
 */
import { GraphQLError, validate, ValuesOfCorrectTypeRule } from 'graphql';
import { isAsyncIterable } from 'graphql-yoga';
import type { Plugin } from 'graphql-yoga';
import { recode } from './recode.js';
import { describeVariableError } from './variable-errors.js';

/** A variable coercion error, coded and worded without the value. */
function variableError(error: GraphQLError, code: string): GraphQLError {
  const problem = describeVariableError(error.message);
  if (!problem) return recode(error, code);
  const coded = recode(error, code, problem.message);
  return new GraphQLError(coded.message, {
    nodes: coded.nodes ?? null,
    extensions: { ...coded.extensions, field: problem.field },
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
            error instanceof GraphQLError && valueErrors.has(error.message) ? recode(error, code) : error,
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
              !error.path && !error.extensions?.code ? recode(error, code) : error,
            ),
          });
        },
      };
    },
  };
}
