/**
 * One shape for an asset, whichever provider holds it. Provider answers are
 * mapped here once (in loaders and list resolvers), so the schema exposes
 * plain properties and the merged feed can sort without knowing providers.
 */
import type { ArgilAsset, ArgilAssetType, KreaAsset } from '../providers/shapes.js';

export type ProviderCode = 'KREA' | 'ARGIL';
export type AssetKind = 'IMAGE' | 'VIDEO' | 'AUDIO' | 'MODEL_3D' | 'OTHER';
export type AssetStatus = 'PROCESSING' | 'READY' | 'FAILED';

interface AssetCommon {
  providerId: string;
  kind: AssetKind;
  status: AssetStatus;
  url: string | null;
  thumbnailUrl: string | null;
  name: string | null;
  mimeType: string | null;
  /** As the provider wrote it (ISO 8601). */
  createdAt: string;
  /** The same instant in epoch milliseconds, for ordering and cursors. */
  createdAtMs: number;
}

export interface KreaAssetModel extends AssetCommon {
  provider: 'KREA';
  width: number | null;
  height: number | null;
  sizeBytes: number | null;
  description: string | null;
  metadata: unknown;
}

export interface ArgilAssetModel extends AssetCommon {
  provider: 'ARGIL';
  type: ArgilAssetType;
}

export type AssetModel = KreaAssetModel | ArgilAssetModel;

const KIND_BY_EXTENSION: Record<string, AssetKind> = {
  jpg: 'IMAGE',
  jpeg: 'IMAGE',
  png: 'IMAGE',
  webp: 'IMAGE',
  heic: 'IMAGE',
  mp4: 'VIDEO',
  mov: 'VIDEO',
  webm: 'VIDEO',
  wav: 'AUDIO',
  mp3: 'AUDIO',
  glb: 'MODEL_3D',
};

/** From the MIME type; Krea sometimes leaves it null, then from the file extension. */
export function kindOf(mimeType: string | null, url: string): AssetKind {
  const family = mimeType?.split('/')[0]?.toLowerCase();
  if (family === 'image') return 'IMAGE';
  if (family === 'video') return 'VIDEO';
  if (family === 'audio') return 'AUDIO';
  if (family === 'model') return 'MODEL_3D';
  if (mimeType) return 'OTHER';
  const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
  return (extension && KIND_BY_EXTENSION[extension]) || 'OTHER';
}

function whole(value: number | null, min = -Infinity): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const rounded = Math.round(value);
  return rounded < min ? null : rounded;
}

/**
 * Models are immutable, so one provider object maps to one model: requests
 * that shared an upstream call (providers/http/coalesce.ts coalesces
 * identical GETs of one credential) share its models too, instead of each
 * mapping every item.
 * Keyed by the provider object itself, so a model lives as long as it does.
 */
const kreaModels = new WeakMap<KreaAsset, KreaAssetModel>();
const argilModels = new WeakMap<ArgilAsset, ArgilAssetModel>();

export function fromKreaAsset(asset: KreaAsset): KreaAssetModel {
  let model = kreaModels.get(asset);
  if (!model) kreaModels.set(asset, (model = mapKreaAsset(asset)));
  return model;
}

export function fromArgilAsset(asset: ArgilAsset): ArgilAssetModel {
  let model = argilModels.get(asset);
  if (!model) argilModels.set(asset, (model = mapArgilAsset(asset)));
  return model;
}

/**
 * A page's models, kept per page (the same shared page gives the same models):
 * one WeakMap entry per page instead of one per item, which a page that no other
 * request shares (coalescing off, or a quiet moment) would pay for nothing.
 */
const kreaPages = new WeakMap<readonly KreaAsset[], KreaAssetModel[]>();
const argilPages = new WeakMap<readonly ArgilAsset[], ArgilAssetModel[]>();

export function fromKreaAssets(page: readonly KreaAsset[]): KreaAssetModel[] {
  let models = kreaPages.get(page);
  if (!models) kreaPages.set(page, (models = page.map(mapKreaAsset)));
  return models;
}

export function fromArgilAssets(page: readonly ArgilAsset[]): ArgilAssetModel[] {
  let models = argilPages.get(page);
  if (!models) argilPages.set(page, (models = page.map(mapArgilAsset)));
  return models;
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
