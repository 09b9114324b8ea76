/**
 * Argil's avatars and voices cost credits (issue 24): createArgilAvatar 10
 * and createArgilVoice 5 by default, GENERATION_COSTS' argilAvatar and
 * argilVoice otherwise; charged before the POST, refused past the quota with
 * nothing sent, free on a replay of the key, given back when Argil refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, ISSUER, startIssuer } from '../helpers/jwks.js';
import type { TestIssuer } from '../helpers/jwks.js';
import { codes, startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const LIMIT = 20;
const AVATAR =
  'mutation($key: String, $voiceId: UUID) { createArgilAvatar(input: { name: "Paid", image: { url: "https://a.example/p.png" }, voiceId: $voiceId }, idempotencyKey: $key) { avatar { providerId } } }';
const VOICE =
  'mutation($key: String) { createArgilVoice(input: { name: "Paid", audioUrl: "https://a.example/p.mp3" }, idempotencyKey: $key) { voice { providerId } } }';
const USED = '{ viewer { quota { used } } }';

let issuer: TestIssuer;
let stack: Stack;
beforeAll(async () => {
  issuer = await startIssuer();
  stack = await startStack({
    sandbox: { kreaAssets: 2, kreaJobs: 2, argilAssets: 2, argilVideos: 2 },
    quotaPerDay: LIMIT,
    upstreamTimeoutMs: 30_000,
    gateway: { tokens: { jwksUrl: issuer.jwksUrl, issuer: ISSUER, audience: AUDIENCE, fetchTimeoutMs: 30_000 } },
  });
});
afterAll(async () => {
  await stack.close();
  await issuer.close();
});

async function as(sub: string, scope = 'media:read media:write media:generate'): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await issuer.sign({ sub, scope })}` };
}

async function usedBy(headers: Record<string, string>): Promise<number> {
  return (await stack.query<{ viewer: { quota: { used: number } } }>(USED, {}, headers)).data!.viewer.quota.used;
}

const posts = (path: string) => stack.sandbox.controls.count('argil', 'POST', new RegExp(`^/v1/${path}$`));

describe('credits for Argil avatars and voices', () => {
  it('charges each before its POST, a replayed key nothing, and refuses what is past the quota unsent', async () => {
    const headers = await as('argil-spender');
    expect((await stack.query(AVATAR, { key: 'paid-avatar' }, headers)).errors).toBeUndefined();
    expect(await usedBy(headers)).toBe(10);
    expect((await stack.query(VOICE, {}, headers)).errors).toBeUndefined();
    expect(await usedBy(headers)).toBe(15);

    const avatars = posts('avatars');
    expect((await stack.query(AVATAR, { key: 'paid-avatar' }, headers)).errors).toBeUndefined();
    expect(posts('avatars')).toBe(avatars);
    expect(await usedBy(headers)).toBe(15);

    const refused = await stack.query(AVATAR, {}, headers);
    expect(codes(refused)).toEqual(['QUOTA_EXCEEDED']);
    expect(refused.errors![0]!.extensions!.quota).toMatchObject({ limit: LIMIT, used: 15, cost: 10 });
    expect(posts('avatars')).toBe(avatars);
    expect((await stack.query(VOICE, {}, headers)).errors).toBeUndefined();
    expect(codes(await stack.query(VOICE, {}, headers))).toEqual(['QUOTA_EXCEEDED']);
    expect(await usedBy(headers)).toBe(LIMIT);
  });

  it('gives the credits back when Argil refuses the avatar (400)', async () => {
    const headers = await as('argil-refused');
    const unknownVoice = '00000000-0000-4000-8000-00000000abcd';
    expect(codes(await stack.query(AVATAR, { voiceId: unknownVoice }, headers))).toEqual(['BAD_USER_INPUT']);
    expect(await usedBy(headers)).toBe(0);
  });

  it('needs media:generate: media:write alone is FORBIDDEN with nothing sent', async () => {
    const headers = await as('argil-writer', 'media:read media:write');
    const sent = posts('voices');
    const refused = await stack.query(VOICE, {}, headers);
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    expect(posts('voices')).toBe(sent);
  });
});
