/** Krea's assets in the gateway's shape (models/assets.ts). */
import { kindOf, whole } from '../../../models/assets.js';
import type { AssetModel } from '../../../models/assets.js';
import type { KreaAsset } from '../shapes.js';

export interface KreaAssetModel extends AssetModel {
  provider: 'KREA';
  width: number | null;
  height: number | null;
  sizeBytes: number | null;
  description: string | null;
  metadata: unknown;
}

/**
 * Models are immutable, so one provider object maps to one model: requests
 * that shared an upstream call (providers/http/coalesce.ts coalesces
 * identical GETs of one credential) share its models too, instead of each
 * mapping every item.
 * Keyed by the provider object itself, so a model lives as long as it does.
 */
const models = new WeakMap<KreaAsset, KreaAssetModel>();

export function fromKreaAsset(asset: KreaAsset): KreaAssetModel {
  let model = models.get(asset);
  if (!model) models.set(asset, (model = mapKreaAsset(asset)));
  return model;
}

/**
 * A page's models, kept per page (the same shared page gives the same models):
 * one WeakMap entry per page instead of one per item, which a page that no other
 * request shares (coalescing off, or a quiet moment) would pay for nothing.
 */
const pages = new WeakMap<readonly KreaAsset[], KreaAssetModel[]>();

export function fromKreaAssets(page: readonly KreaAsset[]): KreaAssetModel[] {
  let mapped = pages.get(page);
  if (!mapped) pages.set(page, (mapped = page.map(mapKreaAsset)));
  return mapped;
}

function mapKreaAsset(asset: KreaAsset): KreaAssetModel {
  const kind = kindOf(asset.mime_type, asset.image_url);
  return {
    provider: 'KREA',
    providerId: asset.id,
    kind,
    // Krea lists only finished uploads.
    status: 'READY',
    url: asset.image_url,
    thumbnailUrl: kind === 'IMAGE' ? asset.image_url : null,
    name: null,
    mimeType: asset.mime_type,
    createdAt: asset.uploaded_at,
    createdAtMs: Date.parse(asset.uploaded_at),
    width: whole(asset.width),
    height: whole(asset.height),
    sizeBytes: whole(asset.size_bytes, 0),
    description: asset.description ?? null,
    metadata: asset.metadata ?? null,
  };
}
