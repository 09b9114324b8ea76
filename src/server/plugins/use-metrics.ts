/**
 * `/metrics` (Prometheus text), and the GraphQL-level counts behind it:
 * operations by type, errors by code. Upstream, loader and subscription
 * metrics are fed where they happen (services.ts).
 */
import { getOperationAST } from 'graphql';
import type { ExecutionResult } from 'graphql';
import { isAsyncIterable, mapAsyncIterator } from 'graphql-yoga';
import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from '../../metrics.js';

export interface MetricsOptions {
  metrics: GatewayMetrics;
  /** @default '/metrics' */
  endpoint?: string;
}

type Coded = ReadonlyArray<{ extensions?: Record<string, unknown> }>;

/** Counts a payload's errors, those of its increments (@defer/@stream) too (the compiled lane counts its answers here too). */
export function countErrors(metrics: GatewayMetrics, payload: ExecutionResult): void {
  // Most results: nothing to count, and no lists made to find that out.
  if (payload.errors === undefined && !('incremental' in payload)) return;
  const increments = (payload as { incremental?: ReadonlyArray<{ errors?: Coded }> }).incremental ?? [];
  for (const errors of [payload.errors ?? [], ...increments.map((increment) => increment.errors ?? [])]) {
    for (const error of errors as Coded) metrics.error(String(error.extensions?.code ?? 'UNKNOWN'));
  }
}

export function useMetrics({ metrics, endpoint = '/metrics' }: MetricsOptions): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== endpoint) return;
      endResponse(
        new fetchAPI.Response(await metrics.registry.metrics(), {
          headers: { 'content-type': metrics.registry.contentType },
        }),
      );
    },
    onExecute({ args }) {
      metrics.operation(getOperationAST(args.document, args.operationName)?.operation ?? 'unknown');
    },
    onResultProcess({ result, setResult }) {
      if (isAsyncIterable(result)) {
        // Subscriptions and @defer/@stream: counted as their payloads go out.
        setResult(mapAsyncIterator(result, (payload: ExecutionResult) => (countErrors(metrics, payload), payload)));
        return;
      }
      for (const single of Array.isArray(result) ? result : [result]) countErrors(metrics, single as ExecutionResult);
    },
  };
}
