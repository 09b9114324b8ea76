/**
 * Krea styles (LoRAs) in the graph: KreaStyle, `kreaStyles` over Krea's
 * opaque string cursor (pagination/opaque.ts), `kreaStyle`, and the style
 * mutations: training (a @oneOf over the document's two training schemas,
 * returning the job), update, share link, workspace share and unshare.
 */
import { KREA_STYLE_TRAINING, KREA_STYLE_UPDATE } from '../generated/operations.js';
import { fromKreaStyle } from '../models/styles.js';
import type { KreaStyleModel } from '../models/styles.js';
import { parseForwardArgs } from '../../../pagination/args.js';
import { fnv1a } from '../../../pagination/cursor.js';
import { decodeOpaqueCursor, encodeOpaqueCursor, opaqueAsk, opaqueWindow } from '../../../pagination/opaque.js';
import { builder } from '../../../schema/builder.js';
import { NAMES_UPSTREAM_OBJECTS, PAID_MUTATION } from '../../../schema/operation-cost.js';
import { emptyConnection, lazyEdge } from '../../../schema/connections.js';
import type { RelayConnection } from '../../../schema/connections.js';
import { gatewayError, withFallback } from '../../../schema/errors.js';
import { checkedBody, inputFor, oneMember, startKreaJob, KreaGenerationPayloadRef } from './generation.js';
import type { InputValue } from './generation.js';
import { checkLength } from '../../../schema/input-limits.js';
import { nodeIdField } from '../../../schema/node-id.js';
import { stringIdOf } from '../../../schema/provider-id.js';
import { kreaOf } from './context.js';

export const KreaStyleRef = builder.objectRef<KreaStyleModel>('KreaStyle');

builder.objectType(KreaStyleRef, {
  description: 'A Krea style (LoRA): GET /styles, GET /styles/{id}.',
  interfaces: [builder.nodeInterfaceRef()],
  isTypeOf: (value) => (value as { typename?: unknown }).typename === 'KreaStyle',
  fields: (t) => ({
    id: nodeIdField(t, 'KreaStyle', (style) => style.providerId),
    providerId: t.exposeString('providerId', { description: "Krea's style id." }),
    title: t.exposeString('title', { description: 'Its title.', nullable: true }),
    urls: t.expose('urls', { description: 'The images it was trained on.', type: ['URL'] }),
    coverUrl: t.expose('coverUrl', { description: 'Its cover image.', type: 'URL', nullable: true }),
    prompt: t.exposeString('prompt', { description: 'The prompt it suggests.', nullable: true }),
    models: t.exposeStringList('models', { description: 'The models it works with.' }),
    public: t.exposeBoolean('public', { description: 'Whether anyone may use it.', nullable: true }),
    likeCount: t.exposeInt('likeCount', { description: 'How many people liked it.', nullable: true }),
    createdAt: t.expose('createdAt', { description: 'When it was made.', type: 'DateTime', nullable: true }),
  }),
});

const StyleFilterEnum = builder.enumType('KreaStyleFilter', {
  description: "Krea's `filter` of GET /styles.",
  values: {
    ALL: { description: 'Every style the caller may use.' },
    USER: { description: "The caller's own styles." },
    COMMUNITY: { description: "Other people's public styles." },
    KREA: { description: "Krea's own styles." },
    SHARED: { description: 'Styles shared with the caller.' },
    UNAPPROVED: { description: 'Styles waiting for approval.' },
    EDITOR: { description: "The editors' picks." },
    GALLERY: { description: 'Styles in the gallery.' },
    PUBLIC: { description: 'Every public style.' },
  } as const,
});

const STYLE_ID = /^[A-Za-z0-9_-]{1,100}$/;
const STYLE_ID_ARG = "Krea's style id (its providerId), or its global id.";

/** A style's own id, or the style a global id names. */
const styleId = (id: string, field = 'id'): string =>
  stringIdOf(id, 'KreaStyle', 'Krea', (value) => STYLE_ID.test(value), field);

