/**
 * Krea in the graph: KreaAsset, the `kreaAssets` connection over Krea's
 * timestamp cursor, and `kreaAsset`.
 */
import { fromKreaAsset } from '../models/assets.js';
import type { AssetModel, KreaAssetModel } from '../models/assets.js';
import { KREA_MAX_LIMIT } from '../providers/krea.js';
import { AssetRef } from './asset.js';
import { builder } from './builder.js';
import { resolveTimestampConnection } from './connections.js';

export const KreaAssetRef = builder.objectRef<KreaAssetModel>('KreaAsset');

builder.node(KreaAssetRef, {
  description:
    "An asset from Krea's GET /assets (image_url, uploaded_at, width, height, size_bytes, mime_type, description).",
  interfaces: [AssetRef],
  id: { resolve: (asset) => asset.providerId },
  isTypeOf: (value) => (value as AssetModel).provider === 'KREA',
  fields: (t) => ({
    width: t.exposeInt('width', { nullable: true }),
    height: t.exposeInt('height', { nullable: true }),
    sizeBytes: t.expose('sizeBytes', { type: 'NonNegativeInt', nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    metadata: t.expose('metadata', { type: 'JSON', nullable: true }),
  }),
});

builder.queryFields((t) => ({
  kreaAssets: t.connection(
    {
      type: KreaAssetRef,
      description: "Wraps Krea's timestamp cursor (cursor, limit 1..1000). Forward only.",
      resolve: (_root, args, context) =>
        resolveTimestampConnection(args, {
          cursorKind: 'krea-assets',
          maxPageSize: context.maxPageSize,
          maxLimit: KREA_MAX_LIMIT,
          keyOf: (asset: KreaAssetModel) => ({ ms: asset.createdAtMs, id: asset.providerId }),
          fetch: async (ask) => {
            const page = await context.krea.listAssets(ask);
            const items = page.items.map(fromKreaAsset);
            for (const item of items) context.loaders.kreaAsset.prime(item.providerId, item);
            return { items, nextCursor: page.nextCursor };
          },
        }),
    },
    { name: 'KreaAssetConnection' },
    { name: 'KreaAssetEdge' },
  ),
  kreaAsset: t.field({
    type: KreaAssetRef,
    nullable: true,
    args: { id: t.arg({ type: 'UUID', required: true }) },
    resolve: (_root, { id }, context) => context.loaders.kreaAsset.load(id),
  }),
}));
