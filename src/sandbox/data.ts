/**
 * The sandbox's data: one deterministic dataset per tenant (API key pair),
 * shaped as the providers' OpenAPI documents describe their JSON. Nothing
 * here is shared with the gateway's clients, so the sandbox can catch their
 * mistakes. Timestamps sit on a one-minute grid on purpose: several items
 * share a timestamp (within one provider and across both), which is exactly
 * where timestamp-cursor pagination goes wrong.
 */
import { argilSubtitleStylesFor } from './argil-seed.js';
import type { SandboxArgilSubtitleStyle } from './argil-seed.js';
import { Random } from './random.js';

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

const LANGUAGES = ['ENGLISH', 'FRENCH', 'SPANISH', 'GERMAN'];

function argilAvatarFor(random: Random, at: string, i: number, files: FileOrigins): SandboxArgilAvatar {
  const id = random.uuid();
  return {
    id,
    name: `avatar-${id.slice(0, 6)}`,
    actorName: `Actor ${i + 1}`,
    status: i % 7 === 6 ? 'TRAINING' : 'IDLE',
    thumbnailUrl: `${files.argil}/avatars/${id}.jpg`,
    coverImageUrl: `${files.argil}/avatars/${id}.cover.jpg`,
    orientation: i % 2 === 0 ? 'ASPECT_RATIO_9_16' : 'ASPECT_RATIO_16_9',
    model: i % 3 === 0 ? 'ARGIL_ATOM' : 'ARGIL_V1',
    gestures: [
      { label: 'Wave', slug: 'wave', startFrame: 0 },
      { label: 'Nod', slug: 'nod', startFrame: 40 },
    ],
    createdAt: at,
    visibility: i % 4 === 0 ? 'private' : 'public',
  };
}

function argilVoiceFor(random: Random, at: string, i: number, files: FileOrigins): SandboxArgilVoice {
  const id = random.uuid();
  return {
    id,
    name: `voice-${id.slice(0, 6)}`,
    status: 'IDLE',
    sampleUrl: `${files.argil}/voices/${id}.mp3`,
    language: LANGUAGES[i % LANGUAGES.length]!,
    gender: i % 2 === 0 ? 'FEMALE' : 'MALE',
    createdAt: at,
  };
}

function argilVideoFor(
  random: Random,
  at: string,
  avatars: SandboxArgilAvatar[],
  i: number,
  files: FileOrigins,
): SandboxArgilVideo {
  const id = random.uuid();
  const status: SandboxArgilVideoStatus = (['DONE', 'DONE', 'FAILED', 'IDLE'] as const)[i % 4]!;
  return {
    id,
    name: `video-${id.slice(0, 6)}`,
    status,
    createdAt: at,
    updatedAt: at,
    moments: [{ transcript: 'Hello from the sandbox', avatarId: random.pick(avatars).id }],
    aspectRatio: '9:16',
    previewUrl: `https://app.argil.sandbox/videos/${id}?embed=true`,
    ...(status === 'DONE' && { videoUrl: `${files.argil}/videos/${id}.mp4` }),
  };
}

const STYLE_MODELS = [['flux_dev'], ['flux_dev', 'flux_schnell'], ['wan'], ['qwen']];

function kreaStyleFor(random: Random, at: string, i: number, files: FileOrigins): SandboxKreaStyle {
  const id = random.uuid();
  const mine = i % 3 === 0;
  return {
    id,
    title: `style-${id.slice(0, 6)}`,
    urls: [`${files.krea}/styles/${id}/0.png`],
    public: !mine,
    cover_url: `${files.krea}/styles/${id}/cover.png`,
    prompt: 'in the style of the sandbox',
    models: random.pick(STYLE_MODELS),
    owner: mine ? { id: '00000000-0000-4000-8000-000000000001', name: 'sandbox', avatar_url: null } : null,
    like_count: random.int(0, 500),
    created_at: at,
  };
}