builder.queryFields((t) => ({
  kreaStyles: t.connection(
    {
      type: KreaStyleRef,
      description: "Krea's GET /styles (string cursor, limit 1..1000), forward; its filters as arguments.",
      args: {
        filter: t.arg({ description: "Krea's style filter (default ALL).", type: StyleFilterEnum, required: false }),
        model: t.arg.string({ required: false, description: 'Only styles for this model (e.g. flux_dev).' }),
        user: t.arg.string({ required: false, description: 'Only styles of this Krea user.' }),
        liked: t.arg.boolean({ required: false, description: 'Only styles the caller liked.' }),
        ids: t.arg.stringList({ required: false, description: 'Only these style ids (at most 100).' }),
      },
      resolve: (_root, args, context, info) =>
        withFallback(
          context,
          info,
          async (): Promise<RelayConnection<KreaStyleModel>> => {
            const { size, after } = parseForwardArgs(args, { maxPageSize: context.maxPageSize });
            for (const [field, value] of [
              ['model', args.model],
              ['user', args.user],
            ] as const) {
              if (value != null) checkLength(field, value, 200);
            }
            if (args.ids && args.ids.length > 100) {
              throw gatewayError('`ids` takes at most 100 style ids', 'BAD_USER_INPUT', { field: 'ids' });
            }
            const filters = {
              filter: args.filter?.toLowerCase(),
              model: args.model ?? undefined,
              user: args.user ?? undefined,
              liked: args.liked ?? undefined,
              ids: args.ids?.map((id) => styleId(id, 'ids')),
            };
            const digest = fnv1a(JSON.stringify(filters));
            const position = after === undefined ? undefined : decodeOpaqueCursor('krea-styles', after, digest);
            const ask = opaqueAsk(size, position);
            const page = await kreaOf(context).client.listStyles({ ...filters, cursor: ask.cursor, limit: ask.limit });
            const models = page.items.map(fromKreaStyle);
            kreaOf(context).loaders.style.remember(models);
            const window = opaqueWindow(size, position, { items: models, nextCursor: page.nextCursor });
            const edges = window.edges.map(({ item, position: at }) =>
              lazyEdge(item, () => encodeOpaqueCursor('krea-styles', at, digest)),
            );
            return {
              edges,
              pageInfo: {
                hasNextPage: window.hasNextPage,
                hasPreviousPage: false,
                startCursor: edges[0]?.cursor ?? null,
                endCursor: edges[edges.length - 1]?.cursor ?? null,
              },
            };
          },
          () => emptyConnection<KreaStyleModel>(),
        ),
    },
    { name: 'KreaStyleConnection', description: 'A page of Krea styles (GET /styles).' },
    { name: 'KreaStyleEdge', description: 'A Krea style and its cursor.' },
  ),
  kreaStyle: t.field({
    type: KreaStyleRef,
    nullable: true,
    description: "Krea's GET /styles/{id}; null when unknown.",
    args: { id: t.arg.string({ description: STYLE_ID_ARG, required: true, extensions: NAMES_UPSTREAM_OBJECTS }) },
    resolve: (_root, { id }, context) => kreaOf(context).loaders.style.load(styleId(id)),
  }),
}));

const trainingInput = builder.inputType('KreaStyleTrainingInput', {
  description: "POST /styles/train: one of the document's two training schemas.",
  isOneOf: true,
  fields: (t) =>
    Object.fromEntries(
      KREA_STYLE_TRAINING.map((variant, i) => [
        variant.member,
        t.field({
          type: inputFor(variant.typeName, variant.fields, `A body of POST /styles/train (${variant.member}).`),
          required: false,
          description:
            i === 0
              ? 'Flux and Wan models (flux_dev, flux_schnell, wan, wan22).'
              : 'Qwen and Z-Image models (qwen, z-image).',
        }),
      ]),
    ),
});

const updateInput = inputFor(
  KREA_STYLE_UPDATE.typeName,
  KREA_STYLE_UPDATE.fields,
  'PATCH /styles/{id}: what to change.',
);

