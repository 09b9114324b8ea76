/**
 * The sandbox's Argil objects (assets, avatars, voices, videos, subtitle
 * styles), made from a seeded Random: the same seed gives the same objects.
 * File URLs point at the tenant's file origins. `argilDataset`: the steps of
 * a tenant's data.
 */
import type { FileOrigins } from '../../../sandbox/data.js';
import { newestFirst, timeline } from '../../../sandbox/dataset.js';
import type { DatasetStep } from '../../../sandbox/simulated-api.js';
import { argilSubtitleStylesFor } from './seed.js';
import type {
  SandboxArgilAsset,
  SandboxArgilAvatar,
  SandboxArgilVideo,
  SandboxArgilVideoStatus,
  SandboxArgilVoice,
} from './data.js';
import type { Random } from '../../../sandbox/random.js';

/** Turns 1 and 3 of the seeded stream, after Krea's 0 and 2: the order the sandbox always drew in. */
export const argilDataset: readonly DatasetStep[] = [
  {
    turn: 1,
    draw: ({ random, files, size }) => ({
      argilAssets: newestFirst(
        timeline(random, size('argilAssets')).map((at) => argilAssetFor(random, at, files)),
        (asset) => asset.createdAt,
        (asset) => asset.id,
      ),
    }),
  },
  {
    turn: 3,
    draw: ({ random, files, size }) => {
      const argilAvatars = timeline(random, 12).map((at, i) => argilAvatarFor(random, at, i, files));
      const argilVoices = timeline(random, 8).map((at, i) => argilVoiceFor(random, at, i, files));
      const videos = timeline(random, size('argilVideos')).map((at, i) =>
        argilVideoFor(random, at, argilAvatars, i, files),
      );
      return {
        argilAvatars,
        argilVoices,
        argilVideos: newestFirst(
          videos,
          (video) => video.createdAt,
          (video) => video.id,
        ),
        // Drawn after everything else, so the data seeded before subtitles existed stays as it was.
        argilSubtitleStyles: argilSubtitleStylesFor(random),
        argilVoiceSyncs: [],
      };
    },
  },
];

const LANGUAGES = ['ENGLISH', 'FRENCH', 'SPANISH', 'GERMAN'];

export function argilAvatarFor(random: Random, at: string, i: number, files: FileOrigins): SandboxArgilAvatar {
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

export function argilVoiceFor(random: Random, at: string, i: number, files: FileOrigins): SandboxArgilVoice {
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

export function argilVideoFor(
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
