/**
 * A server span per GraphQL operation (telemetry/tracing.ts), active while
 * the operation runs, so the upstream attempts its resolvers make are its
 * children. Must come after any plugin that replaces the execute function:
 * it wraps the one they set. Answers served by the response
 * cache run no operation and make no span.
 */
import { context } from '@opentelemetry/api';
import { getOperationAST } from 'graphql';
import type { DocumentNode, ExecutionResult } from 'graphql';
import { isAsyncIterable, mapAsyncIterator } from 'graphql-yoga';
import type { Plugin } from 'graphql-yoga';
import { endOperationSpan, startOperationSpan, tracingOn } from '../../telemetry/tracing.js';

const codesOf = (result: ExecutionResult): string[] =>
  (result.errors ?? []).map((error) => String(error.extensions?.code ?? 'UNKNOWN'));

type Run = (args: never) => unknown;

/** Starts the span, runs the operation inside it, and ends it with the answer (or the stream's end). */
function traced(
  document: DocumentNode,
  operationName: string | null | undefined,
  contextValue: unknown,
  run: Run,
): Run {
  const operation = getOperationAST(document, operationName);
  const request = (contextValue as { request?: Request } | undefined)?.request;
  const { span, active } = startOperationSpan(
    operation?.operation ?? 'query',
    operation?.name?.value,
    request?.headers,
  );
  const finish = (result: unknown): unknown => {
    if (!isAsyncIterable(result)) {
      endOperationSpan(span, codesOf(result as ExecutionResult));
      return result;
    }
    const codes: string[] = [];
    return mapAsyncIterator(
      result as AsyncIterable<ExecutionResult>,
      (payload) => {
        codes.push(...codesOf(payload));
        return payload;
      },
      undefined,
      () => endOperationSpan(span, codes),
    );
  };
  return (args) => {
    try {
      const result = context.with(active, () => run(args));
      return result instanceof Promise
        ? result.then(finish, (error: unknown) => {
            endOperationSpan(span, ['INTERNAL_SERVER_ERROR']);
            throw error;
          })
        : finish(result);
    } catch (error) {
      endOperationSpan(span, ['INTERNAL_SERVER_ERROR']);
      throw error;
    }
  };
}

export function useTracing(): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (!tracingOn()) return;
      setExecuteFn(traced(args.document, args.operationName, args.contextValue, executeFn as Run) as typeof executeFn);
    },
    onSubscribe({ args, subscribeFn, setSubscribeFn }) {
      if (!tracingOn()) return;
      setSubscribeFn(
        traced(args.document, args.operationName, args.contextValue, subscribeFn as Run) as typeof subscribeFn,
      );
    },
  };
}
