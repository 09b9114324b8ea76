/**
 * End-user tokens (issue 23): a JWKS served on loopback by the test, tokens
 * signed with jose, every refusal class of the runtime contract over every
 * HTTP entry point and the WebSocket, and not one upstream call for a
 * refused request.
 */
import { SignJWT } from 'jose';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AUDIENCE, ISSUER, startIssuer } from '../helpers/jwks.js';
import type { TestIssuer } from '../helpers/jwks.js';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const QUERY = '{ kreaAssets(first: 2) { nodes { id } } }';
const SERVICE_KEY = 'service-key-for-tests';
const now = () => Math.floor(Date.now() / 1000);

let issuer: TestIssuer;
let stack: Stack;
let url: string;
const upstreamCalls = () => stack.sandbox.controls.count('krea') + stack.sandbox.controls.count('argil');

async function post(authorization: string | undefined, init: RequestInit = {}) {
  return fetch(url, {
    method: 'POST',
    ...init,
    headers: {
      'content-type': 'application/json',
      ...(authorization === undefined ? {} : { authorization }),
      ...(init.headers as Record<string, string> | undefined),
    },
    body: init.body ?? JSON.stringify({ query: QUERY }),
  });
}

async function expectRefused(response: Response, reason: RegExp, token?: string) {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe('Bearer');
  const text = await response.text();
  const body = JSON.parse(text) as { errors: Array<{ message: string; extensions: { code: string } }> };
  expect(body.errors).toHaveLength(1);
  expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
  expect(body.errors[0]!.message).toMatch(reason);
  if (token) {
    for (const part of token.split('.').filter((p) => p.length > 8)) expect(text).not.toContain(part);
  }
}

beforeAll(async () => {
  issuer = await startIssuer();
  stack = await startStack({
    sandbox: { kreaAssets: 5, argilAssets: 5, kreaJobs: 2 },
    gateway: {
      gatewayApiKeys: [SERVICE_KEY],
      tokens: { jwksUrl: issuer.jwksUrl, issuer: ISSUER, audience: AUDIENCE, keySetCooldownMs: 300 },
    },
  });
  url = await stack.listen();
});
afterAll(async () => {
  await stack.close();
  await issuer.close();
});
beforeEach(() => {
  stack.sandbox.controls.resetCalls();
  issuer.fault('none');
});

