/**
 * The single-object queries take an object's global id as well as its
 * provider's id (issue 22, item 12): `argilVideo(id:)` with the `video.id`
 * createArgilVideo answered, `kreaAsset`, `kreaJob`, `argilAsset`,
 * `kreaStyle`, `kreaNodeApp`, and a moment's avatar and voice. A global id of
 * another type is BAD_USER_INPUT naming the type expected, before any call.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codes, startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ sandbox: { kreaAssets: 5, argilAssets: 5, kreaJobs: 5, argilVideos: 3 } });
});
afterAll(() => stack.close());
beforeEach(() => stack.sandbox.controls.resetCalls());

const data = () => stack.sandbox.tenants[0]!.data;
const gid = (typename: string, id: string) => Buffer.from(`${typename}:${id}`).toString('base64');

describe('a global id where a provider id is taken', () => {
  it('finds the video createArgilVideo made by the id it answered', async () => {
    const avatar = data().argilAvatars[0]!;
    const created = await stack.query<{ createArgilVideo: { video: { id: string; providerId: string } } }>(
      'mutation($input: CreateArgilVideoInput!) { createArgilVideo(input: $input) { video { id providerId } } }',
      { input: { name: 'by its id', moments: [{ avatarId: avatar.id, transcript: 'Hello' }] } },
    );
    expect(created.errors).toBeUndefined();
    const { id, providerId } = created.data!.createArgilVideo.video;
    const read = await stack.query('query($id: UUID!) { argilVideo(id: $id) { id providerId } }', { id });
    expect(read.errors).toBeUndefined();
    expect(read.data).toEqual({ argilVideo: { id, providerId } });
    // The literal form, and the provider's id still.
    const literal = await stack.query(
      `{ a: argilVideo(id: "${id}") { id } b: argilVideo(id: "${providerId}") { id } }`,
    );
    expect(literal.data).toEqual({ a: { id }, b: { id } });
  });

  it('answers kreaAsset, kreaJob, argilAsset, kreaStyle and kreaNodeApp alike either way', async () => {
    const objects = {
      kreaAsset: ['KreaAsset', data().kreaAssets[0]!.id, 'UUID'],
      kreaJob: ['KreaJob', data().kreaJobs[0]!.job_id, 'UUID'],
      argilAsset: ['ArgilAsset', data().argilAssets[0]!.id, 'UUID'],
      kreaStyle: ['KreaStyle', data().kreaStyles[0]!.id, 'String'],
      kreaNodeApp: ['KreaNodeApp', data().kreaNodeApps[0]!.id, 'String'],
    } as const;
    for (const [field, [typename, providerId, type]] of Object.entries(objects)) {
      const query = `query($a: ${type}!, $b: ${type}!) { a: ${field}(id: $a) { id providerId } b: ${field}(id: $b) { id providerId } }`;
      const response = await stack.query(query, { a: gid(typename, providerId), b: providerId });
      expect(response.errors, field).toBeUndefined();
      const expected = { id: gid(typename, providerId), providerId };
      expect(response.data, field).toEqual({ a: expected, b: expected });
    }
  });

  it('takes an avatar and a voice by their global ids, and sends Argil their UUIDs', async () => {
    const [avatar, voice] = [data().argilAvatars[1]!, data().argilVoices[1]!];
    const created = await stack.query<{ createArgilVideo: { video: { providerId: string } } }>(
      'mutation($input: CreateArgilVideoInput!) { createArgilVideo(input: $input) { video { providerId } } }',
      {
        input: {
          name: 'global ids',
          moments: [
            { avatarId: gid('ArgilAvatar', avatar.id), voiceId: gid('ArgilVoice', voice.id), transcript: 'Hi' },
          ],
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const stored = data().argilVideos.find((video) => video.id === created.data!.createArgilVideo.video.providerId)!;
    expect(stored.moments[0]).toMatchObject({ avatarId: avatar.id, voiceId: voice.id });
  });
});

describe('a global id of another type', () => {
  it('is BAD_USER_INPUT naming the type expected, before any call', async () => {
    const asset = data().kreaAssets[0]!.id;
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      [
        'query($id: UUID!) { kreaAsset(id: $id) { id } }',
        { id: gid('ArgilAsset', asset) },
        /an ArgilAsset; expected a KreaAsset/,
      ],
      [
        'query($id: UUID!) { argilVideo(id: $id) { id } }',
        { id: gid('KreaJob', asset) },
        /KreaJob; expected an ArgilVideo/,
      ],
      [
        'query($id: String!) { kreaStyle(id: $id) { id } }',
        { id: gid('KreaAsset', asset) },
        /KreaAsset; expected a KreaStyle/,
      ],
      [
        'query($id: String!) { kreaNodeApp(id: $id) { id } }',
        { id: gid('KreaStyle', 'style-1') },
        /KreaStyle; expected a KreaNodeApp/,
      ],
    ];
    for (const [query, variables, message] of cases) {
      const response = await stack.query(query, variables);
      expect(codes(response), query).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0]!.message).toMatch(message);
      expect(response.errors![0]!.extensions!.field).toBe('id');
    }
    const moment = await stack.query(
      'mutation($input: CreateArgilVideoInput!) { createArgilVideo(input: $input) { video { id } } }',
      { input: { name: 'x', moments: [{ avatarId: gid('ArgilVoice', data().argilVoices[0]!.id), transcript: 'a' }] } },
    );
    expect(codes(moment)).toEqual(['BAD_USER_INPUT']);
    expect(moment.errors![0]!.extensions!.field).toBe('input.moments[0].avatarId');
    expect(stack.sandbox.controls.calls).toHaveLength(0);
  });

  it('neither a UUID nor a global id names both ways of asking, without echoing the value', async () => {
    const variable = await stack.query('query($id: UUID!) { kreaAsset(id: $id) { id } }', { id: 'zz-not-an-id-zz' });
    const literal = await stack.query('{ kreaAsset(id: "zz-not-an-id-zz") { id } }');
    for (const response of [variable, literal]) {
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0]!.message).toMatch(/providerId.*node\(id:\)/);
      expect(response.errors![0]!.message).not.toContain('zz-not-an-id-zz');
    }
    expect(stack.sandbox.controls.calls).toHaveLength(0);
  });
});
