/**
 * Response shapes of Argil's REST API, as its OpenAPI document gives them
 * (specs/). The types the rest of the gateway sees are inferred from these,
 * so what is validated is exactly what is typed.
 */
import { z } from 'zod';
import { dateTimeShape as dateTime, uuidShape as uuid } from '../shapes.js';

// ------------------------------------------------------------------- Argil

export const ARGIL_ASSET_TYPES = ['AUDIO', 'IMAGE', 'VIDEO'] as const;
export type ArgilAssetType = (typeof ARGIL_ASSET_TYPES)[number];
export const ARGIL_ASSET_STATUSES = ['PROCESSING', 'READY', 'FAILED'] as const;
export type ArgilAssetStatus = (typeof ARGIL_ASSET_STATUSES)[number];

/** Argil GET /assets item, GET /assets/{id}, POST /assets answer. */
export const argilAssetShape = z.object({
  id: uuid,
  name: z.string().nullish(),
  type: z.enum(ARGIL_ASSET_TYPES),
  status: z.enum(ARGIL_ASSET_STATUSES),
  fileUrl: z.string().nullish(),
  thumbnailUrl: z.string().nullish(),
  createdAt: dateTime,
});
export type ArgilAsset = z.output<typeof argilAssetShape>;

export const argilListShape = z.array(argilAssetShape);

// ------------------------------------------------- Argil avatars, voices, videos

/**
 * GET /avatars item and GET /avatars/{id}. The document is unsure whether the
 * timestamp is `createdAt` (GET) or `createAt` (list example): both are
 * read, the first that is present wins.
 */
export const argilAvatarShape = z
  .object({
    id: uuid,
    name: z.string(),
    status: z.string().nullish(),
    thumbnailUrl: z.string().nullish(),
    coverImageUrl: z.string().nullish(),
    orientation: z.string().nullish(),
    model: z.string().nullish(),
    createdAt: z.string().nullish(),
    createAt: z.string().nullish(),
    gestures: z.array(z.object({ label: z.string().nullish(), slug: z.string() })).nullish(),
  })
  .transform(({ createAt, ...avatar }) => ({ ...avatar, createdAt: avatar.createdAt ?? createAt ?? null }));
export type ArgilAvatar = z.output<typeof argilAvatarShape>;

/** GET /voices item and GET /voices/{id}. */
export const argilVoiceShape = z.object({
  id: uuid,
  name: z.string(),
  status: z.string().nullish(),
  sampleUrl: z.string().nullish(),
  language: z.string().nullish(),
  gender: z.string().nullish(),
  createdAt: z.string().nullish(),
});
export type ArgilVoice = z.output<typeof argilVoiceShape>;

/** The document's VoiceLanguage and VoiceGender (GET /voices filters). */
export const ARGIL_VOICE_LANGUAGES = [
  'ENGLISH',
  'SPANISH',
  'FRENCH',
  'PORTUGUESE',
  'BRAZILIAN_PORTUGUESE',
  'GERMAN',
  'RUSSIAN',
  'HINDI',
  'CHINESE',
  'DUTCH',
  'ARABIC',
] as const;
export const ARGIL_VOICE_GENDERS = ['MALE', 'FEMALE'] as const;

export const ARGIL_VIDEO_STATUSES = ['IDLE', 'GENERATING_AUDIO', 'GENERATING_VIDEO', 'DONE', 'FAILED'] as const;
export type ArgilVideoStatus = (typeof ARGIL_VIDEO_STATUSES)[number];

/** GET /videos item, GET /videos/{id}, POST /videos and its render. `status` is a plain string in the document. */
export const argilVideoShape = z.object({
  id: uuid,
  name: z.string(),
  status: z.enum(ARGIL_VIDEO_STATUSES),
  createdAt: dateTime,
  updatedAt: z.string().nullish(),
  moments: z
    .array(
      z.object({
        transcript: z.string().nullish(),
        avatarId: z.string().nullish(),
        voiceId: z.string().nullish(),
        audioUrl: z.string().nullish(),
        gestureSlug: z.string().nullish(),
      }),
    )
    .nullish(),
  videoUrl: z.string().nullish(),
  videoUrlSubtitled: z.string().nullish(),
  previewUrl: z.string().nullish(),
  aspectRatio: z.string().nullish(),
});
export type ArgilVideo = z.output<typeof argilVideoShape>;

/** GET /videos: page/limit, totals in the body. */
export const argilVideoPageShape = z.object({
  totalItems: z.number().int().nonnegative(),
  totalPages: z.number().int().nonnegative().nullish(),
  currentPage: z.number().int().positive(),
  itemsPerPage: z.number().int().positive(),
  videos: z.array(argilVideoShape),
});

/** POST /voices `modelId`: ElevenLabs' (eleven_v3 has settings of its own) and Minimax's, as the document lists them. */
export const ARGIL_ELEVEN_LABS_MODELS = [
  'eleven_multilingual_v2',
  'eleven_multilingual_v1',
  'eleven_monolingual_v1',
  'eleven_turbo_v2',
  'eleven_turbo_v2_5',
  'eleven_flash_v2_5',
] as const;
export const ARGIL_MINIMAX_MODELS = [
  'speech-2.8-hd',
  'speech-2.8-turbo',
  'speech-2.6-hd',
  'speech-2.6-turbo',
  'speech-2.5-hd-preview',
  'speech-2.5-turbo-preview',
  'speech-02-hd',
  'speech-02-turbo',
] as const;

/** POST /voices/sync `providerName`. */
export const ARGIL_VOICE_PROVIDERS = ['ELEVEN_LABS', 'MINIMAX'] as const;
export type ArgilVoiceProvider = (typeof ARGIL_VOICE_PROVIDERS)[number];

// ------------------------------------------------- Argil webhooks and subtitles

export const ARGIL_WEBHOOK_EVENTS = [
  'AVATAR_TRAINING_SUCCESS',
  'AVATAR_TRAINING_FAILED',
  'VIDEO_GENERATION_SUCCESS',
  'VIDEO_GENERATION_FAILED',
] as const;
export type ArgilWebhookEvent = (typeof ARGIL_WEBHOOK_EVENTS)[number];

/**
 * GET /webhooks item, POST and PUT answers. No signing secret: zod drops
 * every key not named here, so a secret in any answer goes no further than
 * the one call that asks for it (ArgilClient.createWebhook). The timestamp
 * is `createdAt` or `createAt` (the document has both); the first present wins.
 */
export const argilWebhookShape = z
  .object({
    id: uuid,
    callbackUrl: z.string(),
    events: z.array(z.string()),
    createdAt: z.string().nullish(),
    createAt: z.string().nullish(),
    updatedAt: z.string().nullish(),
    lastTriggeredAt: z.string().nullish(),
  })
  .transform(({ createAt, ...webhook }) => ({ ...webhook, createdAt: webhook.createdAt ?? createAt ?? null }));
export type ArgilWebhook = z.output<typeof argilWebhookShape>;

/** GET /subtitles item: a style a video's subtitles may name (`subtitles.styleId`). */
export const argilSubtitleStyleShape = z.object({ id: uuid, name: z.string().nullish() });
export type ArgilSubtitleStyle = z.output<typeof argilSubtitleStyleShape>;

/** GET /subtitles: page/pageSize, totals in the body. */
export const argilSubtitlePageShape = z.object({
  items: z.array(argilSubtitleStyleShape),
  totalItems: z.number().int().nonnegative(),
  totalPages: z.number().int().nonnegative().nullish(),
  currentPage: z.number().int().positive(),
  itemsPerPage: z.number().int().positive(),
});
