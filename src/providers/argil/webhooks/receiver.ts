/**
 * Argil's webhook events: `POST /webhooks/argil`, signed per Standard
 * Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`, checked
 * by the `standardwebhooks` library with its 5-minute tolerance) with the
 * `whsec_…` secret Argil returned for the endpoint (ARGIL_WEBHOOK_SECRET).
 * A video's event nudges the pollers of that video, whoever watches it.
 */
import { watchKeyPrefix } from '../../../live/watch.js';
import { UUID_PATTERN } from '../../shapes.js';
import { parseObject } from '../../../webhooks/ingestion.js';
import type { WebhookOutcome, WebhookReceiver, WebhookTools } from '../../../webhooks/ingestion.js';

/** Ids are kept twice the signature tolerance: an older replay fails the signature check anyway. */
const SEEN_MS = 10 * 60_000;

const EVENTS = new Set([
  'VIDEO_GENERATION_SUCCESS',
  'VIDEO_GENERATION_FAILED',
  'AVATAR_TRAINING_SUCCESS',
  'AVATAR_TRAINING_FAILED',
]);

export function argilWebhookReceiver(
  tools: WebhookTools,
  /** ARGIL_WEBHOOK_SECRET as it is now; deliveries are refused (404) without it. */
  secretOf: () => string | undefined,
): WebhookReceiver {
  const seen = tools.deliveries(SEEN_MS);
  return {
    tokenInPath: false,
    async receive({ request, text }): Promise<WebhookOutcome> {
      const secret = secretOf();
      if (secret === undefined) return 'unconfigured';
      const body = await text();
      if (body === undefined) return 'oversized';
      const headers = {
        'webhook-id': request.headers.get('webhook-id') ?? '',
        'webhook-timestamp': request.headers.get('webhook-timestamp') ?? '',
        'webhook-signature': request.headers.get('webhook-signature') ?? '',
      };
      // Loaded with the first delivery: most processes never take one.
      const { Webhook } = await import('standardwebhooks');
      try {
        new Webhook(secret).verify(body, headers);
      } catch {
        // A bad or missing signature, or a timestamp outside the tolerance.
        return 'forged';
      }
      if (!(await seen.first(`argil:${headers['webhook-id']}`))) return 'duplicate';
      const event = parseObject(body);
      const type = event?.event;
      const data = event?.data as Record<string, unknown> | undefined;
      if (typeof type !== 'string' || !EVENTS.has(type)) return 'unknown-event';
      const videoId = data?.videoId;
      if (type.startsWith('VIDEO_') && typeof videoId === 'string' && UUID_PATTERN.test(videoId)) {
        tools.nudge(watchKeyPrefix('argil', 'video', videoId.toLowerCase()));
      }
      return 'accepted';
    },
  };
}
