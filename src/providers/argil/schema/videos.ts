/**
 * Argil's avatar videos in the graph: ArgilVideo (a Node and a Job),
 * `argilVideos` both ways over GET /videos' page/limit (the offset window
 * `argilAssets` uses, totals from the body), `argilVideo`, and the
 * mutations to create, render (with Argil's one-shot callbackUrl) and
 * delete a video. Moments name their avatar and voice (avatars.ts,
 * voices.ts) through the request's loaders.
 */
import { fromArgilVideo } from '../models/videos.js';
import type { ArgilMomentModel, ArgilVideoModel } from '../models/videos.js';
import { ARGIL_MAX_VIDEO_LIMIT } from '../client.js';
import { ARGIL_VIDEO_STATUSES } from '../shapes.js';
import { ArgilAvatarRef } from './avatars.js';
import { ArgilVoiceRef } from './voices.js';
import { builder, describedValues } from '../../../schema/builder.js';
import { NAMES_UPSTREAM_OBJECTS, PAID_MUTATION } from '../../../schema/operation-cost.js';
import { emptyConnection, resolveOffsetConnection } from '../../../schema/connections.js';
import { gatewayError, withFallback } from '../../../schema/errors.js';
import { checkHttpUrl } from '../../../schema/input-limits.js';
import { JobRef } from '../../../schema/job.js';
import { decodeGlobalId } from '../../../schema/global-id.js';
import { once } from '../../../schema/paid.js';
import { DeletePayloadRef } from '../../../schema/mutations.js';
import { nodeIdField } from '../../../schema/node-id.js';
import { videoBody } from './video-body.js';
import { uuidOf } from '../../../schema/provider-id.js';
import { argilOf, argilScope } from './context.js';

export const ArgilVideoStatusEnum = builder.enumType('ArgilVideoStatus', {
  description: "Argil's own status of a video (state says it in every provider's words).",
  values: describedValues(ARGIL_VIDEO_STATUSES, {
    IDLE: 'Created, not rendering (before renderArgilVideo).',
    GENERATING_AUDIO: 'Rendering: making the speech.',
    GENERATING_VIDEO: 'Rendering: making the picture.',
    DONE: 'Rendered (terminal).',
    FAILED: 'Failed (terminal).',
  }),
});

const ArgilMomentRef = builder.objectRef<ArgilMomentModel>('ArgilMoment').implement({
  description: 'One moment of an Argil video: who says what.',
  fields: (t) => ({
    transcript: t.exposeString('transcript', { description: 'What is said in this moment.', nullable: true }),
    audioUrl: t.expose('audioUrl', {
      description: 'Audio to lip-sync instead of a transcript.',
      type: 'URL',
      nullable: true,
    }),
    gestureSlug: t.exposeString('gestureSlug', { description: 'The gesture the avatar makes.', nullable: true }),
    avatar: t.field({
      description: 'Who speaks (loaded in one batch per request).',
      type: ArgilAvatarRef,
      nullable: true,
      resolve: (moment, _args, context) =>
        moment.avatarId ? argilOf(context).loaders.avatar.load(moment.avatarId) : null,
    }),
    voice: t.field({
      type: ArgilVoiceRef,
      nullable: true,
      description: "The moment's voice; null when it uses the avatar's own.",
      resolve: (moment, _args, context) =>
        moment.voiceId ? argilOf(context).loaders.voice.load(moment.voiceId) : null,
    }),
  }),
});

