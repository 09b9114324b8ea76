/**
 * Argil's webhooks through the graph (issue 24), over the sandbox:
 * createArgilWebhook (POST /webhooks; its signing secret handed to that
 * caller once), argilWebhooks (GET /webhooks) and node(id:),
 * updateArgilWebhook (PUT) and deleteArgilWebhook (DELETE, 204). The secret
 * never appears in a list, a node, a log line or Redis (response cache
 * and all), even when Argil's list carries one; ids of another type are refused before any call; Argil's
 * 404 and 401 come back coded.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startRedis } from '../helpers/redis.js';
import { codes, startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const lines: string[] = [];
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    sandbox: { kreaJobs: 2, kreaAssets: 2, argilAssets: 2, argilVideos: 2 },
    // Everything the gateway logs, at its most talkative level.
    gateway: { logger: createLogger('trace', { write: (line: string) => void lines.push(line) }) },
  });
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.sandbox.controls.resetCalls();
  stack.sandbox.controls.clearFaults();
});
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');
const endpoints = () => stack.sandbox.webhooks.argilEndpoints;

const CREATE = `mutation($input: CreateArgilWebhookInput!) {
  createArgilWebhook(input: $input) { signingSecret webhook { id providerId callbackUrl events lastTriggeredAt } }
}`;
type Created = {
  createArgilWebhook: {
    signingSecret: string | null;
    webhook: { id: string; providerId: string; callbackUrl: string; events: string[]; lastTriggeredAt: string | null };
  };
};
const LIST = '{ argilWebhooks { id providerId callbackUrl events createdAt } }';
const UPDATE = `mutation($id: ID!, $input: UpdateArgilWebhookInput!) {
  updateArgilWebhook(id: $id, input: $input) { webhook { id callbackUrl events } }
}`;
const DELETE = 'mutation($id: ID!) { deleteArgilWebhook(id: $id) { deletedId } }';

async function create(callbackUrl: string, events: string[]): Promise<Created['createArgilWebhook']> {
  const created = await stack.query<Created>(CREATE, { input: { callbackUrl, events } });
  expect(created.errors).toBeUndefined();
  return created.data!.createArgilWebhook;
}

describe('createArgilWebhook and argilWebhooks', () => {
  it('registers the endpoint with POST /webhooks and hands its secret to the creating caller, once', async () => {
    const created = await create('https://hooks.example.com/argil', [
      'VIDEO_GENERATION_SUCCESS',
      'AVATAR_TRAINING_FAILED',
    ]);
    const registered = endpoints().find((endpoint) => endpoint.id === created.webhook.providerId)!;
    expect(registered).toMatchObject({
      callbackUrl: 'https://hooks.example.com/argil',
      events: ['VIDEO_GENERATION_SUCCESS', 'AVATAR_TRAINING_FAILED'],
    });
    expect(created.signingSecret).toBe(registered.secret);
    expect(created.signingSecret).toMatch(/^whsec_/);
    expect(created.webhook).toMatchObject({ id: gid('ArgilWebhook', registered.id), lastTriggeredAt: null });
    expect(stack.sandbox.controls.count('argil', 'POST', '/v1/webhooks')).toBe(1);

    const listed = await stack.query<{ argilWebhooks: Array<{ id: string; callbackUrl: string }> }>(LIST);
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.argilWebhooks.map((webhook) => webhook.id)).toContain(created.webhook.id);
    const node = await stack.query('query($id: ID!) { node(id: $id) { ... on ArgilWebhook { callbackUrl } } }', {
      id: created.webhook.id,
    });
    expect(node.data).toEqual({ node: { callbackUrl: 'https://hooks.example.com/argil' } });
    for (const answer of [listed, node]) expect(JSON.stringify(answer)).not.toContain(registered.secret);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(registered.secret);
  });

  it('drops a secret Argil’s list might carry: no answer shows it', async () => {
    const leaked = 'whsec_c2hvdWxkLW5ldmVyLWJlLXNob3du';
    const webhook = {
      id: '6f1c7a8e-1d2b-4c3d-8e9f-0a1b2c3d4e5f',
      callbackUrl: 'https://hooks.example.com/other',
      events: ['VIDEO_GENERATION_FAILED'],
      createAt: '2026-01-02T03:04:05.000Z',
      secret: leaked,
    };
    stack.sandbox.controls.injectFault({
      provider: 'argil',
      method: 'GET',
      path: '/v1/webhooks',
      kind: 'status',
      status: 200,
      body: JSON.stringify([webhook]),
    });
    const listed = await stack.query(LIST);
    expect(listed.data).toEqual({
      argilWebhooks: [
        {
          id: gid('ArgilWebhook', webhook.id),
          providerId: webhook.id,
          callbackUrl: webhook.callbackUrl,
          events: webhook.events,
          createdAt: webhook.createAt,
        },
      ],
    });
    expect(JSON.stringify(listed)).not.toContain(leaked);
    expect(lines.join('\n')).not.toContain(leaked);
  });

  it('refuses a callbackUrl that is not http(s) and an empty list of events before any call', async () => {
    for (const [input, field] of [
      [{ callbackUrl: 'ftp://hooks.example.com/argil', events: ['VIDEO_GENERATION_SUCCESS'] }, 'input.callbackUrl'],
      [{ callbackUrl: 'https://hooks.example.com/argil', events: [] }, 'input.events'],
    ] as const) {
      const refused = await stack.query(CREATE, { input });
      expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
      expect(refused.errors![0]!.extensions!.field).toBe(field);
    }
    expect(stack.sandbox.controls.calls).toHaveLength(0);
  });

  it('codes a rejected key (401) as UNAUTHENTICATED', async () => {
    const denied = await stack.query(LIST, {}, { 'x-argil-api-key': 'not-a-key' });
    expect(codes(denied)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('updateArgilWebhook and deleteArgilWebhook', () => {
  it('changes only what is given with PUT /webhooks/{id}, then deletes it (204)', async () => {
    const created = await create('https://hooks.example.com/before', ['VIDEO_GENERATION_SUCCESS']);
    const id = created.webhook.id;
    const updated = await stack.query(UPDATE, {
      id,
      input: { events: ['VIDEO_GENERATION_SUCCESS', 'VIDEO_GENERATION_FAILED', 'VIDEO_GENERATION_SUCCESS'] },
    });
    expect(updated.data).toEqual({
      updateArgilWebhook: {
        webhook: {
          id,
          callbackUrl: 'https://hooks.example.com/before',
          events: ['VIDEO_GENERATION_SUCCESS', 'VIDEO_GENERATION_FAILED'],
        },
      },
    });
    const moved = await stack.query(UPDATE, { id, input: { callbackUrl: 'https://hooks.example.com/after' } });
    expect(moved.errors).toBeUndefined();
    expect(endpoints().find((endpoint) => endpoint.id === created.webhook.providerId)).toMatchObject({
      callbackUrl: 'https://hooks.example.com/after',
      events: ['VIDEO_GENERATION_SUCCESS', 'VIDEO_GENERATION_FAILED'],
    });
    expect(stack.sandbox.controls.count('argil', 'PUT', `/v1/webhooks/${created.webhook.providerId}`)).toBe(2);
    expect(JSON.stringify([updated, moved])).not.toContain(created.signingSecret!);

    expect((await stack.query(DELETE, { id })).data).toEqual({ deleteArgilWebhook: { deletedId: id } });
    expect(endpoints().some((endpoint) => endpoint.id === created.webhook.providerId)).toBe(false);
    const listed = await stack.query<{ argilWebhooks: Array<{ id: string }> }>(LIST);
    expect(listed.data!.argilWebhooks.map((webhook) => webhook.id)).not.toContain(id);
    expect(codes(await stack.query(DELETE, { id }))).toEqual(['NOT_FOUND']);
  });

  it('refuses another type’s id and an empty change before any call; a missing webhook is NOT_FOUND', async () => {
    const video = gid('ArgilVideo', stack.sandbox.tenants[0]!.data.argilVideos[0]!.id);
    const someWebhook = gid('ArgilWebhook', '7d4f0a6b-2c1e-4f3a-9b8c-1d2e3f4a5b6c');
    const refusals = [
      [UPDATE, { id: video, input: { events: ['VIDEO_GENERATION_FAILED'] } }, 'id'],
      [DELETE, { id: 'bm90LWFuLWlk' }, 'id'],
      [UPDATE, { id: someWebhook, input: {} }, 'input'],
      [UPDATE, { id: someWebhook, input: { events: [] } }, 'input.events'],
    ] as const;
    for (const [query, variables, field] of refusals) {
      const refused = await stack.query(query, variables);
      expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
      expect(refused.errors![0]!.extensions!.field).toBe(field);
    }
    expect(stack.sandbox.controls.calls).toHaveLength(0);

    const missing = await stack.query(UPDATE, { id: someWebhook, input: { events: ['VIDEO_GENERATION_FAILED'] } });
    expect(codes(missing)).toEqual(['NOT_FOUND']);
    expect(missing.errors![0]!.extensions!.provider).toBe('ARGIL');
    const unknown = await stack.query('query($id: ID!) { node(id: $id) { id } }', { id: someWebhook });
    expect(unknown.data).toEqual({ node: null });
  });
});

/** Every value Redis holds, whatever its type, as text. */
async function everything(reader: Redis): Promise<string> {
  const texts: string[] = [];
  for (const key of await reader.keys('*')) {
    const type = await reader.type(key);
    const value =
      type === 'string'
        ? await reader.get(key)
        : type === 'hash'
          ? await reader.hgetall(key)
          : type === 'list'
            ? await reader.lrange(key, 0, -1)
            : type === 'set'
              ? await reader.smembers(key)
              : type === 'zset'
                ? await reader.zrange(key, 0, -1)
                : await reader.xrange(key, '-', '+');
    texts.push(key, JSON.stringify(value));
  }
  return texts.join('\n');
}

