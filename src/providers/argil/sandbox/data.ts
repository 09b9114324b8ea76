/**
 * Argil's objects in the sandbox, as its OpenAPI document describes their
 * JSON (shared with none of the gateway's code, so the sandbox can catch
 * its client's mistakes).
 */
export interface SandboxArgilAsset {
  id: string;
  name: string | null;
  type: 'AUDIO' | 'IMAGE' | 'VIDEO';
  status: 'PROCESSING' | 'READY' | 'FAILED';
  fileUrl: string | null;
  thumbnailUrl: string | null;
  createdAt: string;
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
