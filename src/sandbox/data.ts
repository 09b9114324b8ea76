/**
 * The sandbox's data: the shapes of a tenant's (an API key pair's) objects,
 * as the providers' OpenAPI documents describe their JSON. dataset.ts makes
 * one deterministic dataset of them per tenant. Nothing here is shared with
 * the gateway's clients, so the sandbox can catch their mistakes.
 */
import type { SandboxArgilSubtitleStyle } from './argil-seed.js';
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

export interface SandboxArgilAsset {
  id: string;
  name: string | null;
  type: 'AUDIO' | 'IMAGE' | 'VIDEO';
  status: 'PROCESSING' | 'READY' | 'FAILED';
  fileUrl: string | null;
  thumbnailUrl: string | null;
  createdAt: string;
}

export interface DatasetSizes {
  kreaAssets: number;
  argilAssets: number;
  kreaJobs: number;
  /** @default 30 */
  argilVideos?: number;
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

/** Argil's avatars, voices and videos, as its document describes them. */
export interface SandboxArgilAvatar {
  id: string;
  name: string;
  actorName: string;
  status: 'IDLE' | 'TRAINING' | 'TRAINING_FAILED' | 'REFUSED';
  thumbnailUrl: string;
  coverImageUrl: string;
  orientation: 'ASPECT_RATIO_16_9' | 'ASPECT_RATIO_9_16';
  model: 'ARGIL_V1' | 'ARGIL_ATOM';
  gestures: Array<{ label: string; slug: string; startFrame: number }>;
  /** The document is unsure of this key's spelling (createdAt or createAt): the sandbox lists with one, gets with the other. */
  createdAt: string;
  visibility: 'public' | 'private';
  /** Sandbox bookkeeping of avatars made through POST /avatars: the body, steps of training taken, its voice. */
  made?: { request: Record<string, unknown>; steps: number; voiceId: string };
}

export interface SandboxArgilVoice {
  id: string;
  name: string;
  status: string;
  sampleUrl: string;
  language: string | null;
  gender: 'MALE' | 'FEMALE' | null;
  createdAt: string;
  /** Sandbox bookkeeping: the body of the POST /voices that cloned it. */
  request?: Record<string, unknown>;
}

export type SandboxArgilVideoStatus = 'IDLE' | 'GENERATING_AUDIO' | 'GENERATING_VIDEO' | 'DONE' | 'FAILED';

export interface SandboxArgilVideo {
  id: string;
  name: string;
  status: SandboxArgilVideoStatus;
  createdAt: string;
  updatedAt: string;
  moments: Array<Record<string, unknown>>;
  aspectRatio?: string;
  videoUrl?: string;
  videoUrlSubtitled?: string;
  previewUrl: string;
  extras?: Record<string, string>;
  /** Sandbox bookkeeping: a render was asked for, where its file is served, and its one-shot callbackUrl. */
  rendering?: { base: string; callbackUrl?: string };
}

/**
 * Where the sandbox's "CDN" files live: the sandbox's own origins (it serves
 * a picture or clip for every URL under them, so a browser shows the media).
 * The placeholders are for data made before the servers listen.
 */
export interface FileOrigins {
  /** Krea's, e.g. http://127.0.0.1:PORT/cdn */
  krea: string;
  /** Argil's, e.g. http://127.0.0.1:PORT/v1/cdn */
  argil: string;
}

export const PLACEHOLDER_FILE_ORIGINS: FileOrigins = {
  krea: 'https://cdn.krea.sandbox',
  argil: 'https://files.argil.sandbox',
};

export interface TenantData {
  /** The origins this tenant's file URLs (seeded, generated, uploaded) use. */
  files: FileOrigins;
  kreaAssets: SandboxKreaAsset[];
  kreaJobs: SandboxKreaJob[];
  argilAssets: SandboxArgilAsset[];
  kreaStyles: SandboxKreaStyle[];
  kreaNodeApps: SandboxKreaNodeApp[];
  argilAvatars: SandboxArgilAvatar[];
  argilVoices: SandboxArgilVoice[];
  argilVideos: SandboxArgilVideo[];
  argilSubtitleStyles: SandboxArgilSubtitleStyle[];
  /** The bodies of POST /voices/sync, in order (tests read them). */
  argilVoiceSyncs: Array<Record<string, unknown>>;
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