describe('the signing secret and Redis', () => {
  it('never reaches Redis, with the response cache and every shared store there', async () => {
    const redis = await startRedis();
    const shared = await startStack({
      sharedSandbox: stack.sandbox,
      redisUrl: redis.url,
      gateway: { responseCacheTtlMs: 60_000 },
    });
    const reader = new Redis(redis.url, { lazyConnect: true });
    try {
      // Connected to Redis (a condition, polled; never a fixed sleep).
      for (let i = 0; i < 1_500 && !shared.services.shared!.up; i++) await new Promise((r) => setTimeout(r, 10));
      expect(shared.services.shared!.up).toBe(true);
      const created = await shared.query<Created>(CREATE, {
        input: { callbackUrl: 'https://hooks.example.com/shared', events: ['AVATAR_TRAINING_SUCCESS'] },
      });
      const secret = created.data!.createArgilWebhook.signingSecret!;
      expect(secret).toMatch(/^whsec_/);
      const lists = stack.sandbox.controls.count('argil', 'GET', '/v1/webhooks');
      for (let i = 0; i < 2; i++) expect((await shared.query(LIST)).errors).toBeUndefined();
      // The second list was answered from the cache, in Redis.
      expect(stack.sandbox.controls.count('argil', 'GET', '/v1/webhooks')).toBe(lists + 1);
      await reader.connect();
      const stored = await everything(reader);
      expect(stored).toContain('hooks.example.com/shared');
      expect(stored).not.toContain(secret);
    } finally {
      reader.disconnect();
      await shared.close();
      await redis.stop();
    }
  });
});
