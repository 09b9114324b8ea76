/**
 * Argil's subtitles in the graph: `argilSubtitles`, the styles a video's
 * subtitles may use, both ways over GET /subtitles' page/pageSize (the
 * offset window of argilAssets and argilVideos), and `argilSubtitleExport`,
 * a video's subtitle file (GET /subtitles/videos/{videoProjectId}/export)
 * as text, VTT or ASS.
 */
import { fromArgilSubtitleStyle } from '../models/workspace.js';
import type { ArgilSubtitleStyleModel } from '../models/workspace.js';
import { ARGIL_MAX_SUBTITLE_PAGE_SIZE } from '../workspace.js';
import type { ArgilSubtitleFile, ArgilSubtitleFormat } from '../workspace.js';
import { isProviderError } from '../../errors.js';
import { builder } from '../../../schema/builder.js';
import { emptyConnection, resolveOffsetConnection } from '../../../schema/connections.js';
import { withFallback } from '../../../schema/errors.js';
import { nodeIdField } from '../../../schema/node-id.js';
import { NAMES_UPSTREAM_OBJECTS } from '../../../schema/operation-cost.js';
import { uuidOf } from '../../../schema/provider-id.js';
import { argilOf } from './context.js';

const ArgilSubtitleStyleRef = builder.objectRef<ArgilSubtitleStyleModel>('ArgilSubtitleStyle');
builder.objectType(ArgilSubtitleStyleRef, {
  description: 'A subtitle style of Argil (GET /subtitles): its providerId is what a video’s subtitles.styleId names.',
  interfaces: [builder.nodeInterfaceRef()],
  isTypeOf: (value) => (value as { typename?: unknown }).typename === 'ArgilSubtitleStyle',
  fields: (t) => ({
    id: nodeIdField(t, 'ArgilSubtitleStyle', (style) => style.providerId),
    providerId: t.expose('providerId', { type: 'UUID', description: "Argil's style UUID." }),
    name: t.exposeString('name', { nullable: true, description: 'Its name in Argil.' }),
  }),
});

const ArgilSubtitleFormatEnum = builder.enumType('ArgilSubtitleFormat', {
  description: 'The file formats Argil exports subtitles in.',
  values: {
    VTT: { value: 'vtt', description: 'WebVTT (text/vtt).' },
    ASS: { value: 'ass', description: 'Advanced SubStation Alpha (text/x-ass).' },
  } as const,
});

type ExportModel = ArgilSubtitleFile & { format: ArgilSubtitleFormat };

const ArgilSubtitleExportRef = builder.objectRef<ExportModel>('ArgilSubtitleExport').implement({
  description: "A video's subtitles as a file.",
  fields: (t) => ({
    format: t.expose('format', { type: ArgilSubtitleFormatEnum, description: 'The format asked for.' }),
    contentType: t.exposeString('contentType', {
      nullable: true,
      description: 'The media type Argil labelled it with (text/vtt, text/x-ass).',
    }),
    text: t.exposeString('text', { description: 'The file itself.' }),
  }),
});

builder.queryFields((t) => ({
  argilSubtitles: t.connection(
    {
      type: ArgilSubtitleStyleRef,
      description: "Argil's GET /subtitles: the workspace's subtitle styles (page/pageSize). Forward and backward.",
      resolve: (_root, args, context, info) =>
        withFallback(
          context,
          info,
          () =>
            resolveOffsetConnection(args, {
              cursorKind: 'argil-subtitles',
              filterDigest: '0',
              maxPageSize: context.maxPageSize,
              maxUpstreamPageSize: ARGIL_MAX_SUBTITLE_PAGE_SIZE,
              fetch: (page, pageSize) =>
                argilOf(context).loaders.subtitleStyle.list(
                  async () => {
                    const result = await argilOf(context).client.listSubtitleStyles({ page, pageSize });
                    const items = result.items.map(fromArgilSubtitleStyle);
                    return { page: result.page, pageSize: result.pageSize, items, total: result.totalCount };
                  },
                  (result) => result.items,
                ),
            }),
          emptyConnection<ArgilSubtitleStyleModel>,
        ),
    },
    {
      name: 'ArgilSubtitleStyleConnection',
      description: "A page of Argil's subtitle styles, with Argil's total.",
      fields: (c) => ({ totalCount: c.exposeInt('totalCount', { description: "From Argil's totalItems." }) }),
    },
    { name: 'ArgilSubtitleStyleEdge', description: 'A subtitle style and its cursor.' },
  ),
  argilSubtitleExport: t.field({
    type: ArgilSubtitleExportRef,
    nullable: true,
    description:
      "Argil's GET /subtitles/videos/{id}/export: a video's subtitles as a file; null when the video is unknown.",
    args: {
      videoId: t.arg({
        type: 'UUID',
        required: true,
        description: 'The video: its providerId or its global id.',
        extensions: NAMES_UPSTREAM_OBJECTS,
      }),
      format: t.arg({
        type: ArgilSubtitleFormatEnum,
        required: true,
        defaultValue: 'vtt',
        description: 'VTT (the default) or ASS.',
      }),
      includeStyling: t.arg.boolean({
        required: true,
        defaultValue: false,
        description: "With the video's subtitle style (false by default).",
      }),
    },
    resolve: async (_root, args, context) => {
      const videoId = uuidOf(args.videoId, 'ArgilVideo', 'videoId');
      try {
        const file = await argilOf(context).client.exportSubtitles(videoId, {
          format: args.format,
          includeStyling: args.includeStyling,
        });
        return { ...file, format: args.format };
      } catch (error) {
        // Argil's 404: no such video (or not this workspace's), as argilVideo(id:) answers it.
        if (isProviderError(error) && error.kind === 'not-found') return null;
        throw error;
      }
    },
  }),
}));
