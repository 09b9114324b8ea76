/**
 * Argil videos as Jobs, and avatars and voices, in the gateway's shape.
 * Argil's IDLE means both "a draft nobody asked to render" and "asked,
 * not started yet"; the gateway tells them apart by the renders it sent
 * (`renderAsked`), so a draft is DRAFT and an asked-for IDLE video QUEUED.
 */
import type { ArgilAvatar, ArgilVideo, ArgilVideoStatus, ArgilVoice } from '../shapes.js';
import type { JobModel, JobState } from '../../../models/jobs.js';

export interface ArgilMomentModel {
  transcript: string | null;
  audioUrl: string | null;
  avatarId: string | null;
  voiceId: string | null;
  gestureSlug: string | null;
}

export interface ArgilVideoModel extends JobModel {
  typename: 'ArgilVideo';
  provider: 'ARGIL';
  name: string;
  status: ArgilVideoStatus;
  videoUrl: string | null;
  videoUrlSubtitled: string | null;
  previewUrl: string | null;
  aspectRatio: string | null;
  moments: ArgilMomentModel[];
}

const STATE: Record<ArgilVideoStatus, JobState> = {
  IDLE: 'QUEUED',
  GENERATING_AUDIO: 'RUNNING',
  GENERATING_VIDEO: 'RUNNING',
  DONE: 'SUCCEEDED',
  FAILED: 'FAILED',
};

export function fromArgilVideo(video: ArgilVideo, renderAsked: boolean): ArgilVideoModel {
  const done = video.status === 'DONE';
  const terminal = done || video.status === 'FAILED';
  return {
    typename: 'ArgilVideo',
    provider: 'ARGIL',
    providerId: video.id,
    state: video.status === 'IDLE' && !renderAsked ? 'DRAFT' : STATE[video.status],
    providerStatus: video.status,
    isTerminal: terminal,
    createdAt: video.createdAt,
    createdAtMs: Date.parse(video.createdAt),
    // Argil has no completion time; a finished video was last updated when it finished.
    completedAt: terminal ? (video.updatedAt ?? null) : null,
    outputUrls: done ? [video.videoUrl, video.videoUrlSubtitled].filter((url): url is string => !!url) : [],
    name: video.name,
    status: video.status,
    videoUrl: video.videoUrl ?? null,
    videoUrlSubtitled: video.videoUrlSubtitled ?? null,
    previewUrl: video.previewUrl ?? null,
    aspectRatio: video.aspectRatio ?? null,
    moments: (video.moments ?? []).map((moment) => ({
      transcript: moment.transcript ?? null,
      audioUrl: moment.audioUrl ?? null,
      avatarId: moment.avatarId ?? null,
      voiceId: moment.voiceId ?? null,
      gestureSlug: moment.gestureSlug ?? null,
    })),
  };
}

export interface ArgilAvatarModel {
  typename: 'ArgilAvatar';
  providerId: string;
  name: string;
  status: string | null;
  thumbnailUrl: string | null;
  orientation: string | null;
  model: string | null;
  createdAt: string | null;
  gestures: string[];
}

export function fromArgilAvatar(avatar: ArgilAvatar): ArgilAvatarModel {
  return {
    typename: 'ArgilAvatar',
    providerId: avatar.id,
    name: avatar.name,
    status: avatar.status ?? null,
    thumbnailUrl: avatar.thumbnailUrl ?? avatar.coverImageUrl ?? null,
    orientation: avatar.orientation ?? null,
    model: avatar.model ?? null,
    createdAt: avatar.createdAt,
    gestures: (avatar.gestures ?? []).map((gesture) => gesture.slug),
  };
}

export interface ArgilVoiceModel {
  typename: 'ArgilVoice';
  providerId: string;
  name: string;
  status: string | null;
  sampleUrl: string | null;
  language: string | null;
  gender: string | null;
}

export function fromArgilVoice(voice: ArgilVoice): ArgilVoiceModel {
  return {
    typename: 'ArgilVoice',
    providerId: voice.id,
    name: voice.name,
    status: voice.status ?? null,
    sampleUrl: voice.sampleUrl ?? null,
    language: voice.language ?? null,
    gender: voice.gender ?? null,
  };
}
