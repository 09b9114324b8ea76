/**
 * The spans the gateway makes (OpenTelemetry API only; telemetry/setup.ts
 * starts the SDK). While tracing is off nothing here allocates a span or
 * touches a header: every entry point checks `tracingOn()` first.
 *
 * - a server span per GraphQL operation: its type and name, never its
 *   variables or document (server/plugins/use-tracing.ts);
 * - a client span per upstream attempt: provider, operation, method, status
 *   and retry number, with W3C `traceparent` sent to the provider
 *   (providers/http/attempt.ts).
 */
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Context, Span, TextMapGetter } from '@opentelemetry/api';

let on = false;

/** Set by telemetry/setup.ts once an exporter is configured. */
export function setTracingOn(value: boolean): void {
  on = value;
}

export const tracingOn = (): boolean => on;

const tracer = () => trace.getTracer('mediagraph');

const fromHeaders: TextMapGetter<Headers> = {
  keys: (headers) => [...headers.keys()],
  get: (headers, key) => headers.get(key) ?? undefined,
};

/** A server span for one operation, child of the caller's `traceparent` when it sent one. */
export function startOperationSpan(
  type: string,
  name: string | undefined,
  headers: Headers | undefined,
): { span: Span; active: Context } {
  const parent = headers ? propagation.extract(context.active(), headers, fromHeaders) : context.active();
  const span = tracer().startSpan(
    name ? `${type} ${name}` : type,
    {
      kind: SpanKind.SERVER,
      attributes: { 'graphql.operation.type': type, ...(name ? { 'graphql.operation.name': name } : {}) },
    },
    parent,
  );
  return { span, active: trace.setSpan(parent, span) };
}

/** Ends an operation span, as an error when the answer carried errors (their codes, not their messages). */
export function endOperationSpan(span: Span, codes: readonly string[]): void {
  if (codes.length > 0) {
    span.setAttribute('graphql.error.codes', [...new Set(codes)]);
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

export interface AttemptSpan {
  /** Headers to send with the attempt (`traceparent`, `tracestate`). */
  headers: Record<string, string>;
  end(outcome: number | string): void;
}

const NO_SPAN: AttemptSpan = { headers: {}, end: () => undefined };

/** A client span for one upstream attempt; its context goes to the provider. */
export function startAttemptSpan(provider: string, operation: string, method: string, attempt: number): AttemptSpan {
  if (!on) return NO_SPAN;
  const span = tracer().startSpan(`${provider} ${operation}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      'mediagraph.provider': provider,
      'mediagraph.operation': operation,
      'http.request.method': method,
      // The OpenTelemetry name for the retry number: 0 on the first attempt.
      'http.request.resend_count': attempt,
    },
  });
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), headers);
  return {
    headers,
    end(outcome) {
      if (typeof outcome === 'number') span.setAttribute('http.response.status_code', outcome);
      else span.setAttribute('error.type', outcome);
      if (typeof outcome !== 'number' || outcome >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
  };
}