export const ArgilVideoRef = builder.objectRef<ArgilVideoModel>('ArgilVideo');
builder.objectType(ArgilVideoRef, {
  description: 'An Argil video (GET /videos, GET /videos/{id}); its render is a Job.',
  interfaces: [builder.nodeInterfaceRef(), JobRef],
  isTypeOf: (value) => (value as { typename?: unknown }).typename === 'ArgilVideo',
  fields: (t) => ({
    id: nodeIdField(t, 'ArgilVideo', (video) => video.providerId),
    providerId: t.expose('providerId', { description: "Argil's video UUID.", type: 'UUID' }),
    name: t.exposeString('name', { description: 'Its name in Argil.' }),
    status: t.expose('status', { description: "Argil's own status (finer than state).", type: ArgilVideoStatusEnum }),
    videoUrl: t.expose('videoUrl', { description: 'The rendered video, once DONE.', type: 'URL', nullable: true }),
    videoUrlSubtitled: t.expose('videoUrlSubtitled', {
      description: 'The rendered video with subtitles, when asked for.',
      type: 'URL',
      nullable: true,
    }),
    previewUrl: t.expose('previewUrl', { description: 'A preview image.', type: 'URL', nullable: true }),
    aspectRatio: t.exposeString('aspectRatio', { description: 'Its aspect ratio (16:9, 9:16).', nullable: true }),
    moments: t.expose('moments', { description: 'Its moments, in order.', type: [ArgilMomentRef] }),
  }),
});

const ArgilVideoPayloadRef = builder.objectRef<{ video: ArgilVideoModel }>('ArgilVideoPayload').implement({
  description: 'What createArgilVideo and renderArgilVideo answer.',
  fields: (t) => ({ video: t.expose('video', { type: ArgilVideoRef, description: 'The video as Argil answered.' }) }),
});

const ArgilMomentInput = builder.inputType('ArgilMomentInput', {
  description: 'One moment of a video: who speaks, what, and how.',
  fields: (t) => ({
    transcript: t.string({
      required: false,
      description: 'What the avatar says (or give audioUrl instead); at most 250 characters.',
    }),
    audioUrl: t.field({ type: 'URL', required: false, description: 'Audio instead of a transcript (at most 20 s).' }),
    avatarId: t.field({
      description: 'The avatar that speaks (argilAvatars lists them): its providerId or its global id.',
      type: 'UUID',
      required: true,
    }),
    voiceId: t.field({
      type: 'UUID',
      required: false,
      description: "Default: the avatar's voice. Its providerId or its global id.",
    }),
    gestureSlug: t.string({ description: 'A gesture of that avatar.', required: false }),
  }),
});

const CreateArgilVideoInput = builder.inputType('CreateArgilVideoInput', {
  description: "Argil's POST /videos: a video in moments (it starts as a DRAFT).",
  fields: (t) => ({
    name: t.string({ required: true, description: '1 to 256 characters.' }),
    moments: t.field({
      description: 'The moments, in order (at least one).',
      type: [ArgilMomentInput],
      required: true,
    }),
    aspectRatio: t.string({ required: false, description: '16:9 or 9:16.' }),
    model: t.string({ required: false, description: 'ARGIL_V1 or ARGIL_ATOM.' }),
    extras: t.field({
      type: 'JSON',
      required: false,
      description: 'Up to 10 string pairs of your own, kept with the video (string values of at most 256 characters).',
    }),
  }),
});

const VIDEO_ID = 'must be the global id of an ArgilVideo';

/** One page of GET /videos as models, remembered by the request's loader (`argilVideos` and the `jobs` feed). */
builder.queryFields((t) => ({
  argilVideos: t.connection(
    {
      type: ArgilVideoRef,
      description: "Argil's GET /videos (page/limit, totals in the body). Forward and backward.",
      resolve: (_root, args, context, info) =>
        withFallback(
          context,
          info,
          () =>
            resolveOffsetConnection(args, {
              cursorKind: 'argil-videos',
              filterDigest: '0',
              maxPageSize: context.maxPageSize,
              maxUpstreamPageSize: ARGIL_MAX_VIDEO_LIMIT,
              fetch: (page, pageSize) => argilOf(context).videoPage(page, pageSize),
            }),
          emptyConnection<ArgilVideoModel>,
        ),
    },
    {
      name: 'ArgilVideoConnection',
      description: "A page of Argil videos (GET /videos), with Argil's total.",
      fields: (c) => ({ totalCount: c.exposeInt('totalCount', { description: "From Argil's totalItems." }) }),
    },
    { name: 'ArgilVideoEdge', description: 'An Argil video and its cursor.' },
  ),
  argilVideo: t.field({
    type: ArgilVideoRef,
    nullable: true,
    description: "Argil's GET /videos/{id}; null when unknown.",
    args: {
      id: t.arg({
        description: "Argil's video UUID (its providerId), or its global id.",
        type: 'UUID',
        required: true,
        extensions: NAMES_UPSTREAM_OBJECTS,
      }),
    },
    resolve: (_root, { id }, context) => argilOf(context).loaders.video.load(uuidOf(id, 'ArgilVideo')),
  }),
}));

