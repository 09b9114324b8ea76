/**
 * Response shapes of Krea's REST API, as its OpenAPI document gives them
 * (specs/). The types the rest of the gateway sees are inferred from these,
 * so what is validated is exactly what is typed.
 */
import { z } from 'zod';
import { dateTimeShape as dateTime, uuidShape as uuid } from '../shapes.js';

// ------------------------------------------------------------------- Krea

/** Krea GET /assets item, GET /assets/{id}, POST /assets answer. */
export const kreaAssetShape = z.object({
  id: uuid,
  image_url: z.string(),
  uploaded_at: dateTime,
  width: z.number().nullable(),
  height: z.number().nullable(),
  size_bytes: z.number().nullable(),
  mime_type: z.string().nullable(),
  description: z.string().nullish(),
  metadata: z.unknown().optional(),
});
export type KreaAsset = z.output<typeof kreaAssetShape>;

export const KREA_JOB_STATUSES = [
  'backlogged',
  'queued',
  'scheduled',
  'processing',
  'sampling',
  'intermediate-complete',
  'completed',
  'failed',
  'cancelled',
] as const;
export type KreaJobStatus = (typeof KREA_JOB_STATUSES)[number];

/** Krea GET /jobs item and GET /jobs/{id}. */
export const kreaJobShape = z.object({
  job_id: uuid,
  status: z.enum(KREA_JOB_STATUSES),
  created_at: dateTime,
  completed_at: dateTime.nullish(),
  result: z.object({ urls: z.array(z.string()).optional(), style_id: z.string().nullish() }).nullish(),
  error: z.object({ code: z.string(), message: z.string().nullish() }).nullish(),
});
export type KreaJob = z.output<typeof kreaJobShape>;

export function kreaPageShape<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next_cursor: z.string().nullable() });
}

/** Krea GET /styles item, GET /styles/{id} and PATCH /styles/{id}. Lenient where the document marks fields required but Krea-official styles leave them out. */
export const kreaStyleShape = z.object({
  id: z.string().min(1).max(200),
  title: z.string().nullish(),
  urls: z.array(z.string()).nullish(),
  public: z.boolean().nullish(),
  cover_url: z.string().nullish(),
  prompt: z.string().nullish(),
  models: z.array(z.string()).nullish(),
  like_count: z.number().nullish(),
  created_at: z.string().nullish(),
});
export type KreaStyle = z.output<typeof kreaStyleShape>;

/** GET /styles/{id}/share/link. */
export const kreaShareLinkShape = z.object({ share_link: z.string(), is_new: z.boolean() });

/** POST /styles/{id}/share/workspace. */
export const kreaWorkspaceShareShape = z.object({
  success: z.boolean(),
  style_id: z.string(),
  workspace: z.object({ id: z.string(), name: z.string().nullable(), is_default: z.boolean() }),
});

/** DELETE /styles/{id}/share/workspace. */
export const kreaSuccessShape = z.object({ success: z.boolean() });

const jsonObject = z.record(z.string(), z.unknown());

/** GET /node-apps/{id}. */
export const kreaNodeAppShape = z.object({
  id: z.string().min(1).max(200),
  name: z.string().nullish(),
  description: z.string().nullish(),
  input_openapi_schema: jsonObject.nullish(),
  output_openapi_schema: jsonObject.nullish(),
});
export type KreaNodeApp = z.output<typeof kreaNodeAppShape>;
