/**
 * The response cache (RESPONSE_CACHE_TTL_MS) with tokens (issue 23): users
 * of one organisation share the server-held provider keys, so an answer is
 * cached per subject and scopes as well as per credential. A user without
 * media:read never gets a reader's cached answer, and `viewer` is never
 * answered from another subject's entry.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUDIENCE, ISSUER, startIssuer } from '../helpers/jwks.js';
import type { TestIssuer } from '../helpers/jwks.js';
import { codes, startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const READ = '{ kreaAssets(first: 3) { nodes { id } } }';
const VIEWER = '{ viewer { subject scopes } }';

let issuer: TestIssuer;
let stack: Stack;

beforeAll(async () => {
  issuer = await startIssuer();
  stack = await startStack({
    sandbox: { kreaAssets: 10, argilAssets: 5, kreaJobs: 2 },
    gateway: { tokens: { jwksUrl: issuer.jwksUrl, issuer: ISSUER, audience: AUDIENCE }, responseCacheTtlMs: 60_000 },
  });
});
afterAll(async () => {
  await stack.close();
  await issuer.close();
});
beforeEach(() => stack.sandbox.controls.resetCalls());

const as = async (sub: string, scope: string) => ({ authorization: `Bearer ${await issuer.sign({ sub, scope })}` });
const gets = () => stack.sandbox.controls.count('krea', 'GET');

describe('the response cache with tokens', () => {
  it("never answers a user without media:read from a reader's entry, the same subject's neither", async () => {
    const reader = await as('alice', 'media:read');
    const first = await stack.query(READ, {}, reader);
    expect(first.errors).toBeUndefined();
    expect(gets()).toBe(1);
    // Cached for alice: answered again without a call.
    expect((await stack.query(READ, {}, reader)).data).toEqual(first.data);
    expect(gets()).toBe(1);

    for (const headers of [await as('bob', 'media:generate'), await as('alice', 'media:write')]) {
      const refused = await stack.query(READ, {}, headers);
      expect(refused.data).toEqual({ kreaAssets: null });
      expect(codes(refused)).toEqual(['FORBIDDEN']);
    }
    expect(gets()).toBe(1);
  });

  it("answers another reader from its own entry, and viewer from the asking subject's", async () => {
    const carol = await stack.query(READ, {}, await as('carol', 'media:read'));
    const dave = await stack.query(READ, {}, await as('dave', 'media:read'));
    expect(dave.data).toEqual(carol.data);
    expect(gets()).toBe(2);

    for (let round = 0; round < 2; round++) {
      for (const sub of ['carol', 'dave']) {
        const viewer = await stack.query(VIEWER, {}, await as(sub, 'media:read'));
        expect(viewer.data).toEqual({ viewer: { subject: `${sub}@${ISSUER}`, scopes: ['media:read'] } });
      }
    }
  });
});
