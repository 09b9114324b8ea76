/**
 * Appends errors that resolvers recorded without failing their field.
 *
 * The contract makes the provider connections non-null (`kreaAssets:
 * KreaAssetConnection!`), so a thrown error would null the whole `data` and
 * take the other provider's results with it. Instead such a field answers an
 * empty connection and records its error, which this plugin adds to the
 * result: the client gets the other provider's data and an error that names
 * the failing provider, at the failing field's path.
 */
import type { ExecutionResult, GraphQLError } from 'graphql';
import { isAsyncIterable, mapAsyncIterator } from 'graphql-yoga';
import type { Plugin } from 'graphql-yoga';

type Increments = { incremental?: ReadonlyArray<{ errors?: readonly GraphQLError[] }> };

export interface FieldErrorsOptions<TContext> {
  errorsOf: (context: TContext) => readonly GraphQLError[] | undefined;
}

/** The result with the errors its resolvers recorded appended (both lanes call it). */
export function withFieldErrors<T extends ExecutionResult>(
  result: T,
  recorded: readonly GraphQLError[] | undefined,
): T {
  if (!recorded || recorded.length === 0) return result;
  return { ...result, errors: [...(result.errors ?? []), ...recorded] };
}

export function useFieldErrors<TContext>({ errorsOf }: FieldErrorsOptions<TContext>): Plugin {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result)) {
            // @defer/@stream: each payload carries the errors recorded since the one before.
            let delivered = 0;
            setResult(
              mapAsyncIterator(result, (payload: ExecutionResult & Increments) => {
                const recorded = errorsOf(args.contextValue as TContext) ?? [];
                if (recorded.length === delivered) return payload;
                const fresh = recorded.slice(delivered);
                delivered = recorded.length;
                const [first, ...rest] = payload.incremental ?? [];
                if (!first) return { ...payload, errors: [...(payload.errors ?? []), ...fresh] };
                return {
                  ...payload,
                  incremental: [{ ...first, errors: [...(first.errors ?? []), ...fresh] }, ...rest],
                };
              }),
            );
            return;
          }
          const recorded = errorsOf(args.contextValue as TContext);
          if (recorded && recorded.length > 0) setResult(withFieldErrors(result, recorded));
        },
      };
    },
  };
}
