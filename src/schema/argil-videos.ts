/**
 * Argil's avatar videos in the graph: ArgilVideo (a Node and a Job),
 * `argilVideos` both ways over GET /videos' page/limit (the offset window
 * `argilAssets` uses, totals from the body), `argilVideo`, avatars and
 * voices (lists as Argil gives them, with its filters), and the mutations
 * to create, render and delete a video. Moments name their avatar and
 * voice through the request's loaders.
 */
import type { RequestContext } from '../context.js';
import type { FetchedPage } from '../pagination/pages.js';
import { fromArgilAvatar, fromArgilVideo, fromArgilVoice } from '../models/videos.js';
import type { ArgilAvatarModel, ArgilMomentModel, ArgilVideoModel, ArgilVoiceModel } from '../models/videos.js';
import { ARGIL_MAX_VIDEO_LIMIT } from '../providers/argil.js';
import { ARGIL_VIDEO_STATUSES, ARGIL_VOICE_GENDERS, ARGIL_VOICE_LANGUAGES } from '../providers/shapes.js';
import { builder, describedValues } from './builder.js';
import { NAMES_UPSTREAM_OBJECTS, PAID_MUTATION } from './operation-cost.js';
import { emptyConnection, resolveOffsetConnection } from './connections.js';
import { gatewayError, withFallback } from './errors.js';
import { JobRef } from './job.js';
import { decodeGlobalId } from './global-id.js';
import { once } from './krea-generation.js';
import { DeletePayloadRef } from './mutations.js';
import { nodeIdField } from './node-id.js';
import { videoBody } from './argil-video-body.js';
import { uuidOf } from './provider-id.js';

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

export const ArgilAvatarRef = builder.objectRef<ArgilAvatarModel>('ArgilAvatar');
builder.objectType(ArgilAvatarRef, {
  description: 'An Argil avatar (GET /avatars).',
  interfaces: [builder.nodeInterfaceRef()],
  isTypeOf: (value) => (value as { typename?: unknown }).typename === 'ArgilAvatar',
  fields: (t) => ({
    id: nodeIdField(t, 'ArgilAvatar', (avatar) => avatar.providerId),
    providerId: t.expose('providerId', { description: "Argil's avatar UUID.", type: 'UUID' }),
    name: t.exposeString('name', { description: 'Its name in Argil.' }),
    status: t.exposeString('status', {
      nullable: true,
      description: 'NOT_TRAINED, TRAINING, TRAINING_FAILED, IDLE (ready) or REFUSED.',
    }),
    thumbnailUrl: t.expose('thumbnailUrl', { description: 'A still of the avatar.', type: 'URL', nullable: true }),
    orientation: t.exposeString('orientation', {
      description: 'Portrait or landscape, as Argil says.',
      nullable: true,
    }),
    model: t.exposeString('model', {
      description: 'The model it was made with (ARGIL_V1, ARGIL_ATOM).',
      nullable: true,
    }),
    gestures: t.exposeStringList('gestures', { description: 'Slugs a moment may name as its gestureSlug.' }),
  }),
});

