/**
 * Provider webhooks on the gateway's own listener, outside GATEWAY_API_KEYS:
 * `POST /webhooks/<provider>` (a signed delivery) or
 * `POST /webhooks/<provider>/<token>` (a token in the path), handed to the
 * receiver that provider's module makes (webhooks/ingestion.ts; Krea's and
 * Argil's are in their folders). The receiver proves the delivery, keeps
 * replays out, and nudges the shared pollers of the object (live/hub.ts) to
 * poll now (at most once a second per poller): subscribers see the change as
 * fast as the provider answers one GET, and a lost delivery is made good by
 * the poll. A delivery already taken gets 200 and does nothing, as senders
 * retry whatever did not get a 2xx. Bad, unsigned, expired, oversized or
 * unknown deliveries get a 4xx and publish nothing;
 * `mediagraph_webhooks_total{provider,outcome}` counts all.
 */
import type { Plugin } from 'graphql-yoga';
import type { LiveHub } from '../../live/hub.js';
import type { GatewayMetrics } from '../../metrics.js';
import type { WebhookOutcome, WebhookReceiver, WebhookTools } from '../../webhooks/ingestion.js';
import { SeenDeliveries } from '../../webhooks/seen-deliveries.js';
import type { FirstSighting } from '../../webhooks/seen-deliveries.js';

/** Deliveries are small JSON documents. */
export const MAX_WEBHOOK_BYTES = 64 * 1024;

/** A provider that takes webhooks: its name (the path's) and how it makes its receiver. */
export interface WebhookProvider {
  name: string;
  receiver: (tools: WebhookTools) => WebhookReceiver;
}

export interface WebhookOptions {
  live: LiveHub;
  /** With REDIS_URL: tells the other replicas' pollers too. */
  publish?: ((prefix: string) => void) | undefined;
  /** With REDIS_URL: whether no replica has taken this delivery yet (undefined: Redis away). */
  firstSighting?: FirstSighting | undefined;
  metrics: GatewayMetrics;
  providers: readonly WebhookProvider[];
}

const STATUS: Record<WebhookOutcome, number> = {
  accepted: 202,
  // Taken already: a 2xx, or the sender retries it again and again.
  duplicate: 200,
  expired: 410,
  forged: 401,
  malformed: 400,
  oversized: 413,
  'unknown-event': 422,
  unconfigured: 404,
  'wrong-job': 403,
};

/** The body as text, or undefined past `MAX_WEBHOOK_BYTES`. */
async function boundedText(request: Request): Promise<string | undefined> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_WEBHOOK_BYTES) return undefined;
  if (!request.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_WEBHOOK_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function useWebhooks(options: WebhookOptions): Plugin {
  const tools: WebhookTools = {
    deliveries: (ttlMs) => new SeenDeliveries(ttlMs, options.firstSighting),
    nudge: (prefix) => {
      options.live.nudge(prefix);
      options.publish?.(prefix);
    },
  };
  const receivers = options.providers.map(({ name, receiver }) => ({ name, receiver: receiver(tools) }));

  /** The provider a path is for, and what follows its name; undefined for any other path. */
  function route(path: string): { name: string; receiver: WebhookReceiver; rest: string } | undefined {
    for (const { name, receiver } of receivers) {
      const base = `/webhooks/${name}`;
      if (receiver.tokenInPath ? path.startsWith(`${base}/`) : path === base) {
        return { name, receiver, rest: path.slice(base.length + 1) };
      }
    }
    return undefined;
  }

  return {
    onRequest({ url, request, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith('/webhooks/')) return;
      const target = route(url.pathname);
      const answer = (outcome: WebhookOutcome) => {
        options.metrics.webhook(target?.name ?? 'unknown', outcome);
        endResponse(
          new fetchAPI.Response(JSON.stringify({ outcome }), {
            status: STATUS[outcome],
            headers: { 'content-type': 'application/json' },
          }),
        );
      };
      if (request.method !== 'POST' || target === undefined) return answer('unconfigured');
      const delivery = { rest: target.rest, request, text: () => boundedText(request) };
      return target.receiver.receive(delivery).then(answer, () => answer('malformed'));
    },
  };
}