/** The global id of an ArgilVideo, as Argil's id. */
function videoIdOf(id: string): string {
  const decoded = decodeGlobalId(id);
  if (decoded?.typename !== 'ArgilVideo') throw gatewayError(`\`id\` ${VIDEO_ID}`, 'BAD_USER_INPUT', { field: 'id' });
  return decoded.id;
}

builder.mutationFields((t) => ({
  createArgilVideo: t.field({
    type: ArgilVideoPayloadRef,
    description: "Argil's POST /videos (the video starts IDLE, a DRAFT until it is rendered).",
    args: { input: t.arg({ description: 'The video to create.', type: CreateArgilVideoInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const body = videoBody(input);
      const video = fromArgilVideo(await argilOf(context).client.createVideo(body), false);
      argilOf(context).loaders.video.remember([video]);
      return { video };
    },
  }),
  renderArgilVideo: t.field({
    type: ArgilVideoPayloadRef,
    description: "Argil's POST /videos/{id}/render; never sent twice for one idempotencyKey (same credential, 24 h).",
    extensions: PAID_MUTATION,
    args: {
      id: t.arg.id({ description: 'The video (global id).', required: true, extensions: NAMES_UPSTREAM_OBJECTS }),
      idempotencyKey: t.arg.string({
        description: 'Any 1 to 255 printable characters; the same key renders once.',
        required: false,
      }),
      callbackUrl: t.arg({
        type: 'URL',
        required: false,
        description:
          'An http(s) URL Argil tells, once, how this render ended (VIDEO_GENERATION_SUCCESS or _FAILED); Argil asks for https.',
      }),
    },
    resolve: async (_root, args, context) => {
      const id = videoIdOf(String(args.id));
      // The URL scalar parses to a URL, but not every executor applies it to literals.
      const callbackUrl =
        args.callbackUrl == null ? undefined : checkHttpUrl('callbackUrl', String(args.callbackUrl)).href;
      const rendered = await once(
        context,
        argilScope(argilOf(context)),
        args.idempotencyKey,
        // Without a callbackUrl the key's fingerprint is what it always was.
        callbackUrl === undefined ? `argil:render\n${id}` : `argil:render\n${id}\n${callbackUrl}`,
        // An Argil video is not a Krea job: its charge is kept whatever the render's end.
        { call: { kind: 'argilRender' }, jobIdsOf: () => [] },
        () => {
          argilOf(context).renders.mark(argilOf(context).credentialDigest, id);
          return argilOf(context).client.renderVideo(id, callbackUrl);
        },
      );
      const video = fromArgilVideo(rendered, true);
      argilOf(context).loaders.video.remember([video]);
      return { video };
    },
  }),
  deleteArgilVideo: t.field({
    type: DeletePayloadRef,
    description: "Argil's DELETE /videos/{id}. A wrong or malformed id is BAD_USER_INPUT; a missing video NOT_FOUND.",
    args: {
      id: t.arg.id({ description: 'The video (global id).', required: true, extensions: NAMES_UPSTREAM_OBJECTS }),
    },
    resolve: async (_root, args, context) => {
      const id = videoIdOf(String(args.id));
      await argilOf(context).client.deleteVideo(id);
      argilOf(context).loaders.video.forget(id);
      return { deletedId: String(args.id) };
    },
  }),
}));
