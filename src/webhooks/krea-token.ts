/**
 * The URL Krea is asked to deliver a job's webhook to (`X-Webhook-URL`):
 * `<PUBLIC_URL>/webhooks/krea/<token>`, where the token is minted per
 * generation with WEBHOOK_SECRET (the same on every replica), so a delivery
 * can be told from a forgery without any state: a random nonce, the digest
 * of the credential that started the job, and an HMAC over both. Never the
 * credential itself.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface WebhookConfig {
  /** The gateway's external origin, e.g. https://media.example.com. */
  publicUrl: string;
  secret: string;
}

function sign(secret: string, nonce: string, credentialDigest: string): string {
  return createHmac('sha256', secret).update(`${nonce}\n${credentialDigest}`).digest('base64url').slice(0, 32);
}

export function kreaWebhookUrl(config: WebhookConfig, credentialDigest: string): string {
  const nonce = randomBytes(12).toString('base64url');
  const token = `${nonce}.${credentialDigest}.${sign(config.secret, nonce, credentialDigest)}`;
  return `${config.publicUrl.replace(/\/+$/, '')}/webhooks/krea/${token}`;
}

/** The credential digest a token was minted for, or undefined for a forged or malformed one. */
export function verifyKreaWebhookToken(secret: string, token: string): string | undefined {
  const [nonce, digest, mac, extra] = token.split('.');
  if (!nonce || !digest || !mac || extra !== undefined || token.length > 200) return undefined;
  const expected = Buffer.from(sign(secret, nonce, digest));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given) ? digest : undefined;
}
