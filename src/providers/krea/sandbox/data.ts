/**
 * Krea's objects in the sandbox, as its OpenAPI document describes their
 * JSON (shared with none of the gateway's code, so the sandbox can catch
 * its client's mistakes), and the statuses a job walks through.
 */
export interface SandboxKreaAsset {
  id: string;
  image_url: string;
  uploaded_at: string;
  width: number | null;
  height: number | null;
  size_bytes: number | null;
  mime_type: string | null;
  description?: string;
  metadata?: Record<string, unknown>;
}

export type SandboxKreaJobStatus =
  | 'backlogged'
  | 'queued'
  | 'scheduled'
  | 'processing'
  | 'sampling'
  | 'intermediate-complete'
  | 'completed'
  | 'failed'
  | 'cancelled';

export interface SandboxKreaJob {
  job_id: string;
  type: string;
  status: SandboxKreaJobStatus;
  created_at: string;
  completed_at?: string;
  result?: { urls: string[]; style_id?: string };
  error?: { code: string; message: string };
  /** Jobs the sandbox's generation endpoints started: where their file is served once completed. */
  output?: { base: string; kind: 'png' | 'mp4' };
  /** The body that started it, and the X-Webhook-URL it came with, for tests to read. */
  request?: Record<string, unknown>;
  webhookUrl?: string;
}

/** A Krea style as GET /styles documents it. */
export interface SandboxKreaStyle {
  id: string;
  title: string | null;
  urls: string[];
  public: boolean;
  cover_url: string | null;
  prompt: string;
  models: string[];
  owner: { id: string; name: string; avatar_url: string | null } | null;
  like_count: number;
  created_at: string;
  /** Sandbox bookkeeping: shared with the tenant's workspace. */
  shared?: boolean;
}

/** A Krea node app version as GET /node-apps/{id} documents it (the fields the gateway reads, and a few more). */
export interface SandboxKreaNodeApp {
  id: string;
  name: string;
  slug: string;
  description: string;
  input_openapi_schema: Record<string, unknown>;
  output_openapi_schema: Record<string, unknown>;
}

export const TERMINAL_JOB_STATUSES: readonly SandboxKreaJobStatus[] = ['completed', 'failed', 'cancelled'];
export const JOB_STATUSES: readonly SandboxKreaJobStatus[] = [
  'backlogged',
  'queued',
  'scheduled',
  'processing',
  'sampling',
  'intermediate-complete',
  'completed',
  'failed',
  'cancelled',
];
export const JOB_TYPES = ['flux', 'k1', 'externalImage', 'loraTraining', 'krea-2'];
