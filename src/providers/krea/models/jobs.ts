/**
 * Krea jobs in the gateway's shape (models/jobs.ts): statuses as enum names,
 * `isTerminal` computed once, timestamps kept as written plus epoch milliseconds.
 */
import type { JobModel, JobState } from '../../../models/jobs.js';
import type { KreaJob, KreaJobStatus } from '../shapes.js';

export type KreaJobStatusCode =
  | 'BACKLOGGED'
  | 'QUEUED'
  | 'SCHEDULED'
  | 'PROCESSING'
  | 'SAMPLING'
  | 'INTERMEDIATE_COMPLETE'
  | 'COMPLETED'
  | 'FAILED'
  | 'CANCELLED';

export interface KreaJobModel extends JobModel {
  provider: 'KREA';
  status: KreaJobStatusCode;
  isTerminal: boolean;
  result: { urls: string[]; styleId: string | null } | null;
  error: { code: string; message: string | null } | null;
}

const TERMINAL: ReadonlySet<KreaJobStatusCode> = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

export function jobStatusCode(status: KreaJobStatus): KreaJobStatusCode {
  return status.toUpperCase().replace(/-/g, '_') as KreaJobStatusCode;
}

export function kreaJobStatus(code: KreaJobStatusCode): KreaJobStatus {
  return code.toLowerCase().replace(/_/g, '-') as KreaJobStatus;
}

export function isTerminalJobStatus(status: KreaJobStatusCode): boolean {
  return TERMINAL.has(status);
}

const KREA_STATE: Record<KreaJobStatusCode, JobState> = {
  BACKLOGGED: 'QUEUED',
  QUEUED: 'QUEUED',
  SCHEDULED: 'QUEUED',
  PROCESSING: 'RUNNING',
  SAMPLING: 'RUNNING',
  INTERMEDIATE_COMPLETE: 'RUNNING',
  COMPLETED: 'SUCCEEDED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
};

export function fromKreaJob(job: KreaJob): KreaJobModel {
  const status = jobStatusCode(job.status);
  const urls = job.result?.urls ?? [];
  return {
    provider: 'KREA',
    providerId: job.job_id,
    state: KREA_STATE[status],
    providerStatus: job.status,
    outputUrls: status === 'COMPLETED' ? urls : [],
    status,
    isTerminal: isTerminalJobStatus(status),
    createdAt: job.created_at,
    createdAtMs: Date.parse(job.created_at),
    completedAt: job.completed_at ?? null,
    result: job.result ? { urls, styleId: job.result.style_id ?? null } : null,
    error: job.error ? { code: job.error.code, message: job.error.message ?? null } : null,
  };
}
