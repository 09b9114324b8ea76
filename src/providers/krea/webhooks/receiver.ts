/**
 * Krea's webhook deliveries: `POST /webhooks/krea/<token>`, a finished job
 * sent to the `X-Webhook-URL` a generation carried. Krea signs nothing, so
 * the token is the proof (token.ts: an HMAC with WEBHOOK_SECRET over a
 * nonce, its issue time and the credential's digest), good for 24 hours and
 * only for the jobs it was bound to when Krea answered the POST
 * (bindings.ts). The body only names the job: the job is re-read from Krea
 * by the pollers of its subscribers (as Krea's docs advise), so a forged or
 * stale body can publish nothing.
 */
import { watchKeyPrefix } from '../../../live/watch.js';
import { UUID_PATTERN } from '../../shapes.js';
import type { WebhookConfig } from '../../../webhooks/config.js';
import { parseObject } from '../../../webhooks/ingestion.js';
import type { WebhookOutcome, WebhookReceiver, WebhookTools } from '../../../webhooks/ingestion.js';
import { KREA_JOB_STATUSES } from '../shapes.js';
import type { KreaWebhookBindings } from './bindings.js';
import { KREA_WEBHOOK_TOKEN_TTL_MS, verifyKreaWebhookToken } from './token.js';

const KNOWN_STATUSES: ReadonlySet<string> = new Set(KREA_JOB_STATUSES);

/**
 * What a Krea delivery can tell: its job's status (the body is never
 * trusted beyond that). Statuses Krea has not documented count as one, so a
 * job yields a handful of news at most, whatever a replayer sends.
 */
const news = (jobId: string, status: unknown) =>
  `krea:${jobId}:${typeof status === 'string' && KNOWN_STATUSES.has(status) ? status : 'other'}`;

export function kreaWebhookReceiver(
  tools: WebhookTools,
  /** PUBLIC_URL and WEBHOOK_SECRET as they are now; deliveries are refused (404) without them. */
  config: () => WebhookConfig | undefined,
  bindings: KreaWebhookBindings,
): WebhookReceiver {
  const seen = tools.deliveries(KREA_WEBHOOK_TOKEN_TTL_MS);
  return {
    tokenInPath: true,
    async receive({ rest: token, text }): Promise<WebhookOutcome> {
      const current = config();
      if (current === undefined) return 'unconfigured';
      const verified = verifyKreaWebhookToken(current, token);
      if (!verified.ok) return verified.reason;
      const body = await text();
      if (body === undefined) return 'oversized';
      const job = parseObject(body);
      const id = job?.job_id ?? job?.id;
      if (typeof id !== 'string' || !UUID_PATTERN.test(id)) return 'malformed';
      const jobId = id.toLowerCase();
      if (!(await bindings.isBound(verified.nonce, jobId))) return 'wrong-job';
      if (!(await seen.first(news(jobId, job?.status)))) return 'duplicate';
      tools.nudge(`${watchKeyPrefix('krea', 'job', jobId)}${verified.credentialDigest}`);
      return 'accepted';
    },
  };
}
