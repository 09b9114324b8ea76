/**
 * Which lane answered a gateway's requests: the compiled lane
 * (src/server/lane/) or yoga, and why (mediagraph_lane_requests_total, read
 * from the gateway's own registry), and raw requests to compare both lanes:
 * one over the gateway's listener (where the compiled lane sits) and the
 * same one through `gateway.fetch` (yoga in-process).
 */
import { Agent, fetch } from 'undici';
import type { Stack } from './stack.js';

/** `compiled`, or `yoga/<reason>`, with counts. */
export async function laneCounts(stack: Stack): Promise<Map<string, number>> {
  const metric = await stack.services.metrics.registry.getSingleMetric('mediagraph_lane_requests_total')?.get();
  const counts = new Map<string, number>();
  for (const { labels, value } of metric?.values ?? []) {
    const key = labels.lane === 'compiled' ? 'compiled' : `yoga/${String(labels.reason)}`;
    counts.set(key, (counts.get(key) ?? 0) + value);
  }
  return counts;
}

/** Requests the compiled lane ran through a compiled plan (server/lane/plan.ts). */
export async function plannedCount(stack: Stack): Promise<number> {
  const metric = await stack.services.metrics.registry.getSingleMetric('mediagraph_lane_requests_total')?.get();
  const planned = metric?.values.filter(({ labels }) => labels.lane === 'compiled' && labels.reason === 'plan');
  return (planned ?? []).reduce((sum, { value }) => sum + value, 0);
}

/** The one key whose count moved between two readings (or `none`, or every key that moved). */
export function moved(before: Map<string, number>, after: Map<string, number>): string {
  const keys = [...after.keys()].filter((key) => (after.get(key) ?? 0) !== (before.get(key) ?? 0));
  return keys.length === 0 ? 'none' : keys.sort().join(' ');
}

export interface RawRequest {
  method?: string;
  /** Path and query string, e.g. `/graphql?query=…`. */
  path?: string;
  headers?: Record<string, string>;
  /** A string, or chunks sent without a Content-Length (chunked). */
  body?: string | readonly string[];
}

export interface RawAnswer {
  status: number;
  contentType: string | null;
  requestId: string | null;
  text: string;
}

const client = new Agent({ connections: 8 });

async function* chunks(parts: readonly string[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield Buffer.from(part);
}

function init(request: RawRequest) {
  const { body } = request;
  return {
    method: request.method ?? 'POST',
    headers: request.headers ?? {},
    // Both fetches take an async iterable (sent chunked); the DOM's RequestInit type does not say so.
    body: typeof body === 'string' || body === undefined ? body : (chunks(body) as unknown as string),
    ...(typeof body === 'object' && { duplex: 'half' as const }),
  };
}

async function read(response: {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}) {
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    requestId: response.headers.get('x-request-id'),
    text: await response.text(),
  };
}

/** The request over the gateway's listener. */
export async function overListener(stack: Stack, request: RawRequest): Promise<RawAnswer> {
  const url = new URL(await stack.listen());
  return read(await fetch(`${url.origin}${request.path ?? '/graphql'}`, { ...init(request), dispatcher: client }));
}

/** The same request through yoga in-process. */
export async function throughYoga(stack: Stack, request: RawRequest): Promise<RawAnswer> {
  return read(await stack.gateway.fetch(`http://gateway${request.path ?? '/graphql'}`, init(request)));
}
