/**
 * Argil's avatars in the graph: ArgilAvatar (a Node), `argilAvatars` as
 * Argil lists them (GET /avatars, with its filters), and `createArgilAvatar`,
 * an avatar from one image (POST /avatars, type IMAGE). A new avatar is
 * TRAINING, then IDLE (ready for a moment) or TRAINING_FAILED / REFUSED;
 * node(id:) reads it again. Creating one costs money: it is charged to the
 * caller and sent once per idempotency key.
 */
import { fromArgilAvatar } from '../models/videos.js';
import type { ArgilAvatarModel } from '../models/videos.js';
import { avatarBody } from './avatar-body.js';
import { builder } from '../../../schema/builder.js';
import { oneOfValues } from '../../../schema/input-limits.js';
import { once } from '../../../schema/paid.js';
import { nodeIdField } from '../../../schema/node-id.js';
import { PAID_MUTATION } from '../../../schema/operation-cost.js';
import { argilOf, argilScope } from './context.js';

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

const ArgilAvatarImageInput = builder.inputType('ArgilAvatarImageInput', {
  description:
    'The one picture an avatar is made from (PNG, JPEG or WebP, 720p to 4K, exactly 16:9 or 9:16): set exactly one.',
  isOneOf: true,
  fields: (t) => ({
    url: t.field({ type: 'URL', required: false, description: 'An https URL Argil downloads the image from.' }),
    base64: t.string({
      required: false,
      description:
        'The image itself, as a data URI (data:image/png;base64,…), at most 10 MB; the whole request must fit MAX_REQUEST_BYTES.',
    }),
  }),
});

const CreateArgilAvatarInput = builder.inputType('CreateArgilAvatarInput', {
  description: "Argil's POST /avatars (type IMAGE): an avatar from one image.",
  fields: (t) => ({
    name: t.string({ required: true, description: '1 to 256 characters.' }),
    image: t.field({ type: ArgilAvatarImageInput, required: true, description: 'The picture, by URL or inline.' }),
    voiceId: t.field({
      type: 'UUID',
      required: false,
      description: 'Its voice (providerId or global id); without one Argil designs a voice from the image.',
    }),
    extras: t.field({
      type: 'JSON',
      required: false,
      description: 'Up to 10 string pairs of your own (at most 256 characters each), kept with the avatar.',
    }),
  }),
});

const ArgilAvatarPayloadRef = builder.objectRef<{ avatar: ArgilAvatarModel }>('ArgilAvatarPayload').implement({
  description: 'What createArgilAvatar answers.',
  fields: (t) => ({
    avatar: t.expose('avatar', {
      type: ArgilAvatarRef,
      description: 'The avatar as Argil answered (TRAINING at first).',
    }),
  }),
});

builder.queryField('argilAvatars', (t) =>
  t.field({
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
      const avatars = (await argilOf(context).client.listAvatars(filters)).map(fromArgilAvatar);
      argilOf(context).loaders.avatar.remember(avatars);
      return avatars;
    },
  }),
);

builder.mutationField('createArgilAvatar', (t) =>
  t.field({
    type: ArgilAvatarPayloadRef,
    description:
      "Argil's POST /avatars: an avatar from one image, TRAINING at first; never sent twice for one idempotencyKey (same credential, 24 h).",
    extensions: PAID_MUTATION,
    args: {
      input: t.arg({ description: 'The avatar to make.', type: CreateArgilAvatarInput, required: true }),
      idempotencyKey: t.arg.string({
        description: 'Any 1 to 255 printable characters; the same key gets the first avatar instead of a new one.',
        required: false,
      }),
    },
    resolve: async (_root, args, context) => {
      const body = avatarBody(args.input);
      const created = await once(
        context,
        argilScope(argilOf(context)),
        args.idempotencyKey,
        `argil:avatar\n${JSON.stringify(body)}`,
        { call: { kind: 'argilAvatar' }, jobIdsOf: () => [] },
        () => argilOf(context).client.createAvatar(body),
      );
      const avatar = fromArgilAvatar(created);
      argilOf(context).loaders.avatar.remember([avatar]);
      return { avatar };
    },
  }),
);
