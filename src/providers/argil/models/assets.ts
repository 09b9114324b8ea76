/** Argil's assets in the gateway's shape (models/assets.ts). */
import type { AssetModel } from '../../../models/assets.js';
import type { ArgilAsset, ArgilAssetType } from '../shapes.js';

export interface ArgilAssetModel extends AssetModel {
  provider: 'ARGIL';
  type: ArgilAssetType;
}

/** One model per provider object, and per page (see Krea's models/assets.ts for why). */
const models = new WeakMap<ArgilAsset, ArgilAssetModel>();
const pages = new WeakMap<readonly ArgilAsset[], ArgilAssetModel[]>();

export function fromArgilAsset(asset: ArgilAsset): ArgilAssetModel {
  let model = models.get(asset);
  if (!model) models.set(asset, (model = mapArgilAsset(asset)));
  return model;
}

export function fromArgilAssets(page: readonly ArgilAsset[]): ArgilAssetModel[] {
  let mapped = pages.get(page);
  if (!mapped) pages.set(page, (mapped = page.map(mapArgilAsset)));
  return mapped;
}

function mapArgilAsset(asset: ArgilAsset): ArgilAssetModel {
  return {
    provider: 'ARGIL',
    providerId: asset.id,
    kind: asset.type,
    status: asset.status,
    url: asset.fileUrl ?? null,
    thumbnailUrl: asset.thumbnailUrl ?? null,
    name: asset.name ?? null,
    mimeType: null,
    createdAt: asset.createdAt,
    createdAtMs: Date.parse(asset.createdAt),
    type: asset.type,
  };
}
