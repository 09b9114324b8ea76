/**
 * Provider webhooks on the gateway's own listener, outside GATEWAY_API_KEYS:
 *
 * - `POST /webhooks/krea/<token>`: Krea's delivery of a finished job to the
 *   `X-Webhook-URL` a generation carried. Krea signs nothing, so the token
 *   is the proof (webhooks/krea-token.ts: an HMAC with WEBHOOK_SECRET over a
 *   nonce, its issue time and the credential's digest), good for 24 hours
 *   and only for the jobs it was bound to when Krea answered the POST
 *   (webhooks/krea-bindings.ts). The body only names the job: the job is
 *   re-read from Krea by the pollers of its subscribers (as Krea's docs
 *   advise), so a forged or stale body can publish nothing.
 * - `POST /webhooks/argil`: Argil's events, signed per Standard Webhooks
 *   (`webhook-id`, `webhook-timestamp`, `webhook-signature`, checked by the
 *   `standardwebhooks` library with its 5-minute tolerance).
 *
 * Either way a delivery only nudges the shared pollers of the object
 * (live/hub.ts) to poll now (at most once a second per poller): subscribers
 * see the change as fast as the provider answers one GET, and a lost
 * delivery is made good by the poll. A delivery already taken (the same
 * Argil `webhook-id`; the same Krea job and status) gets 200 and does
 * nothing, as senders retry whatever did not get a 2xx. Bad, unsigned,
 * expired, oversized or unknown deliveries get a 4xx and publish nothing;
 * `mediagraph_webhooks_total{provider,outcome}` counts all.
 */
import { Webhook } from 'standardwebhooks';
import type { Plugin } from 'graphql-yoga';
import type { LiveHub } from '../../live/hub.js';
import type { GatewayMetrics } from '../../metrics.js';
import { KREA_JOB_STATUSES, UUID_PATTERN } from '../../providers/shapes.js';
import type { KreaWebhookBindings } from '../../webhooks/krea-bindings.js';
import { KREA_WEBHOOK_TOKEN_TTL_MS, verifyKreaWebhookToken } from '../../webhooks/krea-token.js';
import type { WebhookConfig } from '../../webhooks/krea-token.js';
import { SeenDeliveries } from '../../webhooks/seen-deliveries.js';
import type { FirstSighting } from '../../webhooks/seen-deliveries.js';

/** Deliveries are small JSON documents. */
export const MAX_WEBHOOK_BYTES = 64 * 1024;

export interface WebhookOptions {
  live: LiveHub;
  /** With REDIS_URL: tells the other replicas' pollers too. */
  publish?: ((prefix: string) => void) | undefined;
  /** With REDIS_URL: whether no replica has taken this delivery yet (undefined: Redis away). */
  firstSighting?: FirstSighting | undefined;
  metrics: GatewayMetrics;
  /** PUBLIC_URL and WEBHOOK_SECRET; Krea deliveries are refused (404) without them. */
  krea: () => WebhookConfig | undefined;
  /** Which jobs each Krea token was minted for. */
  kreaBindings: KreaWebhookBindings;
  /** ARGIL_WEBHOOK_SECRET (`whsec_…`); Argil deliveries are refused (404) without it. */
  argilSecret: () => string | undefined;
}

type Outcome =
  | 'accepted'
  | 'duplicate'
  | 'expired'
  | 'forged'
  | 'malformed'
  | 'oversized'
  | 'unknown-event'
  | 'unconfigured'
  | 'wrong-job';

const STATUS: Record<Outcome, number> = {
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

/** Argil ids are kept twice the signature tolerance: an older replay fails the signature check anyway. */
const ARGIL_SEEN_MS = 10 * 60_000;
const KNOWN_KREA_STATUSES: ReadonlySet<string> = new Set(KREA_JOB_STATUSES);

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

/**
 * What a Krea delivery can tell: its job's status (the body is never
 * trusted beyond that). Statuses Krea has not documented count as one, so a
 * job yields a handful of news at most, whatever a replayer sends.
 */
const kreaNews = (jobId: string, status: unknown) =>
  `krea:${jobId}:${typeof status === 'string' && KNOWN_KREA_STATUSES.has(status) ? status : 'other'}`;

export function useWebhooks(options: WebhookOptions): Plugin {
  const kreaSeen = new SeenDeliveries(KREA_WEBHOOK_TOKEN_TTL_MS, options.firstSighting);
  const argilSeen = new SeenDeliveries(ARGIL_SEEN_MS, options.firstSighting);
  const nudge = (prefix: string) => {
    options.live.nudge(prefix);
    options.publish?.(prefix);
  };

  async function krea(token: string, request: Request): Promise<Outcome> {
    const config = options.krea();
    if (config === undefined) return 'unconfigured';
    const verified = verifyKreaWebhookToken(config, token);
    if (!verified.ok) return verified.reason;
    const text = await boundedText(request);
    if (text === undefined) return 'oversized';
    const job = parseObject(text);
    const id = job?.job_id ?? job?.id;
    if (typeof id !== 'string' || !UUID_PATTERN.test(id)) return 'malformed';
    const jobId = id.toLowerCase();
    if (!(await options.kreaBindings.isBound(verified.nonce, jobId))) return 'wrong-job';
    if (!(await kreaSeen.first(kreaNews(jobId, job?.status)))) return 'duplicate';
    nudge(`krea-job:${jobId}:${verified.credentialDigest}`);
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
    if (!(await argilSeen.first(`argil:${headers['webhook-id']}`))) return 'duplicate';
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
