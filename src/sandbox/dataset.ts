/**
 * One deterministic dataset per tenant (a seed and sizes in, the same data
 * out). Timestamps sit on a one-minute grid on purpose: several items share
 * a timestamp (within one provider and across both), which is exactly where
 * timestamp-cursor pagination goes wrong. Each listing is sorted once here,
 * newest first, as the providers list.
 */
import { PLACEHOLDER_FILE_ORIGINS } from './data.js';
import type { DatasetSizes, FileOrigins, TenantData } from './data.js';
import { argilAssetFor, argilAvatarFor, argilVideoFor, argilVoiceFor } from '../providers/argil/sandbox/dataset.js';
import { kreaAssetFor, kreaJobFor, kreaNodeAppsFor, kreaStyleFor } from '../providers/krea/sandbox/dataset.js';
import { argilSubtitleStylesFor } from '../providers/argil/sandbox/seed.js';
import { Random } from './random.js';

const NEWEST = Date.UTC(2026, 9, 1, 12, 0, 0);
const MINUTE = 60_000;
const GROUP_SIZES = [1, 1, 1, 1, 1, 2, 2, 3, 4];

/** Timestamps newest first, in groups that share one instant. */
function timeline(random: Random, count: number): string[] {
  const stamps: string[] = [];
  let at = NEWEST - random.int(0, 5) * MINUTE;
  while (stamps.length < count) {
    const group = random.pick(GROUP_SIZES);
    for (let i = 0; i < group && stamps.length < count; i++) stamps.push(new Date(at).toISOString());
    at -= random.int(1, 6) * MINUTE;
  }
  return stamps;
}

/** Newest first; equal timestamps by id, so every listing has one total order. */
export function newestFirst<T>(items: T[], createdAt: (item: T) => string, id: (item: T) => string): T[] {
  return items.sort((a, b) => {
    const byTime = Date.parse(createdAt(b)) - Date.parse(createdAt(a));
    if (byTime !== 0) return byTime;
    return id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0;
  });
}

export function generateTenant(
  seed: number,
  sizes: DatasetSizes,
  files: FileOrigins = PLACEHOLDER_FILE_ORIGINS,
): TenantData {
  const random = new Random(seed);
  const kreaAssets = timeline(random, sizes.kreaAssets).map((at) => kreaAssetFor(random, at, files));
  const kreaJobs = timeline(random, sizes.kreaJobs).map((at, i) => kreaJobFor(random, at, i, files));
  const argilAssets = timeline(random, sizes.argilAssets).map((at) => argilAssetFor(random, at, files));
  const kreaStyles = timeline(random, 45).map((at, i) => kreaStyleFor(random, at, i, files));
  const kreaNodeApps = kreaNodeAppsFor(random);
  const argilAvatars = timeline(random, 12).map((at, i) => argilAvatarFor(random, at, i, files));
  const argilVoices = timeline(random, 8).map((at, i) => argilVoiceFor(random, at, i, files));
  const argilVideos = timeline(random, sizes.argilVideos ?? 30).map((at, i) =>
    argilVideoFor(random, at, argilAvatars, i, files),
  );
  // Drawn after everything else, so the data seeded before subtitles existed stays as it was.
  const argilSubtitleStyles = argilSubtitleStylesFor(random);
  return {
    files,
    argilSubtitleStyles,
    argilVoiceSyncs: [],
    argilAvatars,
    argilVoices,
    argilVideos: newestFirst(
      argilVideos,
      (video) => video.createdAt,
      (video) => video.id,
    ),
    kreaStyles: newestFirst(
      kreaStyles,
      (style) => style.created_at,
      (style) => style.id,
    ),
    kreaNodeApps,
    kreaAssets: newestFirst(
      kreaAssets,
      (a) => a.uploaded_at,
      (a) => a.id,
    ),
    kreaJobs: newestFirst(
      kreaJobs,
      (j) => j.created_at,
      (j) => j.job_id,
    ),
    argilAssets: newestFirst(
      argilAssets,
      (a) => a.createdAt,
      (a) => a.id,
    ),
  };
}
