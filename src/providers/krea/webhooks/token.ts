/**
 * The URL Krea is asked to deliver a job's webhook to (`X-Webhook-URL`):
 * `<PUBLIC_URL>/webhooks/krea/<token>`, where the token is minted per
 * generation with WEBHOOK_SECRET (the same on every replica): a random
 * nonce, when it was issued, the digest of the credential that started the
 * job, and an HMAC over all three. Never the credential itself.
 *
 * The token is minted before the POST, so it cannot name the job; the nonce
 * is what the job is bound to once Krea answers (bindings.ts).
 * It expires KREA_WEBHOOK_TOKEN_TTL_MS after it was issued, so one that
 * leaked is not a password for ever.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { WebhookConfig } from '../../../webhooks/config.js';

export { redactWebhookPath } from '../../../webhooks/redact.js';

/** How long after it was issued (just before the job's POST) a token is accepted. */
export const KREA_WEBHOOK_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
/** Replicas' clocks differ a little: a token issued this far "in the future" is still good. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const TOKEN_VERSION = 'v2';

/** What the gateway mints before a job's POST. */
export interface MintedKreaWebhook {
  url: string;
  /** Binds the token to the jobs Krea started with it (bindings.ts). */
  nonce: string;
}

export type VerifiedKreaToken =
  { ok: true; nonce: string; credentialDigest: string } | { ok: false; reason: 'forged' | 'expired' };

function sign(secret: string, nonce: string, issued: string, credentialDigest: string): string {
  return createHmac('sha256', secret)
    .update(`${TOKEN_VERSION}\n${nonce}\n${issued}\n${credentialDigest}`)
    .digest('base64url')
    .slice(0, 32);
}

export function mintKreaWebhook(config: WebhookConfig, credentialDigest: string): MintedKreaWebhook {
  const nonce = randomBytes(12).toString('base64url');
  const issued = Math.floor((config.now ?? Date.now)() / 1000).toString(36);
  const token = `${nonce}.${issued}.${credentialDigest}.${sign(config.secret, nonce, issued, credentialDigest)}`;
  return { url: `${config.publicUrl.replace(/\/+$/, '')}/webhooks/krea/${token}`, nonce };
}

/** Who a token was minted for, if it is genuine and still young enough. */
export function verifyKreaWebhookToken(config: WebhookConfig, token: string): VerifiedKreaToken {
  const [nonce, issued, digest, mac, extra] = token.split('.');
  if (!nonce || !issued || !digest || !mac || extra !== undefined || token.length > 200) {
    return { ok: false, reason: 'forged' };
  }
  const expected = Buffer.from(sign(config.secret, nonce, issued, digest));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'forged' };
  // Genuine, so `issued` is what this gateway wrote; age is only checked now.
  const age = (config.now ?? Date.now)() - parseInt(issued, 36) * 1000;
  if (age > KREA_WEBHOOK_TOKEN_TTL_MS || age < -CLOCK_SKEW_MS) return { ok: false, reason: 'expired' };
  return { ok: true, nonce, credentialDigest: digest };
}
