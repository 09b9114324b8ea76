/**
 * Time passing in Argil's sandbox: every step brings a rendered video one
 * status towards DONE, PROCESSING assets towards READY and avatars made
 * through POST /avatars towards IDLE (avatars.ts), so live subscriptions
 * have something to watch. Deterministic: what happens to an object depends
 * only on its id and the number of steps taken.
 */
import type { TenantData } from '../../../sandbox/data.js';
import type { SandboxArgilVideo, SandboxArgilVideoStatus } from './data.js';

/** Steps a PROCESSING Argil asset stays PROCESSING. */
export const ARGIL_PROCESSING_STEPS = 2;

/** One in five imports fails. */
const failsImport = (id: string) => parseInt(id[1] ?? '0', 16) % 5 === 0;

const NEXT_VIDEO: Partial<Record<SandboxArgilVideoStatus, SandboxArgilVideoStatus>> = {
  IDLE: 'GENERATING_AUDIO',
  GENERATING_AUDIO: 'GENERATING_VIDEO',
  GENERATING_VIDEO: 'DONE',
};

/** A video moves only once its render was asked for; then it always finishes (tests rely on it). True when it did. */
export function advanceVideo(video: SandboxArgilVideo, now: string): boolean {
  if (!video.rendering) return false;
  const next = NEXT_VIDEO[video.status];
  if (!next) return false;
  video.status = next;
  video.updatedAt = now;
  if (next === 'DONE') video.videoUrl = `${video.rendering.base}/${video.id}/video.mp4`;
  return next === 'DONE';
}

/** One step for the tenant's PROCESSING assets; `steps` counts each one's steps taken. */
export function advanceAssets(data: TenantData, steps: Map<string, number>): void {
  for (const asset of data.argilAssets) {
    if (asset.status !== 'PROCESSING') continue;
    const taken = (steps.get(asset.id) ?? 0) + 1;
    steps.set(asset.id, taken);
    if (taken < ARGIL_PROCESSING_STEPS) continue;
    steps.delete(asset.id);
    if (failsImport(asset.id)) {
      asset.status = 'FAILED';
      continue;
    }
    const ext = asset.type === 'IMAGE' ? 'jpg' : asset.type === 'VIDEO' ? 'mp4' : 'mp3';
    asset.status = 'READY';
    asset.fileUrl = `${data.files.argil}/${asset.id}.${ext}`;
    asset.thumbnailUrl = asset.type === 'AUDIO' ? null : `${data.files.argil}/${asset.id}.thumb.jpg`;
  }
}
