/**
 * One shape for an asset, whichever provider holds it. Provider answers are
 * mapped to it once, in each provider's folder (`providers/<name>/models/`),
 * so the schema exposes plain properties and the merged feed can sort
 * without knowing providers.
 */

/** A provider's `Provider` enum value (`KREA`: providers/names.ts). */
export type ProviderCode = string;
export type AssetKind = 'IMAGE' | 'VIDEO' | 'AUDIO' | 'MODEL_3D' | 'OTHER';
export type AssetStatus = 'PROCESSING' | 'READY' | 'FAILED';

export interface AssetModel {
  provider: ProviderCode;
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

/** What the merged `assets` feed asks of every provider's stream (normalised: kinds sorted and distinct). */
export interface AssetFeedFilter {
  kinds: readonly AssetKind[] | undefined;
  status: AssetStatus;
  /** createdBefore, in ms: only older items. */
  before: number | undefined;
  /** createdAfter, in ms: only newer items. */
  after: number | undefined;
  /** True for the first item past createdAfter (the stream ends there: lists are newest first). */
  stop: ((asset: AssetModel) => boolean) | undefined;
}

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

/** From the MIME type; when a provider leaves it null (Krea sometimes does), from the file extension. */
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

/** A whole number at least `min`, or null for a provider's missing, fractional-looking or absurd value. */
export function whole(value: number | null, min = -Infinity): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const rounded = Math.round(value);
  return rounded < min ? null : rounded;
}
