/**
 * Starting Krea jobs with a webhook (PUBLIC_URL set): a token is minted just
 * before the POST, sent as `X-Webhook-URL`, and bound to the jobs Krea names
 * in its answer, so a delivery for any other job is refused. Without
 * PUBLIC_URL the POST carries no webhook URL.
 */
import type { WebhookConfig } from '../../../webhooks/config.js';
import type { KreaWebhookBindings } from './bindings.js';
import { mintKreaWebhook } from './token.js';

/** Runs `start` with the webhook URL to send (if any) and binds the URL to the jobs it started. */
export type KreaWebhookStarter = <T>(
  start: (webhookUrl: string | undefined) => Promise<T>,
  jobIdsOf: (started: T) => readonly string[],
) => Promise<T>;

/** Shared by every request when no webhook is asked for (no closure per request). */
const withoutWebhook: KreaWebhookStarter = (start) => start(undefined);

export function kreaWebhookStarter(
  config: WebhookConfig | undefined,
  bindings: KreaWebhookBindings,
  credentialDigest: string,
): KreaWebhookStarter {
  if (!config) return withoutWebhook;
  return async (start, jobIdsOf) => {
    const minted = mintKreaWebhook(config, credentialDigest);
    const started = await start(minted.url);
    await bindings.bind(minted.nonce, jobIdsOf(started));
    return started;
  };
}