describe('a bearer JWT', () => {
  it('is accepted when valid, and the request reaches the provider', async () => {
    const response = await post(`Bearer ${await issuer.sign({ scope: 'media:read' })}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { kreaAssets: { nodes: unknown[] } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data.kreaAssets.nodes).toHaveLength(2);
    expect(upstreamCalls()).toBeGreaterThan(0);
  });

  it('is accepted up to 60 s past exp, and refused as expired beyond', async () => {
    const late = await issuer.sign({ exp: now() - 30 });
    expect((await post(`Bearer ${late}`)).status).toBe(200);
    stack.sandbox.controls.resetCalls();
    const expired = await issuer.sign({ exp: now() - 120 });
    await expectRefused(await post(`Bearer ${expired}`), /expired/, expired);
    expect(upstreamCalls()).toBe(0);
  });

  const refusals: Array<[string, () => Promise<string>, RegExp]> = [
    ['not yet valid', () => issuer.sign({ nbf: now() + 300 }), /not yet valid/],
    ['of another issuer', () => issuer.sign({ iss: 'https://evil.test/' }), /wrong issuer/],
    ['for another audience', () => issuer.sign({ aud: 'https://other.test' }), /wrong audience/],
    ['without exp', () => issuer.sign({}, { noExp: true }), /missing claim/],
    [
      'with a tampered payload',
      async () => {
        const [header, , signature] = (await issuer.sign({ scope: 'media:read' })).split('.');
        const payload = Buffer.from(
          JSON.stringify({ sub: 'admin', iss: ISSUER, aud: AUDIENCE, exp: now() + 3_600, scope: 'media:generate' }),
        ).toString('base64url');
        return `${header}.${payload}.${signature}`;
      },
      /bad signature/,
    ],
    [
      'with alg none',
      async () => {
        const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
        const payload = Buffer.from(JSON.stringify({ sub: 'x', iss: ISSUER, aud: AUDIENCE, exp: now() + 60 })).toString(
          'base64url',
        );
        return `${header}.${payload}.`;
      },
      /algorithm not allowed|malformed/,
    ],
    [
      'signed HS256 with the public key as the secret',
      async () => {
        const jwk = issuer.publicJwk();
        return new SignJWT({ sub: 'x', scope: 'media:generate' })
          .setProtectedHeader({ alg: 'HS256', kid: jwk.kid })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime(now() + 60)
          .sign(new TextEncoder().encode(JSON.stringify(jwk)));
      },
      /algorithm not allowed/,
    ],
    [
      'signed by a key the set does not publish',
      async () => issuer.signWith(await issuer.unpublished()),
      /unknown signing key/,
    ],
    ['that is no JWT', async () => 'not-a-token', /malformed/],
  ];
  for (const [what, make, reason] of refusals) {
    it(`is refused ${what}, naming the reason and not the token, with no upstream call`, async () => {
      const token = await make();
      await expectRefused(await post(`Bearer ${token}`), reason, token);
      expect(upstreamCalls()).toBe(0);
    });
  }

  it('is required: none at all is refused, and a GraphiQL page load is not', async () => {
    await expectRefused(await post(undefined), /bearer token is required/);
    await expectRefused(await post('Basic dXNlcjpwYXNz'), /bearer token is required/);
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(upstreamCalls()).toBe(0);
  });

  it('of a rotated key is accepted once the set publishes it (the set is fetched again for an unknown kid)', async () => {
    expect((await post(`Bearer ${await issuer.sign()}`)).status).toBe(200);
    const fetched = issuer.fetches();
    const kid = await issuer.rotate('ES256');
    const rotated = await issuer.sign({ scope: 'media:read' }, { kid });
    // Within the cooldown since the last fetch the new kid is unknown; after it, the set is fetched again.
    let status = 0;
    for (let attempt = 0; attempt < 100 && status !== 200; attempt++) {
      status = (await post(`Bearer ${rotated}`)).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
    expect(issuer.fetches()).toBeGreaterThan(fetched);
  });

  it('of a service (GATEWAY_API_KEYS) is accepted beside tokens', async () => {
    const response = await post(`Bearer ${SERVICE_KEY}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
  });
});

describe('two users behind one provider key', () => {
  it('each have their own idempotency keys: the same key makes each their own job', async () => {
    const generate = async (sub: string) => {
      const response = await post(`Bearer ${await issuer.sign({ sub, scope: 'media:read media:generate' })}`, {
        body: JSON.stringify({
          query:
            'mutation($k: String) { generateKreaImage(input: { bflFlux1Dev: { prompt: "a fox" } }, idempotencyKey: $k) { job { providerId } } }',
          variables: { k: 'shared-key' },
        }),
      });
      const body = (await response.json()) as { data: { generateKreaImage: { job: { providerId: string } } } };
      return body.data.generateKreaImage.job.providerId;
    };
    const alice = await generate('alice');
    expect(await generate('alice')).toBe(alice);
    const bob = await generate('bob');
    expect(bob).not.toBe(alice);
    expect(stack.sandbox.controls.count('krea', 'POST')).toBe(2);
  });
});

describe('a key set that is down, slow or garbage', () => {
  const fresh = async (fetchTimeoutMs = 5_000) =>
    startStack({
      sharedSandbox: stack.sandbox,
      gateway: { tokens: { jwksUrl: issuer.jwksUrl, issuer: ISSUER, audience: AUDIENCE, fetchTimeoutMs } },
    });

  for (const fault of ['down', 'garbage'] as const) {
    it(`refuses the token when the set is ${fault}, with no upstream call`, async () => {
      const gateway = await fresh();
      try {
        issuer.fault(fault);
        const token = await issuer.sign();
        const response = await gateway.gateway.fetch('http://gateway/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: QUERY }),
        });
        await expectRefused(response, /signing keys unavailable/, token);
        expect(upstreamCalls()).toBe(0);
      } finally {
        await gateway.close();
      }
    });
  }

  it('refuses the token when the set does not answer, within the fetch deadline (no hang)', async () => {
    const gateway = await fresh(500);
    try {
      issuer.fault('slow');
      const response = await gateway.gateway.fetch('http://gateway/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await issuer.sign()}` },
        body: JSON.stringify({ query: QUERY }),
      });
      await expectRefused(response, /signing keys unavailable/);
      expect(upstreamCalls()).toBe(0);
    } finally {
      await gateway.close();
    }
  });
});

