import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  KREA_WEBHOOK_TOKEN_TTL_MS,
  mintKreaWebhook,
  redactWebhookPath,
  verifyKreaWebhookToken,
} from '../../src/providers/krea/webhooks/token.js';

const config = { publicUrl: 'https://media.example.com/', secret: 'a-secret-of-sixteen-chars' };
const tokenOf = (url: string) => url.slice('https://media.example.com/webhooks/krea/'.length);

describe('Krea webhook tokens', () => {
  it('verify to the nonce and credential digest they were minted for, and differ every time', () => {
    const first = mintKreaWebhook(config, 'digest-a');
    const second = mintKreaWebhook(config, 'digest-a');
    expect(first.url).toMatch(
      /^https:\/\/media\.example\.com\/webhooks\/krea\/[A-Za-z0-9_-]+\.[0-9a-z]+\.digest-a\.[A-Za-z0-9_-]+$/,
    );
    expect(first.url).not.toBe(second.url);
    expect(first.nonce).not.toBe(second.nonce);
    expect(verifyKreaWebhookToken(config, tokenOf(first.url))).toEqual({
      ok: true,
      nonce: first.nonce,
      credentialDigest: 'digest-a',
    });
    expect(verifyKreaWebhookToken({ ...config, secret: 'another-secret-of-16' }, tokenOf(first.url))).toEqual({
      ok: false,
      reason: 'forged',
    });
  });

  it('expire a day after they were issued (and are not taken from far in the future)', () => {
    const issuedAt = Date.UTC(2030, 0, 1);
    const token = tokenOf(mintKreaWebhook({ ...config, now: () => issuedAt }, 'digest-a').url);
    const at = (ms: number) => verifyKreaWebhookToken({ ...config, now: () => ms }, token);
    expect(at(issuedAt + KREA_WEBHOOK_TOKEN_TTL_MS - 1_000).ok).toBe(true);
    expect(at(issuedAt + KREA_WEBHOOK_TOKEN_TTL_MS + 1_000)).toEqual({ ok: false, reason: 'expired' });
    expect(at(issuedAt - 60 * 60_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses every edited or made-up token', () => {
    const token = tokenOf(mintKreaWebhook(config, 'digest-a').url);
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...'abcXYZ019_-.'), (at, ch) => {
        const edited = token.slice(0, at) + ch + token.slice(at + 1);
        fc.pre(edited !== token);
        expect(verifyKreaWebhookToken(config, edited).ok).toBe(false);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(verifyKreaWebhookToken(config, text).ok).toBe(false);
      }),
    );
  });

  it('are hidden from paths that are logged', () => {
    const path = new URL(mintKreaWebhook(config, 'digest-a').url).pathname;
    expect(redactWebhookPath(path)).toBe('/webhooks/krea/[redacted]');
    expect(redactWebhookPath('/graphql')).toBe('/graphql');
    expect(redactWebhookPath('//webhooks/krea/a.b/c')).toBe('//webhooks/krea/[redacted]');
  });
});