/** Two apps with input schemas of their own: one prompt-only, one with a number range and an enum. */
function kreaNodeAppsFor(random: Random): SandboxKreaNodeApp[] {
  const output = { type: 'object', properties: { image: { type: 'string', format: 'uri' } }, required: ['image'] };
  return [
    {
      id: `app-${random.uuid().slice(0, 8)}`,
      name: 'Poster maker',
      slug: 'poster-maker',
      description: 'A prompt in, a poster out',
      input_openapi_schema: {
        type: 'object',
        properties: { prompt: { type: 'string', minLength: 1, maxLength: 500 } },
        required: ['prompt'],
        additionalProperties: false,
      },
      output_openapi_schema: output,
    },
    {
      id: `app-${random.uuid().slice(0, 8)}`,
      name: 'Upscaler',
      slug: 'upscaler',
      description: 'An image in, a larger one out',
      input_openapi_schema: {
        type: 'object',
        properties: {
          image_url: { type: 'string', format: 'uri' },
          factor: { type: 'integer', minimum: 2, maximum: 4 },
          mode: { type: 'string', enum: ['fast', 'quality'] },
        },
        required: ['image_url', 'factor'],
      },
      output_openapi_schema: output,
    },
  ];
}

const NEWEST = Date.UTC(2026, 9, 1, 12, 0, 0);
const MINUTE = 60_000;
const GROUP_SIZES = [1, 1, 1, 1, 1, 2, 2, 3, 4];
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

const KREA_MEDIA: ReadonlyArray<{ mime: string | null; ext: string; sized: boolean }> = [
  { mime: 'image/png', ext: 'png', sized: true },
  { mime: 'image/jpeg', ext: 'jpg', sized: true },
  { mime: 'image/webp', ext: 'webp', sized: true },
  { mime: 'video/mp4', ext: 'mp4', sized: true },
  { mime: 'audio/mpeg', ext: 'mp3', sized: false },
  { mime: 'model/gltf-binary', ext: 'glb', sized: false },
  { mime: null, ext: 'bin', sized: false },
];

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

export function kreaAssetFor(random: Random, uploadedAt: string, files: FileOrigins): SandboxKreaAsset {
  const id = random.uuid();
  const media = random.pick(KREA_MEDIA);
  const asset: SandboxKreaAsset = {
    id,
    image_url: `${files.krea}/assets/${id}.${media.ext}`,
    uploaded_at: uploadedAt,
    width: media.sized ? random.pick([512, 768, 1024, 1536]) : null,
    height: media.sized ? random.pick([512, 768, 1024]) : null,
    size_bytes: random.next() < 0.9 ? random.int(10_000, 9_000_000) : null,
    mime_type: media.mime,
  };
  if (random.next() < 0.6) asset.description = random.pick(['a red fox', 'city at night', 'studio portrait', 'loop']);
  if (random.next() < 0.3) asset.metadata = { source: random.pick(['upload', 'generation']) };
  return asset;
}

function kreaJobFor(random: Random, createdAt: string, index: number, files: FileOrigins): SandboxKreaJob {
  const id = random.uuid();
  const status = JOB_STATUSES[index % JOB_STATUSES.length] ?? 'queued';
  const type = random.pick(JOB_TYPES);
  const job: SandboxKreaJob = { job_id: id, type, status, created_at: createdAt };
  if (TERMINAL_JOB_STATUSES.includes(status)) {
    job.completed_at = new Date(Date.parse(createdAt) + random.int(5, 90) * 1000).toISOString();
  }
  if (status === 'completed') {
    job.result = { urls: [`${files.krea}/jobs/${id}/0.png`] };
    if (type === 'loraTraining') job.result.style_id = `style-${id.slice(0, 8)}`;
  }
  if (status === 'failed') job.error = { code: 'generation_failed', message: 'The model could not finish' };
  return job;
}

export function argilAssetFor(
  random: Random,
  createdAt: string,
  files: FileOrigins,
  overrides: Partial<SandboxArgilAsset> = {},
): SandboxArgilAsset {
  const id = random.uuid();
  const type = random.pick(['IMAGE', 'IMAGE', 'VIDEO', 'VIDEO', 'AUDIO'] as const);
  const roll = random.next();
  const status = roll < 0.8 ? 'READY' : roll < 0.9 ? 'PROCESSING' : 'FAILED';
  const ext = type === 'IMAGE' ? 'jpg' : type === 'VIDEO' ? 'mp4' : 'mp3';
  const ready = status === 'READY';
  return {
    id,
    name: random.next() < 0.85 ? `${type.toLowerCase()}-${id.slice(0, 6)}` : null,
    type,
    status,
    fileUrl: ready ? `${files.argil}/${id}.${ext}` : null,
    thumbnailUrl: ready && type !== 'AUDIO' ? `${files.argil}/${id}.thumb.jpg` : null,
    createdAt,
    ...overrides,
  };
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
