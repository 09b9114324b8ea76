/**
 * Argil's avatar and voice creation through the graph (issue 24), over the
 * sandbox: createArgilAvatar (an image by URL or inline, TRAINING then IDLE
 * on the sandbox's clock), createArgilVoice (a @oneOf of model families,
 * each with its own settings), syncArgilVoices. Each sends exactly the body
 * the document describes (the sandbox keeps it), at most once per
 * idempotency key; bad input is refused before any call; Argil's 401, 400
 * and 422 come back coded.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codes, startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ sandbox: { kreaJobs: 2, kreaAssets: 2, argilAssets: 2, argilVideos: 2 } });
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.sandbox.controls.resetCalls();
  stack.sandbox.controls.clearFaults();
});
const data = () => stack.sandbox.tenants[0]!.data;
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

const AVATAR = `mutation($input: CreateArgilAvatarInput!, $key: String) {
  createArgilAvatar(input: $input, idempotencyKey: $key) { avatar { id providerId name status } }
}`;
type Avatar = { createArgilAvatar: { avatar: { id: string; providerId: string; name: string; status: string } } };
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('createArgilAvatar', () => {
  it('sends POST /avatars with the image by URL, a voice and extras, and the avatar trains to IDLE', async () => {
    const voice = data().argilVoices[0]!;
    const created = await stack.query<Avatar>(AVATAR, {
      input: {
        name: 'Presenter',
        image: { url: 'https://images.example.com/presenter.png' },
        voiceId: gid('ArgilVoice', voice.id),
        extras: { campaign: 'spring' },
      },
    });
    expect(created.errors).toBeUndefined();
    const avatar = created.data!.createArgilAvatar.avatar;
    expect(avatar).toMatchObject({ name: 'Presenter', status: 'TRAINING' });
    expect(stack.sandbox.controls.count('argil', 'POST', '/v1/avatars')).toBe(1);
    const made = data().argilAvatars.find((candidate) => candidate.id === avatar.providerId)!;
    expect(made.made!.request).toEqual({
      type: 'IMAGE',
      name: 'Presenter',
      datasetImage: { url: 'https://images.example.com/presenter.png' },
      voiceId: voice.id,
      extras: { campaign: 'spring' },
    });

    const NODE = 'query($id: ID!) { node(id: $id) { ... on ArgilAvatar { status } } }';
    stack.sandbox.advance();
    expect((await stack.query(NODE, { id: avatar.id })).data).toEqual({ node: { status: 'TRAINING' } });
    stack.sandbox.advance();
    expect((await stack.query(NODE, { id: avatar.id })).data).toEqual({ node: { status: 'IDLE' } });
  });

  it('sends an inline image as Argil’s base64 member, and makes one avatar per idempotency key', async () => {
    const input = { name: 'Inline', image: { base64: PNG } };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => stack.query<Avatar>(AVATAR, { input, key: 'avatar-once' })),
    );
    const ids = new Set(answers.map((answer) => answer.data?.createArgilAvatar.avatar.providerId));
    expect(ids.size).toBe(1);
    expect(stack.sandbox.controls.count('argil', 'POST', '/v1/avatars')).toBe(1);
    const made = data().argilAvatars.find((candidate) => ids.has(candidate.id))!;
    expect(made.made!.request).toEqual({ type: 'IMAGE', name: 'Inline', datasetImage: { base64: PNG } });

    const other = await stack.query(AVATAR, { input: { ...input, name: 'Other' }, key: 'avatar-once' });
    expect(codes(other)).toEqual(['BAD_USER_INPUT']);
    expect(stack.sandbox.controls.count('argil', 'POST', '/v1/avatars')).toBe(1);
  });

  it('refuses what the document forbids before any call, never echoing the image', async () => {
    const cases: Array<[Record<string, unknown>, string | undefined, string]> = [
      [{ name: '', image: { url: 'https://a.example/x.png' } }, undefined, 'input.name'],
      [{ name: 'x', image: { url: 'http://a.example/x.png' } }, undefined, 'input.image.url'],
      [{ name: 'x', image: { base64: 'not-a-data-uri-SECRETISH' } }, undefined, 'input.image.base64'],
      [{ name: 'x', image: { base64: 'data:image/gif;base64,R0lGOD' } }, undefined, 'input.image.base64'],
      [
        {
          name: 'x',
          image: { url: 'https://a.example/x.png' },
          voiceId: gid('ArgilAvatar', data().argilAvatars[0]!.id),
        },
        undefined,
        'input.voiceId',
      ],
      [
        {
          name: 'x',
          image: { url: 'https://a.example/x.png' },
          extras: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v'])),
        },
        undefined,
        'input.extras',
      ],
      [{ name: 'x', image: { url: 'https://a.example/x.png' } }, 'has space', 'idempotencyKey'],
    ];
    for (const [input, key, field] of cases) {
      const response = await stack.query(AVATAR, { input, key });
      expect(codes(response), field).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0]!.extensions!.field).toBe(field);
      expect(JSON.stringify(response)).not.toContain('SECRETISH');
    }
    const both = await stack.query(AVATAR, {
      input: { name: 'x', image: { url: 'https://a.example/x.png', base64: PNG } },
    });
    expect(codes(both)).toEqual(['BAD_USER_INPUT']);
    expect(stack.sandbox.controls.calls).toHaveLength(0);
  });

  it('codes Argil’s refusals: an unknown voice (400) and a wrong key (401)', async () => {
    const input = {
      name: 'x',
      image: { url: 'https://a.example/x.png' },
      voiceId: '00000000-0000-4000-8000-000000000009',
    };
    expect(codes(await stack.query(AVATAR, { input }))).toEqual(['BAD_USER_INPUT']);
    const denied = await stack.query(
      AVATAR,
      { input: { name: 'x', image: { base64: PNG } } },
      { 'x-argil-api-key': 'wrong' },
    );
    expect(codes(denied)).toEqual(['UNAUTHENTICATED']);
    expect(denied.errors![0]!.extensions!.provider).toBe('ARGIL');
    expect(stack.sandbox.controls.count('argil', 'POST', '/v1/avatars')).toBe(2);
  });
});

const VOICE = `mutation($input: CreateArgilVoiceInput!, $key: String) {
  createArgilVoice(input: $input, idempotencyKey: $key) { voice { id providerId name status } }
}`;
type Voice = { createArgilVoice: { voice: { id: string; providerId: string; name: string; status: string } } };
const AUDIO = 'https://audio.example.com/sample.mp3';

describe('createArgilVoice', () => {
  it('sends each model family’s settings under Argil’s names, and nothing for a model left out', async () => {
    const cases: Array<[Record<string, unknown> | undefined, Record<string, unknown>]> = [
      [undefined, {}],
      [{ elevenLabsV3: { stability: 0.4, style: 0 } }, { modelId: 'eleven_v3', voiceStability: 0.4, voiceStyle: 0 }],
      [
        { elevenLabs: { model: 'ELEVEN_TURBO_V2_5', similarity: 0.7, speed: 0.9, speakerBoost: false } },
        { modelId: 'eleven_turbo_v2_5', voiceSimilarity: 0.7, voiceSpeed: 0.9, speakerBoost: false },
      ],
      [
        { minimax: { model: 'SPEECH_2_8_HD', speed: 1.5, emotion: 'happy', languageBoost: 'French' } },
        { modelId: 'speech-2.8-hd', voiceSpeed: 1.5, emotion: 'happy', languageBoost: 'French' },
      ],
    ];
    for (const [model, settings] of cases) {
      const created = await stack.query<Voice>(VOICE, { input: { name: 'Narrator', audioUrl: AUDIO, model } });
      expect(created.errors).toBeUndefined();
      expect(created.data!.createArgilVoice.voice).toMatchObject({ name: 'Narrator', status: 'IDLE' });
      const voice = data().argilVoices.find((v) => v.id === created.data!.createArgilVoice.voice.providerId)!;
      expect(voice.request).toEqual({ name: 'Narrator', audioUrl: AUDIO, ...settings });
    }
    expect(stack.sandbox.controls.count('argil', 'POST', '/v1/voices')).toBe(cases.length);
  });

  it('clones once per idempotency key', async () => {
    const input = { name: 'Once', audioUrl: AUDIO };
    const answers = await Promise.all([1, 2, 3].map(() => stack.query<Voice>(VOICE, { input, key: 'voice-once' })));
    expect(new Set(answers.map((answer) => answer.data?.createArgilVoice.voice.providerId)).size).toBe(1);
    expect(stack.sandbox.controls.count('argil', 'POST', '/v1/voices')).toBe(1);
  });

  it('refuses settings out of their model’s range before any call; codes Argil’s 422', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'x', audioUrl: 'http://audio.example.com/a.mp3' }, 'input.audioUrl'],
      [{ name: '', audioUrl: AUDIO }, 'input.name'],
      [
        { name: 'x', audioUrl: AUDIO, model: { minimax: { model: 'SPEECH_02_HD', speed: 3 } } },
        'input.model.minimax.speed',
      ],
      [{ name: 'x', audioUrl: AUDIO, model: { elevenLabsV3: { speed: 0.5 } } }, 'input.model.elevenLabsV3.speed'],
      [
        { name: 'x', audioUrl: AUDIO, model: { elevenLabs: { model: 'ELEVEN_TURBO_V2', stability: 1.5 } } },
        'input.model.elevenLabs.stability',
      ],
    ];
    for (const [input, field] of cases) {
      const response = await stack.query(VOICE, { input });
      expect(codes(response), field).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0]!.extensions!.field).toBe(field);
    }
    const two = await stack.query(VOICE, {
      input: { name: 'x', audioUrl: AUDIO, model: { elevenLabsV3: {}, minimax: { model: 'SPEECH_02_HD' } } },
    });
    expect(codes(two)).toEqual(['BAD_USER_INPUT']);
    expect(stack.sandbox.controls.calls).toHaveLength(0);

    stack.sandbox.controls.injectFault({
      provider: 'argil',
      method: 'POST',
      path: '/v1/voices',
      kind: 'status',
      status: 422,
    });
    const refused = await stack.query(VOICE, { input: { name: 'x', audioUrl: AUDIO } });
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(stack.sandbox.controls.count('argil', 'POST', '/v1/voices')).toBe(1);
  });
});

describe('syncArgilVoices', () => {
  const SYNC = 'mutation($provider: ArgilVoiceProvider) { syncArgilVoices(provider: $provider) { provider } }';

  it('sends POST /voices/sync with the provider named (or none), and the imported voices are listed', async () => {
    const before = data().argilVoiceSyncs.length;
    expect((await stack.query(SYNC, {})).data).toEqual({ syncArgilVoices: { provider: null } });
    expect((await stack.query(SYNC, { provider: 'ELEVEN_LABS' })).data).toEqual({
      syncArgilVoices: { provider: 'ELEVEN_LABS' },
    });
    expect(data().argilVoiceSyncs.slice(before)).toEqual([{}, { providerName: 'ELEVEN_LABS' }]);
    expect(stack.sandbox.controls.count('argil', 'POST', '/v1/voices/sync')).toBe(2);
    const voices = await stack.query<{ argilVoices: { name: string }[] }>('{ argilVoices { name } }');
    expect(voices.data!.argilVoices.map((voice) => voice.name)).toEqual(
      expect.arrayContaining(['ElevenLabs Rachel', 'ElevenLabs Adam']),
    );
  });

  it('codes Argil’s 400 for a provider the workspace has not connected', async () => {
    const refused = await stack.query(SYNC, { provider: 'MINIMAX' });
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.data).toBeNull();
  });
});