const ShareLinkRef = builder.objectRef<{ url: string; isNew: boolean }>('KreaStyleShareLink').implement({
  description: 'A link that shares a Krea style.',
  fields: (t) => ({
    url: t.expose('url', { type: 'URL', description: 'The link to share.' }),
    isNew: t.exposeBoolean('isNew', { description: 'Whether this call made the link (false: it existed).' }),
  }),
});

const WorkspaceShareRef = builder
  .objectRef<{ styleId: string; workspaceId: string; workspaceName: string | null; isDefault: boolean }>(
    'KreaStyleWorkspaceShare',
  )
  .implement({
    description: 'A Krea style shared with a workspace.',
    fields: (t) => ({
      styleId: t.exposeString('styleId', { description: 'The style.' }),
      workspaceId: t.exposeString('workspaceId', { description: 'The workspace it is shared with.' }),
      workspaceName: t.exposeString('workspaceName', { description: "The workspace's name.", nullable: true }),
      isDefault: t.exposeBoolean('isDefault', { description: "Whether it is the workspace's default style." }),
    }),
  });

builder.mutationFields((t) => ({
  trainKreaStyle: t.field({
    type: KreaGenerationPayloadRef,
    description: "Krea's POST /styles/train: the training job (its result names the style).",
    extensions: PAID_MUTATION,
    args: {
      input: t.arg({ description: 'What to train.', type: trainingInput, required: true }),
      idempotencyKey: t.arg.string({
        description: 'Any 1 to 255 printable characters; the same key trains once.',
        required: false,
      }),
    },
    resolve: (_root, args, context) => {
      const [member, value] = oneMember(args.input as InputValue, 'KreaStyleTrainingInput');
      const variant = KREA_STYLE_TRAINING.find((v) => v.member === member)!;
      return startKreaJob(
        context,
        { ...variant, path: '/styles/train', at: `input.${member}` },
        value,
        args.idempotencyKey,
      );
    },
  }),
  updateKreaStyle: t.field({
    type: KreaStyleRef,
    description: "Krea's PATCH /styles/{id}.",
    args: {
      id: t.arg.string({ description: STYLE_ID_ARG, required: true, extensions: NAMES_UPSTREAM_OBJECTS }),
      input: t.arg({ description: 'What to change.', type: updateInput, required: true }),
    },
    resolve: async (_root, args, context) => {
      const body = checkedBody({ ...KREA_STYLE_UPDATE, at: 'input' }, args.input as InputValue);
      const style = fromKreaStyle(await kreaOf(context).client.updateStyle(styleId(args.id), body));
      kreaOf(context).loaders.style.remember([style]);
      return style;
    },
  }),
  kreaStyleShareLink: t.field({
    type: ShareLinkRef,
    description: "Krea's GET /styles/{id}/share/link: a shareable link, made on first ask.",
    args: { id: t.arg.string({ description: STYLE_ID_ARG, required: true, extensions: NAMES_UPSTREAM_OBJECTS }) },
    resolve: (_root, { id }, context) => kreaOf(context).client.styleShareLink(styleId(id)),
  }),
  shareKreaStyleWithWorkspace: t.field({
    type: WorkspaceShareRef,
    description: "Krea's POST /styles/{id}/share/workspace.",
    args: { id: t.arg.string({ description: STYLE_ID_ARG, required: true, extensions: NAMES_UPSTREAM_OBJECTS }) },
    resolve: async (_root, { id }, context) => {
      const shared = await kreaOf(context).client.shareStyleWithWorkspace(styleId(id));
      return {
        styleId: shared.style_id,
        workspaceId: shared.workspace.id,
        workspaceName: shared.workspace.name,
        isDefault: shared.workspace.is_default,
      };
    },
  }),
  unshareKreaStyleFromWorkspace: t.field({
    type: 'Boolean',
    description: "Krea's DELETE /styles/{id}/share/workspace: true once it is no longer shared.",
    args: { id: t.arg.string({ description: STYLE_ID_ARG, required: true, extensions: NAMES_UPSTREAM_OBJECTS }) },
    resolve: (_root, { id }, context) => kreaOf(context).client.unshareStyleFromWorkspace(styleId(id)),
  }),
}));
