/**
 * Krea in the graph: KreaAsset, the `kreaAssets` connection over Krea's
 * timestamp cursor, and `kreaAsset`.
 */
import type { AssetModel } from '../../../models/assets.js';
import { fromKreaAssets } from '../models/assets.js';
import type { KreaAssetModel } from '../models/assets.js';
import { KREA_MAX_LIMIT } from '../client.js';
import { AssetRef } from '../../../schema/asset.js';
import { builder } from '../../../schema/builder.js';
import { NAMES_UPSTREAM_OBJECTS } from '../../../schema/operation-cost.js';
import { uuidOf } from '../../../schema/provider-id.js';
import { emptyConnection, resolveTimestampConnection } from '../../../schema/connections.js';
import { withFallback } from '../../../schema/errors.js';
import { nodeIdField } from '../../../schema/node-id.js';
import { kreaOf } from './context.js';

export const KreaAssetRef = builder.objectRef<KreaAssetModel>('KreaAsset');

builder.objectType(KreaAssetRef, {
  description:
    "An asset from Krea's GET /assets (image_url, uploaded_at, width, height, size_bytes, mime_type, description).",
  interfaces: [builder.nodeInterfaceRef(), AssetRef],
  // Jobs name a provider too; only assets have a kind.
  isTypeOf: (value) => (value as AssetModel).provider === 'KREA' && 'kind' in (value as object),
  fields: (t) => ({
    id: nodeIdField(t, 'KreaAsset', (asset) => asset.providerId),
    width: t.exposeInt('width', { description: 'Width in pixels, for images and videos.', nullable: true }),
    height: t.exposeInt('height', { description: 'Height in pixels, for images and videos.', nullable: true }),
    sizeBytes: t.expose('sizeBytes', {
      description: 'File size in bytes, when Krea reports it.',
      type: 'NonNegativeInt',
      nullable: true,
    }),
    description: t.exposeString('description', { description: 'The description given at upload.', nullable: true }),
    metadata: t.expose('metadata', {
      description: "Krea's metadata object, as Krea sends it.",
      type: 'JSON',
      nullable: true,
    }),
  }),
});

builder.queryFields((t) => ({
  kreaAssets: t.connection(
    {
      type: KreaAssetRef,
      description: "Wraps Krea's timestamp cursor (cursor, limit 1..1000). Forward only.",
      resolve: (_root, args, context, info) =>
        withFallback(
          context,
          info,
          () =>
            resolveTimestampConnection(args, {
              cursorKind: 'krea-assets',
              maxPageSize: context.maxPageSize,
              maxLimit: KREA_MAX_LIMIT,
              keyOf: (asset: KreaAssetModel) => ({ ms: asset.createdAtMs, id: asset.providerId }),
              fetch: (ask) =>
                kreaOf(context).loaders.asset.list(
                  async () => {
                    const page = await kreaOf(context).client.listAssets(ask);
                    return { items: fromKreaAssets(page.items), nextCursor: page.nextCursor };
                  },
                  (page) => page.items,
                ),
            }),
          emptyConnection<KreaAssetModel>,
        ),
    },
    { name: 'KreaAssetConnection', description: 'A page of Krea assets (GET /assets), newest first.' },
    { name: 'KreaAssetEdge', description: 'A Krea asset and its cursor.' },
  ),
  kreaAsset: t.field({
    type: KreaAssetRef,
    nullable: true,
    description: "Krea's GET /assets/{id} (batched per request); null when unknown.",
    args: {
      id: t.arg({
        description: "Krea's asset UUID (its providerId), or its global id.",
        type: 'UUID',
        required: true,
        extensions: NAMES_UPSTREAM_OBJECTS,
      }),
    },
    resolve: (_root, { id }, context) => kreaOf(context).loaders.asset.load(uuidOf(id, 'KreaAsset')),
  }),
}));
