/**
 * The sandbox's POST /avatars (AvatarCreateArgsImage, from
 * argil-openapi.reconstructed.yaml): `type` IMAGE, a name of 1 to 256
 * characters, `datasetImage` as exactly one of an https `url` or a `base64`
 * data URI of a PNG, JPEG or WebP, an optional known `voiceId` (without one
 * a voice is designed from the image and added to GET /voices), at most 10
 * string extras, and no other key. The avatar answers 201 TRAINING and
 * becomes IDLE after AVATAR_TRAINING_STEPS steps of the clock (simulation.ts),
 * with a training event to the webhooks (avatars made here always succeed:
 * tests rely on them).
 */
import { randomUUID } from 'node:crypto';
import type { TenantData } from '../../../sandbox/data.js';
import type { SandboxArgilAvatar } from './data.js';
import type { Reply } from '../../../sandbox/server.js';

/** Steps a new avatar stays TRAINING. */
export const AVATAR_TRAINING_STEPS = 2;

const KEYS = new Set(['type', 'name', 'datasetImage', 'voiceId', 'extras']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATA_URI = /^data:image\/(png|jpeg|jpg|webp);base64,/;

const error = (status: number, message: string): Reply => ({ status, body: { code: status, message } });

function badImage(image: unknown): string | undefined {
  if (typeof image !== 'object' || image === null || Array.isArray(image)) return 'datasetImage is required';
  const keys = Object.keys(image);
  const { url, base64 } = image as Record<string, unknown>;
  if (keys.length !== 1) return 'datasetImage takes exactly one of url and base64';
  if (keys[0] === 'url')
    return typeof url === 'string' && /^https:\/\/\S+$/.test(url) ? undefined : 'url must be https';
  if (keys[0] === 'base64')
    return typeof base64 === 'string' && DATA_URI.test(base64) ? undefined : 'base64 is invalid';
  return 'datasetImage takes exactly one of url and base64';
}

function badExtras(extras: unknown): boolean {
  if (extras === undefined) return false;
  if (typeof extras !== 'object' || extras === null || Array.isArray(extras)) return true;
  const values = Object.values(extras);
  return values.length > 10 || values.some((value) => typeof value !== 'string');
}

export function createAvatar(input: unknown, data: TenantData): Reply {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return error(400, 'body must be an object');
  const body = input as Record<string, unknown>;
  const unknown = Object.keys(body).find((key) => !KEYS.has(key));
  if (unknown !== undefined) return error(400, `property ${unknown.slice(0, 40)} is not allowed`);
  const { type, name, datasetImage, voiceId, extras } = body;
  if (type !== 'IMAGE') return error(400, 'type must be IMAGE');
  if (typeof name !== 'string' || name.length < 1 || name.length > 256) return error(400, 'name is invalid');
  const image = badImage(datasetImage);
  if (image) return error(400, image);
  if (voiceId !== undefined && (typeof voiceId !== 'string' || !UUID.test(voiceId)))
    return error(400, 'voiceId is invalid');
  if (voiceId !== undefined && !data.argilVoices.some((voice) => voice.id === voiceId)) {
    return error(400, 'voiceId is unknown');
  }
  if (badExtras(extras)) return error(400, 'extras takes at most 10 string pairs');
  const now = new Date().toISOString();
  const id = randomUUID();
  let voice = voiceId as string | undefined;
  if (voice === undefined) {
    voice = randomUUID();
    data.argilVoices.push({
      id: voice,
      name: `${name.slice(0, 200)} (designed)`,
      status: 'IDLE',
      sampleUrl: `${data.files.argil}/voices/${voice}.mp3`,
      language: null,
      gender: null,
      createdAt: now,
    });
  }
  const avatar: SandboxArgilAvatar = {
    id,
    name,
    actorName: name,
    status: 'TRAINING',
    thumbnailUrl: `${data.files.argil}/avatars/${id}.jpg`,
    coverImageUrl: `${data.files.argil}/avatars/${id}.cover.jpg`,
    orientation: 'ASPECT_RATIO_9_16',
    model: 'ARGIL_ATOM',
    gestures: [],
    createdAt: now,
    visibility: 'private',
    made: { request: body, steps: 0, voiceId: voice },
  };
  data.argilAvatars.unshift(avatar);
  const { visibility: _visibility, made: _made, createdAt, ...rest } = avatar;
  return { status: 201, body: { ...rest, createdAt, updatedAt: createdAt } };
}

/** One step of training for the avatars made here; the ones that finished in it. */
export function trainAvatars(avatars: readonly SandboxArgilAvatar[]): SandboxArgilAvatar[] {
  return avatars.filter((avatar) => {
    if (!avatar.made || avatar.status !== 'TRAINING') return false;
    avatar.made.steps += 1;
    if (avatar.made.steps < AVATAR_TRAINING_STEPS) return false;
    avatar.status = 'IDLE';
    return true;
  });
}
