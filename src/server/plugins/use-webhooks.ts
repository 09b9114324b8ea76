/**
 * Provider webhooks on the gateway's own listener, outside GATEWAY_API_KEYS:
 *
 * - `POST /webhooks/krea/<token>`: Krea's delivery of a finished job to the
 *   `X-Webhook-URL` a generation carried. Krea signs nothing, so the token
 *   is the proof (webhooks/krea-token.ts: an HMAC with WEBHOOK_SECRET over a
 *   nonce and the credential's digest). The body only names the job: the
 *   job is re-read from Krea by the pollers of its subscribers (as Krea's
 *   docs advise), so a forged or stale body can publish nothing.
 * - `POST /webhooks/argil`: Argil's events, signed per Standard Webhooks
 *   (`webhook-id`, `webhook-timestamp`, `webhook-signature`, checked by the
 *   `standardwebhooks` library with its 5-minute tolerance), each id once.
 *
 * Either way a delivery only nudges the shared pollers of the object
 * (live/hub.ts) to poll now: subscribers see the change as fast as the
 * provider answers one GET, and a lost delivery is made good by the poll.
 * Bad, unsigned, replayed, oversized or unknown deliveries get a 4xx and
 * publish nothing; `mediagraph_webhooks_total{provider,outcome}` counts all.
 */
import { Webhook } from 'standardwebhooks';
import type { Plugin } from 'graphql-yoga';
import type { LiveHub } from '../../live/hub.js';
import type { GatewayMetrics } from '../../metrics.js';
import { UUID_PATTERN } from '../../providers/shapes.js';
import { verifyKreaWebhookToken } from '../../webhooks/krea-token.js';

/** Deliveries are small JSON documents. */
export const MAX_WEBHOOK_BYTES = 64 * 1024;

export interface WebhookOptions {
  live: LiveHub;
  /** With REDIS_URL: tells the other replicas' pollers too. */
  publish?: ((prefix: string) => void) | undefined;
  /** With REDIS_URL: whether no replica has seen this webhook id yet (undefined: Redis away). */
  firstSighting?: ((id: string) => Promise<boolean | undefined>) | undefined;
  metrics: GatewayMetrics;
  /** WEBHOOK_SECRET; Krea deliveries are refused (404) without it. */
  kreaSecret: () => string | undefined;
  /** ARGIL_WEBHOOK_SECRET (`whsec_…`); Argil deliveries are refused (404) without it. */
  argilSecret: () => string | undefined;
}

type Outcome = 'accepted' | 'forged' | 'malformed' | 'oversized' | 'replayed' | 'unknown-event' | 'unconfigured';

const STATUS: Record<Outcome, number> = {
  accepted: 202,
  forged: 401,
  malformed: 400,
  oversized: 413,
  replayed: 409,
  'unknown-event': 422,
  unconfigured: 404,
};

const ARGIL_EVENTS = new Set([
  'VIDEO_GENERATION_SUCCESS',
  'VIDEO_GENERATION_FAILED',
  'AVATAR_TRAINING_SUCCESS',
  'AVATAR_TRAINING_FAILED',
]);

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

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Webhook ids seen in the last 10 minutes (twice the signature tolerance), at most 100,000. */
class SeenIds {
  private readonly seen = new Map<string, number>();
  add(id: string, now = Date.now()): boolean {
    for (const [old, at] of this.seen) {
      if (now - at < 10 * 60_000 && this.seen.size < 100_000) break;
      this.seen.delete(old);
    }
    if (this.seen.has(id)) return false;
    this.seen.set(id, now);
    return true;
  }
}

export function useWebhooks(options: WebhookOptions): Plugin {
  const seen = new SeenIds();
  const nudge = (prefix: string) => {
    options.live.nudge(prefix);
    options.publish?.(prefix);
  };

  async function krea(token: string, request: Request): Promise<Outcome> {
    const secret = options.kreaSecret();
    if (secret === undefined) return 'unconfigured';
    const digest = verifyKreaWebhookToken(secret, token);
    if (digest === undefined) return 'forged';
    const text = await boundedText(request);
    if (text === undefined) return 'oversized';
    const job = parseObject(text);
    const id = job?.job_id ?? job?.id;
    if (typeof id !== 'string' || !UUID_PATTERN.test(id)) return 'malformed';
    nudge(`krea-job:${id.toLowerCase()}:${digest}`);
    return 'accepted';
  }

  async function argil(request: Request): Promise<Outcome> {
    const secret = options.argilSecret();
    if (secret === undefined) return 'unconfigured';
    const text = await boundedText(request);
    if (text === undefined) return 'oversized';
    const headers = {
      'webhook-id': request.headers.get('webhook-id') ?? '',
      'webhook-timestamp': request.headers.get('webhook-timestamp') ?? '',
      'webhook-signature': request.headers.get('webhook-signature') ?? '',
    };
    try {
      new Webhook(secret).verify(text, headers);
    } catch {
      // A bad or missing signature, or a timestamp outside the tolerance.
      return 'forged';
    }
    // New only if neither this replica nor (with Redis) any other has seen the id.
    const locallyNew = seen.add(headers['webhook-id']);
    const sharedNew = await options.firstSighting?.(headers['webhook-id']);
    if (!locallyNew || sharedNew === false) return 'replayed';
    const event = parseObject(text);
    const type = event?.event;
    const data = event?.data as Record<string, unknown> | undefined;
    if (typeof type !== 'string' || !ARGIL_EVENTS.has(type)) return 'unknown-event';
    const videoId = data?.videoId;
    if (type.startsWith('VIDEO_') && typeof videoId === 'string' && UUID_PATTERN.test(videoId)) {
      nudge(`argil-video:${videoId.toLowerCase()}:`);
    }
    return 'accepted';
  }

  return {
    onRequest({ url, request, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith('/webhooks/')) return;
      const provider =
        url.pathname === '/webhooks/argil' ? 'argil' : url.pathname.startsWith('/webhooks/krea/') ? 'krea' : undefined;
      const answer = (outcome: Outcome) => {
        options.metrics.webhook(provider ?? 'unknown', outcome);
        endResponse(
          new fetchAPI.Response(JSON.stringify({ outcome }), {
            status: STATUS[outcome],
            headers: { 'content-type': 'application/json' },
          }),
        );
      };
      if (request.method !== 'POST' || provider === undefined) return answer('unconfigured');
      const run = provider === 'krea' ? krea(url.pathname.slice('/webhooks/krea/'.length), request) : argil(request);
      return run.then(answer, () => answer('malformed'));
    },
  };
}
