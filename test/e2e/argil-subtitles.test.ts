/**
 * Argil's subtitles through the graph (issue 24), over the sandbox:
 * `argilSubtitles` walks GET /subtitles both ways with Argil's total, its
 * styles are nodes, and `argilSubtitleExport` fetches the file (VTT or
 * ASS, with or without styling) as text, asking exactly what the document
 * says; an unknown video is null, a wrong key UNAUTHENTICATED.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codes, startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';
import { walkConnection } from '../helpers/walk.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ sandbox: { kreaJobs: 2, kreaAssets: 2, argilAssets: 2, argilVideos: 3 } });
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.sandbox.controls.resetCalls();
  stack.sandbox.controls.clearFaults();
});
const data = () => stack.sandbox.tenants[0]!.data;

type Page = {
  argilSubtitles: {
    totalCount: number;
    nodes: { id: string; providerId: string; name: string }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
};
const STYLES = `query($first: Int, $after: String, $last: Int, $before: String) {
  argilSubtitles(first: $first, after: $after, last: $last, before: $before) {
    totalCount nodes { id providerId name } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

describe('argilSubtitles', () => {
  it('walks every style forward and backward at several sizes, with Argil’s total', async () => {
    const all = data().argilSubtitleStyles.map((style) => style.id);
    expect(all.length).toBeGreaterThan(20);
    for (const size of [1, 7, 10, 23, 100]) {
      const walk = { query: STYLES, field: 'argilSubtitles', size, maxPages: 30 };
      expect(await walkConnection(stack, { ...walk, direction: 'forward', total: all.length })).toEqual(all);
      expect(await walkConnection(stack, { ...walk, direction: 'backward' })).toEqual(all);
    }
    // Every call asked what the document allows: pageSize from 1 to 100.
    for (const call of stack.sandbox.controls.calls) {
      expect(Number(call.query.get('pageSize'))).toBeGreaterThanOrEqual(1);
      expect(Number(call.query.get('pageSize'))).toBeLessThanOrEqual(100);
    }
  });

  it('gives a style back by its global id; a cursor of another connection is BAD_USER_INPUT', async () => {
    const first = await stack.query<Page>(STYLES, { first: 2 });
    const style = first.data!.argilSubtitles.nodes[1]!;
    const node = await stack.query(
      'query($id: ID!) { node(id: $id) { ... on ArgilSubtitleStyle { providerId name } } }',
      {
        id: style.id,
      },
    );
    expect(node.data).toEqual({ node: { providerId: style.providerId, name: style.name } });
    const videos = await stack.query<{ argilVideos: { pageInfo: { endCursor: string } } }>(
      '{ argilVideos(first: 1) { pageInfo { endCursor } } }',
    );
    stack.sandbox.controls.resetCalls();
    const foreign = await stack.query(STYLES, { first: 2, after: videos.data!.argilVideos.pageInfo.endCursor });
    expect(codes(foreign)).toEqual(['BAD_USER_INPUT']);
    expect(stack.sandbox.controls.count('argil', 'GET', '/v1/subtitles')).toBe(0);
  });
});

describe('argilSubtitleExport', () => {
  const EXPORT = `query($id: UUID!, $format: ArgilSubtitleFormat, $styled: Boolean) {
    argilSubtitleExport(videoId: $id, format: $format, includeStyling: $styled) { format contentType text }
  }`;
  type Exported = { argilSubtitleExport: { format: string; contentType: string; text: string } | null };

  it('fetches the file as text, asking format and includeStyling as the document names them', async () => {
    const video = data().argilVideos[0]!;
    const transcript = String(video.moments[0]!.transcript);
    const vtt = await stack.query<Exported>(EXPORT, { id: video.id });
    expect(vtt.errors).toBeUndefined();
    expect(vtt.data!.argilSubtitleExport).toMatchObject({ format: 'VTT', contentType: 'text/vtt' });
    expect(vtt.data!.argilSubtitleExport!.text).toBe(`WEBVTT\n\n1\n00:00:00.000 --> 00:00:03.000\n${transcript}\n`);

    const globalId = Buffer.from(`ArgilVideo:${video.id}`).toString('base64');
    const ass = await stack.query<Exported>(EXPORT, { id: globalId, format: 'ASS', styled: true });
    expect(ass.data!.argilSubtitleExport).toMatchObject({ format: 'ASS', contentType: 'text/x-ass' });
    expect(ass.data!.argilSubtitleExport!.text).toContain('[V4+ Styles]');
    expect(ass.data!.argilSubtitleExport!.text).toContain(`Dialogue: 0,0:00:00.00,0:00:03.00,Default,${transcript}`);

    const asked = stack.sandbox.controls.calls.map((call) => [call.path, Object.fromEntries(call.query)]);
    expect(asked).toEqual([
      [`/v1/subtitles/videos/${video.id}/export`, { format: 'vtt', includeStyling: 'false' }],
      [`/v1/subtitles/videos/${video.id}/export`, { format: 'ass', includeStyling: 'true' }],
    ]);
  });

  it('is null for a video Argil does not know (404); a wrong key is UNAUTHENTICATED; another type’s id BAD_USER_INPUT', async () => {
    const missing = await stack.query<Exported>(EXPORT, { id: '00000000-0000-4000-8000-0000000000aa' });
    expect(missing.errors).toBeUndefined();
    expect(missing.data).toEqual({ argilSubtitleExport: null });
    const denied = await stack.query(EXPORT, { id: data().argilVideos[0]!.id }, { 'x-argil-api-key': 'nope' });
    expect(codes(denied)).toEqual(['UNAUTHENTICATED']);
    const avatar = Buffer.from(`ArgilAvatar:${data().argilAvatars[0]!.id}`).toString('base64');
    const calls = stack.sandbox.controls.calls.length;
    const wrong = await stack.query(EXPORT, { id: avatar });
    expect(codes(wrong)).toEqual(['BAD_USER_INPUT']);
    expect(stack.sandbox.controls.calls.length).toBe(calls);
  });
});
