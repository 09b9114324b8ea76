/**
 * The sandbox's Krea objects (assets, jobs, styles, node apps), made from a
 * seeded Random: the same seed gives the same objects. File URLs point at
 * the tenant's file origins. `kreaDataset`: the steps of a tenant's data.
 */
import { JOB_STATUSES, JOB_TYPES, TERMINAL_JOB_STATUSES } from './data.js';
import type { FileOrigins } from '../../../sandbox/data.js';
import { newestFirst, timeline } from '../../../sandbox/dataset.js';
import type { SandboxKreaAsset, SandboxKreaJob, SandboxKreaNodeApp, SandboxKreaStyle } from './data.js';
import type { Random } from '../../../sandbox/random.js';
import type { DatasetStep } from '../../../sandbox/simulated-api.js';

/** Turns 0 and 2 of the seeded stream, Argil's 1 and 3 between them: the order the sandbox always drew in. */
export const kreaDataset: readonly DatasetStep[] = [
  {
    turn: 0,
    draw: ({ random, files, size }) => ({
      kreaAssets: newestFirst(
        timeline(random, size('kreaAssets')).map((at) => kreaAssetFor(random, at, files)),
        (asset) => asset.uploaded_at,
        (asset) => asset.id,
      ),
      kreaJobs: newestFirst(
        timeline(random, size('kreaJobs')).map((at, i) => kreaJobFor(random, at, i, files)),
        (job) => job.created_at,
        (job) => job.job_id,
      ),
    }),
  },
  {
    turn: 2,
    draw: ({ random, files }) => ({
      kreaStyles: newestFirst(
        timeline(random, 45).map((at, i) => kreaStyleFor(random, at, i, files)),
        (style) => style.created_at,
        (style) => style.id,
      ),
      kreaNodeApps: kreaNodeAppsFor(random),
    }),
  },
];

const KREA_MEDIA: ReadonlyArray<{ mime: string | null; ext: string; sized: boolean }> = [
  { mime: 'image/png', ext: 'png', sized: true },
  { mime: 'image/jpeg', ext: 'jpg', sized: true },
  { mime: 'image/webp', ext: 'webp', sized: true },
  { mime: 'video/mp4', ext: 'mp4', sized: true },
  { mime: 'audio/mpeg', ext: 'mp3', sized: false },
  { mime: 'model/gltf-binary', ext: 'glb', sized: false },
  { mime: null, ext: 'bin', sized: false },
];

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

export function kreaJobFor(random: Random, createdAt: string, index: number, files: FileOrigins): SandboxKreaJob {
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

const STYLE_MODELS = [['flux_dev'], ['flux_dev', 'flux_schnell'], ['wan'], ['qwen']];

export function kreaStyleFor(random: Random, at: string, i: number, files: FileOrigins): SandboxKreaStyle {
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
export function kreaNodeAppsFor(random: Random): SandboxKreaNodeApp[] {
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
