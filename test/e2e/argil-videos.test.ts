/**
 * Argil's videos, avatars and voices, and the one job feed (issue 13),
 * over the sandbox: walks of `argilVideos` both ways, create → render →
 * jobUpdates to DONE, refusals before any call, moments that share an
 * avatar cost one call, and `jobs` across both providers, with one failing
 * mid-walk.
 */
import { createClient } from 'graphql-sse';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codes, startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';
import { walkConnection } from '../helpers/walk.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ sandbox: { kreaJobs: 25, kreaAssets: 5, argilAssets: 5, argilVideos: 37 } });
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.sandbox.controls.resetCalls();
  stack.sandbox.controls.clearFaults();
});
const data = () => stack.sandbox.tenants[0]!.data;

type Page = {
  argilVideos: {
    totalCount: number;
    nodes: { providerId: string }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
};
const VIDEOS = `query($first: Int, $after: String, $last: Int, $before: String) {
  argilVideos(first: $first, after: $after, last: $last, before: $before) {
    totalCount nodes { providerId } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

describe('argilVideos', () => {
  it('walks forward and backward through every video at several sizes, with Argil’s total', async () => {
    const all = data().argilVideos.map((v) => v.id);
    for (const size of [1, 4, 10, 37, 100]) {
      const walk = { query: VIDEOS, field: 'argilVideos', size, maxPages: 60 };
      expect(await walkConnection(stack, { ...walk, direction: 'forward', total: all.length })).toEqual(all);
      expect(await walkConnection(stack, { ...walk, direction: 'backward' })).toEqual(all);
    }
  });

  it('maps a window inside one upstream page onto that one call', async () => {
    const first = await stack.query<Page>(VIDEOS, { first: 5 });
    stack.sandbox.controls.resetCalls();
    await stack.query<Page>(VIDEOS, { first: 5, after: first.data!.argilVideos.pageInfo.endCursor });
    expect(stack.sandbox.controls.count('argil', 'GET', '/v1/videos')).toBe(1);
  });
});

describe('refetching by global id', () => {
  it('gives each Argil video, avatar and voice back as its own type through node and nodes', async () => {
    const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');
    const ids = [
      gid('ArgilVideo', data().argilVideos[0]!.id),
      gid('ArgilAvatar', data().argilAvatars[0]!.id),
      gid('ArgilVoice', data().argilVoices[0]!.id),
    ];
    const response = await stack.query<{ nodes: Array<{ __typename: string; id: string }> }>(
      'query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Job { state } } }',
      { ids },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.nodes.map((n) => [n.__typename, n.id])).toEqual([
      ['ArgilVideo', ids[0]],
      ['ArgilAvatar', ids[1]],
      ['ArgilVoice', ids[2]],
    ]);
  });
});

describe('avatars and voices', () => {
  it('lists them as Argil gives them, with its filters, reading both spellings of the avatar timestamp', async () => {
    const response = await stack.query<{
      argilAvatars: { providerId: string; orientation: string }[];
      argilVoices: { gender: string }[];
    }>(
      '{ argilAvatars(orientation: "ASPECT_RATIO_9_16") { providerId name orientation gestures } argilVoices(gender: "FEMALE") { providerId name gender sampleUrl } }',
    );
    expect(response.errors).toBeUndefined();
    const expected = data()
      .argilAvatars.filter((a) => a.orientation === 'ASPECT_RATIO_9_16')
      .map((a) => a.id);
    expect(response.data!.argilAvatars.map((a) => a.providerId)).toEqual(expected);
    expect(response.data!.argilVoices.every((v) => v.gender === 'FEMALE')).toBe(true);
    const bad = await stack.query('{ argilAvatars(model: "NOPE") { id } }');
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(stack.sandbox.controls.count('argil', 'GET', '/v1/avatars')).toBe(1);
  });

  it('resolves moments that name the same avatar many times with one call', async () => {
    const avatar = data().argilAvatars[0]!;
    const voice = data().argilVoices[0]!;
    const moments = Array.from({ length: 8 }, (_, i) => ({
      transcript: `line ${i}`,
      avatarId: avatar.id,
      voiceId: voice.id,
    }));
    const created = await stack.query<{ createArgilVideo: { video: { providerId: string } } }>(
      'mutation($input: CreateArgilVideoInput!) { createArgilVideo(input: $input) { video { providerId } } }',
      { input: { name: 'many moments', moments } },
    );
    expect(created.errors).toBeUndefined();
    stack.sandbox.controls.resetCalls();
    const read = await stack.query<{
      argilVideo: { moments: { avatar: { name: string }; voice: { name: string } }[] };
    }>('query($id: UUID!) { argilVideo(id: $id) { moments { transcript avatar { name } voice { name } } } }', {
      id: created.data!.createArgilVideo.video.providerId,
    });
    expect(read.data!.argilVideo.moments).toHaveLength(8);
    expect(
      read.data!.argilVideo.moments.every((m) => m.avatar.name === avatar.name && m.voice.name === voice.name),
    ).toBe(true);
    expect(stack.sandbox.controls.count('argil', 'GET', `/v1/avatars/${avatar.id}`)).toBe(1);
    expect(stack.sandbox.controls.count('argil', 'GET', `/v1/voices/${voice.id}`)).toBe(1);
  });
});

describe('making an Argil video', () => {
  const CREATE =
    'mutation($input: CreateArgilVideoInput!) { createArgilVideo(input: $input) { video { id providerId state status providerStatus } } }';

  it('refuses what the document forbids before any upstream call', async () => {
    const avatarId = data().argilAvatars[0]!.id;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'x', moments: [] }, 'input.moments'],
      [{ name: 'x', moments: [{ avatarId }] }, 'input.moments[0]'],
      [
        { name: 'x', moments: [{ avatarId, transcript: 'a', audioUrl: 'https://example.com/a.mp3' }] },
        'input.moments[0]',
      ],
      [{ name: 'x', moments: [{ avatarId, transcript: 't'.repeat(251) }] }, 'input.moments[0].transcript'],
      [{ name: 'x', moments: [{ avatarId, transcript: 'a' }], aspectRatio: '4:3' }, 'input.aspectRatio'],
      [{ name: 'x', moments: [{ avatarId, transcript: 'a' }], model: 'ARGIL_V9' }, 'input.model'],
      [
        {
          name: 'x',
          moments: [{ avatarId, transcript: 'a' }],
          extras: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v'])),
        },
        'input.extras',
      ],
      [{ name: '', moments: [{ avatarId, transcript: 'a' }] }, 'input.name'],
    ];
    for (const [input, field] of cases) {
      const response = await stack.query(CREATE, { input });
      expect(codes(response), JSON.stringify(input).slice(0, 80)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0]!.extensions!.field).toBe(field);
    }
    expect(stack.sandbox.controls.calls).toHaveLength(0);
  });

  it('creates a DRAFT, renders it once per idempotency key, and watches it to DONE through jobUpdates beside a Krea job', async () => {
    const avatar = data().argilAvatars[1]!;
    const created = await stack.query<{
      createArgilVideo: { video: { id: string; providerId: string; state: string; status: string } };
    }>(CREATE, {
      input: {
        name: 'hello',
        moments: [{ avatarId: avatar.id, transcript: 'Hello there', gestureSlug: 'wave' }],
        aspectRatio: '16:9',
      },
    });
    expect(created.errors).toBeUndefined();
    const video = created.data!.createArgilVideo.video;
    expect(video).toMatchObject({ state: 'DRAFT', status: 'IDLE' });
    expect(data().argilVideos[0]!.moments).toEqual([
      { avatarId: avatar.id, transcript: 'Hello there', gestureSlug: 'wave' },
    ]);

    const RENDER =
      'mutation($id: ID!, $key: String) { renderArgilVideo(id: $id, idempotencyKey: $key) { video { state status } } }';
    const renders = await Promise.all(
      Array.from({ length: 5 }, () => stack.query(RENDER, { id: video.id, key: 'render-1' })),
    );
    for (const render of renders)
      expect(render.data).toEqual({ renderArgilVideo: { video: { state: 'QUEUED', status: 'IDLE' } } });
    expect(stack.sandbox.controls.count('argil', 'POST', `/v1/videos/${video.providerId}/render`)).toBe(1);

    const krea = await stack.query<{ generateKreaImage: { job: { id: string } } }>(
      'mutation { generateKreaImage(input: { bflFlux1Dev: { prompt: "beside it" } }) { job { id } } }',
    );
    const client = createClient({ url: await stack.listen(), retryAttempts: 0 });
    try {
      const watch = async (id: string) => {
        const states: string[] = [];
        let outputUrls: string[] = [];
        for await (const event of client.iterate<{ jobUpdates: { state: string; outputUrls: string[] } }>({
          query: 'subscription($id: ID!) { jobUpdates(id: $id) { state outputUrls } }',
          variables: { id },
        })) {
          expect(event.errors).toBeUndefined();
          states.push(event.data!.jobUpdates.state);
          outputUrls = event.data!.jobUpdates.outputUrls;
        }
        return { states, outputUrls };
      };
      const ticker = setInterval(() => stack.sandbox.advance(), 30);
      const [argil, kreaJob] = await Promise.all([watch(video.id), watch(krea.data!.generateKreaImage.job.id)]).finally(
        () => clearInterval(ticker),
      );
      // How many steps pass between two polls is the clock's business: the order is not.
      const order = ['QUEUED', 'RUNNING', 'SUCCEEDED'];
      expect(argil.states.map((state) => order.indexOf(state))).toEqual(
        [...argil.states.map((state) => order.indexOf(state))].sort(),
      );
      expect(argil.states).not.toContain('DRAFT');
      expect(argil.states[argil.states.length - 1]).toBe('SUCCEEDED');
      expect(kreaJob.states[kreaJob.states.length - 1]).toBe('SUCCEEDED');
      const file = await fetch(argil.outputUrls[0]!);
      expect(file.headers.get('content-type')).toBe('video/mp4');
      expect(
        Buffer.from(await file.arrayBuffer())
          .subarray(4, 8)
          .toString('latin1'),
      ).toBe('ftyp');
    } finally {
      client.dispose();
    }
  });

  it('deletes a video by its global id; a foreign id is BAD_USER_INPUT with no call, a missing one NOT_FOUND', async () => {
    const target = data().argilVideos[data().argilVideos.length - 1]!;
    const id = Buffer.from(`ArgilVideo:${target.id}`).toString('base64');
    const DELETE = 'mutation($id: ID!) { deleteArgilVideo(id: $id) { deletedId } }';
    expect((await stack.query(DELETE, { id })).data).toEqual({ deleteArgilVideo: { deletedId: id } });
    expect(codes(await stack.query(DELETE, { id }))).toEqual(['NOT_FOUND']);
    stack.sandbox.controls.resetCalls();
    expect(codes(await stack.query(DELETE, { id: Buffer.from(`KreaJob:${target.id}`).toString('base64') }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(stack.sandbox.controls.calls).toHaveLength(0);
  });
});

describe('the jobs feed', () => {
  type Jobs = {
    jobs: {
      nodes: { __typename: string; providerId: string; createdAt: string }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
  const JOBS = `query($first: Int, $after: String, $filter: JobFilter) {
    jobs(first: $first, after: $after, filter: $filter) {
      nodes { __typename createdAt ... on KreaJob { providerId } ... on ArgilVideo { providerId } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  /** Newest first; Krea before Argil at one instant; Krea by id, Argil in its own order. */
  const expected = () => {
    const entries = [
      ...data().kreaJobs.map((j) => ({ at: Date.parse(j.created_at), rank: 0, tie: j.job_id, id: j.job_id })),
      ...data().argilVideos.map((v, i) => ({
        at: Date.parse(v.createdAt),
        rank: 1,
        tie: String(i).padStart(6, '0'),
        id: v.id,
      })),
    ];
    entries.sort((a, b) => b.at - a.at || a.rank - b.rank || (a.tie < b.tie ? -1 : a.tie > b.tie ? 1 : 0));
    return entries.map((entry) => entry.id);
  };

  async function walk(
    first: number,
    filter?: Record<string, unknown>,
    between?: (page: number) => void,
  ): Promise<string[]> {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 200; page++) {
      between?.(page);
      const response: Awaited<ReturnType<typeof stack.query<Jobs>>> = await stack.query<Jobs>(JOBS, {
        first,
        after,
        filter,
      });
      seen.push(...response.data!.jobs.nodes.map((n) => n.providerId));
      if (!response.data!.jobs.pageInfo.hasNextPage) break;
      after = response.data!.jobs.pageInfo.endCursor;
    }
    return seen;
  }

  it('merges Krea jobs and Argil videos newest first, each once, at several sizes, one call per provider a page', async () => {
    for (const first of [3, 10, 50]) {
      stack.sandbox.controls.resetCalls();
      const seen = await walk(first);
      expect(seen).toEqual(expected());
      const pages = Math.ceil(seen.length / first) + 1;
      expect(stack.sandbox.controls.count('krea', 'GET', '/jobs')).toBeLessThanOrEqual(pages);
      expect(stack.sandbox.controls.count('argil', 'GET', '/v1/videos')).toBeLessThanOrEqual(pages);
    }
  });

  it('keeps Krea’s jobs coming while Argil fails mid-walk, and loses nothing once it is back', async () => {
    const seen = await walk(6, undefined, (page) => {
      if (page === 2)
        stack.sandbox.controls.injectFault({
          provider: 'argil',
          path: '/v1/videos',
          kind: 'status',
          status: 503,
          times: 8,
        });
    });
    expect([...seen].sort()).toEqual([...expected()].sort());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('filters by provider and state', async () => {
    const argilOnly = await walk(20, { providers: ['ARGIL'], states: ['SUCCEEDED'] });
    const done = data()
      .argilVideos.filter((v) => v.status === 'DONE')
      .map((v) => v.id);
    expect(argilOnly).toEqual(done);
  });
});
