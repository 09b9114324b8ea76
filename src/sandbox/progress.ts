/**
 * Time passing in the sandbox: every step moves each unfinished Krea job one
 * status further, brings PROCESSING Argil assets towards READY and avatars
 * made through POST /avatars towards IDLE, so live subscriptions have
 * something to watch. Deterministic: what happens to an object depends only
 * on its id and the number of steps taken.
 */
import { trainAvatars } from '../providers/argil/sandbox/avatars.js';
import type {
  FileOrigins,
  SandboxArgilAvatar,
  SandboxArgilVideo,
  SandboxArgilVideoStatus,
  SandboxKreaJob,
  SandboxKreaJobStatus,
  TenantData,
} from './data.js';

const NEXT: Partial<Record<SandboxKreaJobStatus, SandboxKreaJobStatus>> = {
  backlogged: 'queued',
  queued: 'scheduled',
  scheduled: 'processing',
  processing: 'sampling',
  sampling: 'intermediate-complete',
  'intermediate-complete': 'completed',
};

/** Steps a PROCESSING Argil asset stays PROCESSING. */
export const ARGIL_PROCESSING_STEPS = 2;

/** One in four jobs fails instead of sampling; one in five imports fails. */
const failsJob = (id: string) => parseInt(id[0] ?? '0', 16) % 4 === 0;
const failsImport = (id: string) => parseInt(id[1] ?? '0', 16) % 5 === 0;

/** What a step finished: the jobs and videos that reached a terminal status in it, the avatars that trained. */
export interface Finished {
  jobs: SandboxKreaJob[];
  videos: SandboxArgilVideo[];
  avatars: SandboxArgilAvatar[];
}

function advanceJob(job: SandboxKreaJob, now: string, files: FileOrigins): boolean {
  // Seeded jobs fail one in four; jobs a client started through the sandbox succeed (a test can rely on them).
  const fails = job.request === undefined && failsJob(job.job_id);
  const next = job.status === 'processing' && fails ? 'failed' : NEXT[job.status];
  if (!next) return false;
  job.status = next;
  if (next === 'completed' && job.type === 'train') {
    job.completed_at = now;
    // A finished training names the style it made.
    job.result = { urls: [], style_id: job.job_id };
  } else if (next === 'completed') {
    job.completed_at = now;
    job.result = {
      urls: [
        job.output ? `${job.output.base}/${job.job_id}.${job.output.kind}` : `${files.krea}/jobs/${job.job_id}/0.png`,
      ],
    };
  } else if (next === 'failed') {
    endFailed(job, now);
  }
  return next === 'completed' || next === 'failed';
}

/** A job whose model could not finish (Krea does not bill it). */
export function endFailed(job: SandboxKreaJob, now: string): void {
  job.status = 'failed';
  job.completed_at = now;
  job.error = { code: 'generation_failed', message: 'The model could not finish' };
}

const NEXT_VIDEO: Partial<Record<SandboxArgilVideoStatus, SandboxArgilVideoStatus>> = {
  IDLE: 'GENERATING_AUDIO',
  GENERATING_AUDIO: 'GENERATING_VIDEO',
  GENERATING_VIDEO: 'DONE',
};

/** A video moves only once its render was asked for; then it always finishes (tests rely on it). */
function advanceVideo(video: SandboxArgilVideo, now: string): boolean {
  if (!video.rendering) return false;
  const next = NEXT_VIDEO[video.status];
  if (!next) return false;
  video.status = next;
  video.updatedAt = now;
  if (next === 'DONE') video.videoUrl = `${video.rendering.base}/${video.id}/video.mp4`;
  return next === 'DONE';
}

export function advanceTenant(data: TenantData, steps: Map<string, number>, now = new Date()): Finished {
  const at = now.toISOString();
  const finished: Finished = {
    jobs: data.kreaJobs.filter((job) => advanceJob(job, at, data.files)),
    videos: data.argilVideos.filter((video) => advanceVideo(video, at)),
    avatars: trainAvatars(data.argilAvatars),
  };
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
  return finished;
}
