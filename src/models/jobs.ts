/**
 * Krea jobs in the gateway's shape: statuses as enum names, `isTerminal`
 * computed once, timestamps kept as written plus epoch milliseconds.
 */
import type { KreaJob, KreaJobStatus } from '../providers/shapes.js';

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

export interface KreaJobModel {
  providerId: string;
  status: KreaJobStatusCode;
  isTerminal: boolean;
  createdAt: string;
  createdAtMs: number;
  completedAt: string | null;
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

export function fromKreaJob(job: KreaJob): KreaJobModel {
  const status = jobStatusCode(job.status);
  return {
    providerId: job.job_id,
    status,
    isTerminal: isTerminalJobStatus(status),
    createdAt: job.created_at,
    createdAtMs: Date.parse(job.created_at),
    completedAt: job.completed_at ?? null,
    result: job.result ? { urls: job.result.urls ?? [], styleId: job.result.style_id ?? null } : null,
    error: job.error ? { code: job.error.code, message: job.error.message ?? null } : null,
  };
}
