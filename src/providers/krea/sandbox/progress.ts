/**
 * Time passing in Krea's sandbox: every step moves each unfinished job one
 * status further, so live subscriptions have something to watch.
 * Deterministic: what happens to a job depends only on its id and the
 * number of steps taken.
 */
import type { FileOrigins } from '../../../sandbox/data.js';
import type { SandboxKreaJob, SandboxKreaJobStatus } from './data.js';

const NEXT: Partial<Record<SandboxKreaJobStatus, SandboxKreaJobStatus>> = {
  backlogged: 'queued',
  queued: 'scheduled',
  scheduled: 'processing',
  processing: 'sampling',
  sampling: 'intermediate-complete',
  'intermediate-complete': 'completed',
};

/** One in four jobs fails instead of sampling. */
const failsJob = (id: string) => parseInt(id[0] ?? '0', 16) % 4 === 0;

/** One step for one job; true when it reached a terminal status in it. */
export function advanceJob(job: SandboxKreaJob, now: string, files: FileOrigins): boolean {
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
