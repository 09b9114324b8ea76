import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kreaWebhookUrl, verifyKreaWebhookToken } from '../../src/webhooks/krea-token.js';

const config = { publicUrl: 'https://media.example.com/', secret: 'a-secret-of-sixteen-chars' };
const tokenOf = (url: string) => url.slice('https://media.example.com/webhooks/krea/'.length);

describe('Krea webhook tokens', () => {
  it('verify to the credential digest they were minted for, and differ every time', () => {
    const first = kreaWebhookUrl(config, 'digest-a');
    const second = kreaWebhookUrl(config, 'digest-a');
    expect(first).toMatch(/^https:\/\/media\.example\.com\/webhooks\/krea\/[A-Za-z0-9_-]+\.digest-a\.[A-Za-z0-9_-]+$/);
    expect(first).not.toBe(second);
    expect(verifyKreaWebhookToken(config.secret, tokenOf(first))).toBe('digest-a');
    expect(verifyKreaWebhookToken('another-secret-of-16', tokenOf(first))).toBeUndefined();
  });

  it('refuses every edited or made-up token', () => {
    const token = tokenOf(kreaWebhookUrl(config, 'digest-a'));
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...'abcXYZ019_-.'), (at, ch) => {
        const edited = token.slice(0, at) + ch + token.slice(at + 1);
        fc.pre(edited !== token);
        expect(verifyKreaWebhookToken(config.secret, edited)).toBeUndefined();
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(verifyKreaWebhookToken(config.secret, text)).toBeUndefined();
      }),
    );
  });
});
