/**
 * OpenTelemetry: a real OTLP/HTTP receiver on loopback takes what the
 * gateway exports (configured by the standard OTEL_* variables) and the span
 * tree of a merged-feed query is checked: one server span for the operation,
 * a client span per upstream attempt under it (retries counted), the W3C
 * context sent to the providers, and nothing of the variables or
 * credentials anywhere in the export.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing, tracingRequested } from '../../src/telemetry/setup.js';
import type { Tracing } from '../../src/telemetry/setup.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  arrayValue?: { values: OtlpValue[] };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: OtlpValue }>;
}
interface Export {
  resourceSpans: Array<{
    resource: { attributes: Array<{ key: string; value: OtlpValue }> };
    scopeSpans: Array<{ spans: OtlpSpan[] }>;
  }>;
}

const SERVER = 2;
const CLIENT = 3;
const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((each) => each.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
};

const received: Export[] = [];
const bodies: string[] = [];
let receiver: ReturnType<typeof createServer>;
let tracing: Tracing;
let stack: Stack;
const spans = () => received.flatMap((each) => each.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces' && req.headers['content-type']?.includes('json')) {
        bodies.push(body);
        received.push(JSON.parse(body) as Export);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  process.env.OTEL_SERVICE_NAME = 'mediagraph-under-test';
  tracing = startTracing()!;
  stack = await startStack({ sandbox: { kreaAssets: 10, argilAssets: 10, kreaJobs: 0 } });
});
afterAll(async () => {
  await stack.close();
  await tracing.shutdown();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('configuration', () => {
  it('is off unless an OTLP endpoint is set, and off with OTEL_SDK_DISABLED or OTEL_TRACES_EXPORTER=none', () => {
    expect(tracingRequested({})).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' })).toBe(
      false,
    );
  });
});

describe('the span tree of a merged-feed query', () => {
  it('has the operation span, its upstream attempts under it (a retry counted), and the context sent upstream', async () => {
    received.length = 0;
    stack.sandbox.controls.resetCalls();
    // One 503 from Argil first: that attempt and its retry are two spans.
    stack.sandbox.controls.injectFault({ provider: 'argil', kind: 'status', status: 503, times: 1 });
    const clientTrace = '0af7651916cd43dd8448eb211c80319c';
    const response = await stack.query(
      'query Feed($first: Int!, $after: String) { assets(first: $first, after: $after) { nodes { __typename } } }',
      { first: 6, after: null },
      {
        traceparent: `00-${clientTrace}-b7ad6b7169203331-01`,
        'x-krea-token': 'sandbox-krea-key',
      },
    );
    expect(response.errors).toBeUndefined();
    await tracing.flush();

    const all = spans();
    const operation = all.filter((span) => span.kind === SERVER);
    expect(operation.map((span) => span.name)).toEqual(['query Feed']);
    const root = operation[0]!;
    // The client's trace continues: the operation is a child of its traceparent.
    expect(root.traceId).toBe(clientTrace);
    expect(root.parentSpanId).toBe('b7ad6b7169203331');
    expect(attribute(root, 'graphql.operation.type')).toBe('query');
    expect(attribute(root, 'graphql.operation.name')).toBe('Feed');

    const attempts = all.filter((span) => span.kind === CLIENT);
    expect(attempts.every((span) => span.parentSpanId === root.spanId && span.traceId === clientTrace)).toBe(true);
    const summary = attempts
      .map((span) => [
        attribute(span, 'mediagraph.provider'),
        attribute(span, 'http.response.status_code'),
        attribute(span, 'http.request.resend_count'),
      ])
      .sort((a, b) => String(a).localeCompare(String(b)));
    const calls = stack.sandbox.controls.calls;
    expect(attempts).toHaveLength(calls.length);
    expect(summary).toContainEqual(['argil', 503, 0]);
    expect(summary).toContainEqual(['argil', 200, 1]);
    expect(summary.filter(([provider]) => provider === 'krea').every(([, status]) => status === 200)).toBe(true);
    expect(attempts.every((span) => typeof attribute(span, 'mediagraph.operation') === 'string')).toBe(true);

    // Every upstream request carried the trace context of its own attempt span.
    const sent = calls.map((call) => call.traceparent?.split('-'));
    expect(sent.every((parts) => parts?.[1] === clientTrace)).toBe(true);
    expect(new Set(sent.map((parts) => parts![2]))).toEqual(new Set(attempts.map((span) => span.spanId)));

    const resource = received[0]!.resourceSpans[0]!.resource.attributes;
    expect(resource.find((each) => each.key === 'service.name')?.value.stringValue).toBe('mediagraph-under-test');
  });

  it('exports no variable value and no credential', async () => {
    bodies.length = 0;
    await stack.query(
      'query One($id: UUID!) { kreaAsset(id: $id) { id } }',
      { id: '7f3c1e55-0000-4000-8000-00000000beef' },
      { 'x-krea-token': 'sandbox-krea-key' },
    );
    await tracing.flush();
    const exported = bodies.join('\n');
    expect(exported).toContain('query One');
    expect(exported).not.toContain('beef');
    expect(exported).not.toContain('sandbox-krea-key');
    expect(exported).not.toContain('sandbox-argil-key');
  });
});