describe('every entry point', () => {
  it('GET, SSE and multipart are refused without a valid token and served with one', async () => {
    const token = await issuer.sign({ scope: 'media:read' });
    const get = (authorization?: string) =>
      fetch(`${url}?query=${encodeURIComponent(QUERY)}`, {
        headers: authorization ? { authorization } : {},
      });
    await expectRefused(await get(), /required/);
    expect((await get(`Bearer ${token}`)).status).toBe(200);

    const sse = (authorization?: string) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({ query: QUERY }),
      });
    await expectRefused(await sse('Bearer nope.nope.nope'), /refused/);
    const streamed = await sse(`Bearer ${token}`);
    expect(streamed.status).toBe(200);
    expect(await streamed.text()).toContain('kreaAssets');

    const form = new FormData();
    form.set(
      'operations',
      JSON.stringify({
        query: 'mutation($f: File!) { uploadKreaAsset(input: { file: $f }) { asset { id } } }',
        variables: { f: null },
      }),
    );
    form.set('map', JSON.stringify({ 0: ['variables.f'] }));
    form.set('0', new Blob([Buffer.alloc(64)], { type: 'image/png' }), 'x.png');
    const multipart = await fetch(url, { method: 'POST', headers: { 'graphql-preflight': '1' }, body: form });
    await expectRefused(multipart, /required/);
    stack.sandbox.controls.resetCalls();
    await expectRefused(await get(`Bearer ${await issuer.sign({ exp: now() - 500 })}`), /expired/);
    expect(upstreamCalls()).toBe(0);
  });

  it('WebSocket: a connection is closed with 4403 without a valid token, and served with one (payload or upgrade header)', async () => {
    const ws = url.replace(/^http/, 'ws');
    const run = (connectionParams: Record<string, unknown>, headers: Record<string, string> = {}) => {
      const client = createClient({
        url: ws,
        connectionParams,
        retryAttempts: 0,
        lazy: true,
        webSocketImpl: class extends WebSocket {
          constructor(address: string, protocols: string | string[]) {
            super(address, protocols, { headers });
          }
        },
      });
      return new Promise<{ data?: unknown; closed?: number }>((resolve) => {
        client.subscribe(
          { query: QUERY },
          {
            next: (result) => resolve({ data: result.data }),
            error: (error) => resolve({ closed: (error as { code?: number }).code }),
            complete: () => undefined,
          },
        );
      }).finally(() => client.dispose());
    };
    const token = await issuer.sign({ scope: 'media:read' });
    expect(await run({})).toEqual({ closed: 4403 });
    expect(await run({ authorization: `Bearer ${await issuer.sign({ aud: 'elsewhere' })}` })).toEqual({ closed: 4403 });
    expect(upstreamCalls()).toBe(0);
    expect((await run({ authorization: `Bearer ${token}` })).data).toHaveProperty('kreaAssets');
    expect((await run({}, { authorization: `Bearer ${token}` })).data).toHaveProperty('kreaAssets');
  });
});
