/**
 * `/metrics` (Prometheus text), and the GraphQL-level counts behind it:
 * operations by type, errors by code. Upstream, loader and subscription
 * metrics are fed where they happen (services.ts).
 */
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from '../../metrics.js';

export interface MetricsOptions {
  metrics: GatewayMetrics;
  /** @default '/metrics' */
  endpoint?: string;
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
    onResultProcess({ result }) {
      for (const single of Array.isArray(result) ? result : [result]) {
        const errors = (single as { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }).errors ?? [];
        for (const error of errors) metrics.error(String(error.extensions?.code ?? 'UNKNOWN'));
      }
    },
  };
}
