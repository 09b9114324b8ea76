/**
 * Starts OpenTelemetry tracing when the standard variables ask for it: an
 * OTLP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT` or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), unless `OTEL_SDK_DISABLED=true` or
 * `OTEL_TRACES_EXPORTER=none`. Spans go over OTLP/HTTP (JSON) in batches;
 * the exporter itself reads the other `OTEL_EXPORTER_OTLP_*` variables
 * (headers, timeout), the batch processor `OTEL_BSP_*`, the resource
 * `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES`. Off: main.ts does not
 * load this module (requested.ts decides), so nothing is loaded beyond the
 * API, and no span is made.
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { tracingRequested } from './requested.js';
import type { Env } from './requested.js';
import { setTracingOn } from './tracing.js';

export { tracingRequested };

export interface Tracing {
  /** Exports what is pending. */
  flush(): Promise<void>;
  /** Exports what is pending and stops. */
  shutdown(): Promise<void>;
}

/** Starts tracing (process-wide) when `env` asks for it; undefined when it does not. */
export function startTracing(env: Env = process.env): Tracing | undefined {
  if (!tracingRequested(env)) return undefined;
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': 'mediagraph' }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // The global provider, AsyncLocalStorage context and W3C trace-context propagation.
  provider.register();
  setTracingOn(true);
  return {
    flush: () => provider.forceFlush(),
    async shutdown() {
      setTracingOn(false);
      await provider.shutdown();
    },
  };
}
