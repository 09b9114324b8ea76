/**
 * Argil in the graph: ArgilAsset, the `argilAssets` connection over Argil's
 * page/pageSize pagination, and `argilAsset`.
 */
import type { AssetModel } from '../../../models/assets.js';
import type { ArgilAssetModel } from '../models/assets.js';
import { fnv1a } from '../../../pagination/cursor.js';
import { ARGIL_MAX_PAGE_SIZE } from '../client.js';
import { ARGIL_ASSET_TYPES } from '../shapes.js';
import { AssetRef, AssetStatusEnum } from '../../../schema/asset.js';
import { builder, describedValues } from '../../../schema/builder.js';
import { NAMES_UPSTREAM_OBJECTS } from '../../../schema/operation-cost.js';
import { uuidOf } from '../../../schema/provider-id.js';
import { emptyConnection, resolveOffsetConnection } from '../../../schema/connections.js';
import { withFallback } from '../../../schema/errors.js';
import { nodeIdField } from '../../../schema/node-id.js';
import { argilOf } from './context.js';

export const ArgilAssetTypeEnum = builder.enumType('ArgilAssetType', {
  description: "Argil's own type of an asset.",
  values: describedValues(ARGIL_ASSET_TYPES, { AUDIO: 'Sound only.', IMAGE: 'A still image.', VIDEO: 'A video.' }),
});

export const ArgilAssetRef = builder.objectRef<ArgilAssetModel>('ArgilAsset');

builder.objectType(ArgilAssetRef, {
  description: "An asset from Argil's GET /assets (name, type, status, fileUrl, thumbnailUrl, createdAt).",
  interfaces: [builder.nodeInterfaceRef(), AssetRef],
  // Jobs name a provider too; only assets have a kind.
  isTypeOf: (value) => (value as AssetModel).provider === 'ARGIL' && 'kind' in (value as object),
  fields: (t) => ({
    id: nodeIdField(t, 'ArgilAsset', (asset) => asset.providerId),
    type: t.expose('type', { description: "Argil's own type of the file.", type: ArgilAssetTypeEnum }),
  }),
});

builder.queryFields((t) => ({
  argilAssets: t.connection(
    {
      type: ArgilAssetRef,
      description: "Wraps Argil's page/pageSize pagination. Forward (first/after) and backward (last/before).",
      args: {
        types: t.arg({ description: 'Only these types (sent to Argil).', type: [ArgilAssetTypeEnum], required: false }),
        status: t.arg({ type: AssetStatusEnum, required: false, description: "Default: READY (Argil's own default)." }),
      },
      resolve: (_root, args, context, info) => {
        // Sent explicitly, so the cursor digest of "no status" and READY agree.
        const status = args.status ?? 'READY';
        const types = args.types && args.types.length > 0 ? [...new Set(args.types)].sort() : undefined;
        const run = () =>
          resolveOffsetConnection(args, {
            cursorKind: 'argil-assets',
            filterDigest: fnv1a(`${status}|${types?.join(',') ?? ''}`),
            maxPageSize: context.maxPageSize,
            maxUpstreamPageSize: ARGIL_MAX_PAGE_SIZE,
            fetch: (page, pageSize) => argilOf(context).assetPage({ types, status, page, pageSize }),
          });
        return withFallback(context, info, run, emptyConnection<ArgilAssetModel>);
      },
    },
    {
      name: 'ArgilAssetConnection',
      description: "A page of Argil assets (GET /assets), with Argil's total.",
      fields: (t) => ({
        totalCount: t.int({
          description: "From Argil's X-Total-Count header.",
          resolve: (connection) => (connection as unknown as { totalCount: number }).totalCount,
        }),
      }),
    },
    { name: 'ArgilAssetEdge', description: 'An Argil asset and its cursor.' },
  ),
  argilAsset: t.field({
    type: ArgilAssetRef,
    nullable: true,
    description: "Argil's GET /assets/{id}.",
    args: {
      id: t.arg({
        description: "Argil's asset UUID (its providerId), or its global id.",
        type: 'UUID',
        required: true,
        extensions: NAMES_UPSTREAM_OBJECTS,
      }),
    },
    resolve: (_root, { id }, context) => argilOf(context).loaders.asset.load(uuidOf(id, 'ArgilAsset')),
  }),
}));
