/**
 * renderArgilVideo's `callbackUrl` (issue 24): Argil's one-shot callback
 * reaches the render's body once, whatever the retries of an idempotency
 * key, and the sandbox (as Argil) tells it of the render's end exactly
 * once; a URL that is not http(s) is refused before any call.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codes, startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

let stack: Stack;
let receiver: Server;
let callbackUrl: string;
/** What the callback URL received: one body per POST. */
const received: Array<{ event: string; data: { videoId: string } }> = [];

beforeAll(async () => {
  stack = await startStack({ sandbox: { kreaJobs: 2, kreaAssets: 2, argilAssets: 2, argilVideos: 2 } });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as (typeof received)[number]);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/render-done`;
});
afterAll(async () => {
  await stack.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => stack.sandbox.controls.resetCalls());
const data = () => stack.sandbox.tenants[0]!.data;

const RENDER = `mutation($id: ID!, $key: String, $callbackUrl: URL) {
  renderArgilVideo(id: $id, idempotencyKey: $key, callbackUrl: $callbackUrl) { video { status } }
}`;

async function draft(): Promise<{ id: string; providerId: string }> {
  const created = await stack.query<{ createArgilVideo: { video: { id: string; providerId: string } } }>(
    'mutation($input: CreateArgilVideoInput!) { createArgilVideo(input: $input) { video { id providerId } } }',
    { input: { name: 'called back', moments: [{ avatarId: data().argilAvatars[0]!.id, transcript: 'Hi' }] } },
  );
  expect(created.errors).toBeUndefined();
  return created.data!.createArgilVideo.video;
}

describe('renderArgilVideo(callbackUrl:)', () => {
  it('sends the callbackUrl in the one render POST, and Argil calls it back once when the render ends', async () => {
    const video = await draft();
    const renders = await Promise.all(
      [1, 2, 3].map(() => stack.query(RENDER, { id: video.id, key: 'with-callback', callbackUrl })),
    );
    for (const render of renders) expect(render.errors).toBeUndefined();
    expect(stack.sandbox.controls.count('argil', 'POST', `/v1/videos/${video.providerId}/render`)).toBe(1);
    const rendered = data().argilVideos.find((candidate) => candidate.id === video.providerId)!;
    expect(rendered.rendering?.callbackUrl).toBe(callbackUrl);

    for (let step = 0; step < 5; step++) stack.sandbox.advance();
    await stack.sandbox.webhooks.settle();
    expect(rendered.status).toBe('DONE');
    expect(received).toEqual([
      expect.objectContaining({
        event: 'VIDEO_GENERATION_SUCCESS',
        data: expect.objectContaining({ videoId: video.providerId }),
      }),
    ]);
  });

  it('sends no callbackUrl when none is given; refuses one that is not http(s), or another for the same key', async () => {
    const video = await draft();
    stack.sandbox.controls.resetCalls();
    const refused = await stack.query(RENDER, { id: video.id, callbackUrl: 'ftp://files.example.com/done' });
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors![0]!.extensions!.field).toBe('callbackUrl');
    expect(stack.sandbox.controls.calls).toHaveLength(0);

    expect((await stack.query(RENDER, { id: video.id, key: 'plain' })).errors).toBeUndefined();
    const rendered = data().argilVideos.find((candidate) => candidate.id === video.providerId)!;
    expect(rendered.rendering).toBeDefined();
    expect(rendered.rendering!.callbackUrl).toBeUndefined();
    const conflict = await stack.query(RENDER, { id: video.id, key: 'plain', callbackUrl });
    expect(codes(conflict)).toEqual(['BAD_USER_INPUT']);
    expect(stack.sandbox.controls.count('argil', 'POST', `/v1/videos/${video.providerId}/render`)).toBe(1);
  });
});