export const ArgilVoiceRef = builder.objectRef<ArgilVoiceModel>('ArgilVoice');
builder.objectType(ArgilVoiceRef, {
  description: 'An Argil voice (GET /voices).',
  interfaces: [builder.nodeInterfaceRef()],
  isTypeOf: (value) => (value as { typename?: unknown }).typename === 'ArgilVoice',
  fields: (t) => ({
    id: nodeIdField(t, 'ArgilVoice', (voice) => voice.providerId),
    providerId: t.expose('providerId', { description: "Argil's voice UUID.", type: 'UUID' }),
    name: t.exposeString('name', { description: 'Its name in Argil.' }),
    status: t.exposeString('status', { description: "Argil's status of the voice.", nullable: true }),
    sampleUrl: t.expose('sampleUrl', { description: 'A sample of the voice.', type: 'URL', nullable: true }),
    language: t.exposeString('language', { description: 'Its language, as Argil says.', nullable: true }),
    gender: t.exposeString('gender', { description: 'Its gender, as Argil says.', nullable: true }),
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
      resolve: (moment, _args, context) => (moment.avatarId ? context.loaders.argilAvatar.load(moment.avatarId) : null),
    }),
    voice: t.field({
      type: ArgilVoiceRef,
      nullable: true,
      description: "The moment's voice; null when it uses the avatar's own.",
      resolve: (moment, _args, context) => (moment.voiceId ? context.loaders.argilVoice.load(moment.voiceId) : null),
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
export function argilVideoPage(
  context: RequestContext,
  page: number,
  pageSize: number,
): Promise<FetchedPage<ArgilVideoModel>> {
  return context.loaders.argilVideo.list(
    async () => {
      const result = await context.argil.listVideos({ page, limit: pageSize });
      const items = result.items.map((video) =>
        fromArgilVideo(video, context.renders.has(context.argilCredentialDigest, video.id)),
      );
      return { page: result.page, pageSize: result.pageSize, items, total: result.totalCount };
    },
    (result) => result.items,
  );
}

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
              fetch: (page, pageSize) => argilVideoPage(context, page, pageSize),
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
    resolve: (_root, { id }, context) => context.loaders.argilVideo.load(uuidOf(id, 'ArgilVideo')),
  }),
  argilAvatars: t.field({
    type: [ArgilAvatarRef],
    description: "Argil's GET /avatars, as it lists them.",
    args: {
      orientation: t.arg.string({ required: false, description: 'ASPECT_RATIO_16_9 or ASPECT_RATIO_9_16.' }),
      model: t.arg.string({ required: false, description: 'ARGIL_V1 or ARGIL_ATOM.' }),
      visibility: t.arg.string({
        required: false,
        description: 'public (Argil’s) or private (yours); both when absent.',
      }),
    },
    resolve: async (_root, args, context) => {
      const filters = {
        orientation: oneOfValues('orientation', args.orientation, ['ASPECT_RATIO_16_9', 'ASPECT_RATIO_9_16']),
        model: oneOfValues('model', args.model, ['ARGIL_V1', 'ARGIL_ATOM']),
        visibility: oneOfValues('visibility', args.visibility, ['public', 'private']),
      };
      const avatars = (await context.argil.listAvatars(filters)).map(fromArgilAvatar);
      context.loaders.argilAvatar.remember(avatars);
      return avatars;
    },
  }),
  argilVoices: t.field({
    type: [ArgilVoiceRef],
    description: "Argil's GET /voices, as it lists them.",
    args: {
      language: t.arg.string({ required: false, description: 'ENGLISH, FRENCH, … as Argil names them.' }),
      gender: t.arg.string({ required: false, description: 'MALE or FEMALE.' }),
    },
    resolve: async (_root, args, context) => {
      const filters = {
        language: oneOfValues('language', args.language, ARGIL_VOICE_LANGUAGES),
        gender: oneOfValues('gender', args.gender, ARGIL_VOICE_GENDERS),
      };
      const voices = (await context.argil.listVoices(filters)).map(fromArgilVoice);
      context.loaders.argilVoice.remember(voices);
      return voices;
    },
  }),
}));

/** A filter value Argil documents, or BAD_USER_INPUT before any call. */
function oneOfValues(field: string, value: string | null | undefined, allowed: readonly string[]): string | undefined {
  if (value == null) return undefined;
  if (!allowed.includes(value)) {
    throw gatewayError(`\`${field}\` must be one of ${allowed.join(', ')}`, 'BAD_USER_INPUT', { field });
  }
  return value;
}

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
      const video = fromArgilVideo(await context.argil.createVideo(body), false);
      context.loaders.argilVideo.remember([video]);
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
    },
    resolve: async (_root, args, context) => {
      const id = videoIdOf(String(args.id));
      const rendered = await once(
        context,
        args.idempotencyKey,
        `argil:render\n${id}`,
        // An Argil video is not a Krea job: its charge is kept whatever the render's end.
        { call: { argil: 'render' }, jobIdsOf: () => [] },
        () => {
          context.renders.mark(context.argilCredentialDigest, id);
          return context.argil.renderVideo(id);
        },
        `argil:${context.argilCredentialDigest}`,
      );
      const video = fromArgilVideo(rendered, true);
      context.loaders.argilVideo.remember([video]);
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
      await context.argil.deleteVideo(id);
      context.loaders.argilVideo.forget(id);
      return { deletedId: String(args.id) };
    },
  }),
}));
