/**
 * The sandbox's Argil avatars, voices and videos, from
 * argil-openapi.reconstructed.yaml: GET /avatars (orientation, model,
 * visibility), GET /avatars/{id}, GET /voices (language, gender), GET
 * /voices/{id}, GET /videos (page/limit, totals in the body), POST /videos
 * (its required fields and enums), GET/DELETE /videos/{id} and POST
 * /videos/{id}/render (with its one-shot callbackUrl). A rendered video moves IDLE → GENERATING_AUDIO →
 * GENERATING_VIDEO → DONE on the step clock (progress.ts) and then serves a
 * small MP4 at its videoUrl. Where the document is unsure, the sandbox uses
 * both readings: avatars list with `createAt` and get with `createdAt`.
 */
import { randomUUID } from 'node:crypto';
import type { TenantData } from '../../../sandbox/data.js';
import type { SandboxArgilAvatar, SandboxArgilVideo, SandboxArgilVoice } from './data.js';
import type { Reply, RouteRequest } from '../../../sandbox/server.js';
import { readText } from '../../../sandbox/server.js';
import { SANDBOX_MP4 } from '../../../sandbox/video.js';

const error = (status: number, message: string): Reply => ({ status, body: { code: status, message } });

function avatarAs(avatar: SandboxArgilAvatar, key: 'createdAt' | 'createAt') {
  const { visibility: _visibility, made: _made, createdAt, ...rest } = avatar;
  return { ...rest, [key]: createdAt, updatedAt: createdAt };
}

function publicVoice(voice: SandboxArgilVoice) {
  const { request: _request, ...rest } = voice;
  return rest;
}

function publicVideo(video: SandboxArgilVideo) {
  const { rendering: _rendering, ...rest } = video;
  return rest;
}

const ENUMS = {
  orientation: ['ASPECT_RATIO_16_9', 'ASPECT_RATIO_9_16'],
  model: ['ARGIL_V1', 'ARGIL_ATOM'],
  visibility: ['public', 'private'],
  language: [
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
  ],
  gender: ['MALE', 'FEMALE'],
} as const;

function badEnum(query: URLSearchParams, names: ReadonlyArray<keyof typeof ENUMS>): Reply | undefined {
  for (const name of names) {
    const value = query.get(name);
    if (value !== null && !(ENUMS[name] as readonly string[]).includes(value)) return error(400, `${name} is invalid`);
  }
  return undefined;
}

function integer(raw: string | null, fallback: number): number | undefined {
  if (raw === null) return fallback;
  return /^\d+$/.test(raw) && Number(raw) >= 1 ? Number(raw) : undefined;
}

function createVideo(body: unknown, data: TenantData, host: string): Reply {
  const input = body as Record<string, unknown> | null;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return error(400, 'body must be an object');
  const { name, moments, aspectRatio, model, extras } = input;
  if (typeof name !== 'string' || name === '') return error(400, 'name is required');
  if (!Array.isArray(moments) || moments.length === 0) return error(400, 'moments is required');
  for (const moment of moments as Array<Record<string, unknown>>) {
    if (typeof moment?.avatarId !== 'string') return error(400, 'moments.avatarId is required');
    if (!data.argilAvatars.some((a) => a.id === moment.avatarId)) return error(400, 'moments.avatarId is unknown');
    if (moment.voiceId !== undefined && !data.argilVoices.some((v) => v.id === moment.voiceId)) {
      return error(400, 'moments.voiceId is unknown');
    }
    if ((typeof moment.transcript === 'string') === (typeof moment.audioUrl === 'string')) {
      return error(400, 'a moment takes exactly one of transcript and audioUrl');
    }
  }
  if (aspectRatio !== undefined && aspectRatio !== '16:9' && aspectRatio !== '9:16')
    return error(400, 'aspectRatio is invalid');
  if (model !== undefined && model !== 'ARGIL_V1' && model !== 'ARGIL_ATOM') return error(400, 'model is invalid');
  if (extras !== undefined && (typeof extras !== 'object' || extras === null || Object.keys(extras).length > 10)) {
    return error(400, 'extras takes at most 10 pairs');
  }
  const now = new Date().toISOString();
  const id = randomUUID();
  const video: SandboxArgilVideo = {
    id,
    name,
    status: 'IDLE',
    createdAt: now,
    updatedAt: now,
    moments: moments as Array<Record<string, unknown>>,
    previewUrl: `http://${host}/v1/files/${id}/preview`,
    ...(typeof aspectRatio === 'string' && { aspectRatio }),
    ...(extras !== undefined && { extras: extras as Record<string, string> }),
  };
  data.argilVideos.unshift(video);
  return { status: 201, body: publicVideo(video) };
}

/** The render body's optional one-shot `callbackUrl` (format uri), or the 400 it earns. */
function renderCallback(text: string | undefined): string | undefined | Reply {
  let body: unknown;
  try {
    body = text === undefined || text === '' ? {} : JSON.parse(text);
  } catch {
    return error(400, 'body must be JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return error(400, 'body must be an object');
  const { callbackUrl } = body as { callbackUrl?: unknown };
  if (callbackUrl === undefined) return undefined;
  if (typeof callbackUrl !== 'string' || !/^https?:\/\/\S+$/.test(callbackUrl))
    return error(400, 'callbackUrl must be a URL');
  return callbackUrl;
}

/** GET /v1/files/<video id>/video.mp4 (once DONE) and …/preview: a small MP4. */
export function serveVideoFile(path: string, videos: readonly SandboxArgilVideo[]): Reply {
  const file = /^\/v1\/files\/([0-9a-f-]{36})\/(video\.mp4|preview)$/.exec(path);
  const video = file ? videos.find((v) => v.id === file[1]) : undefined;
  if (!file || !video || (file[2] === 'video.mp4' && video.status !== 'DONE')) return error(404, 'File not found');
  return { status: 200, body: SANDBOX_MP4, headers: { 'content-type': 'video/mp4' } };
}

export async function routeVideos(request: RouteRequest, data: TenantData): Promise<Reply | undefined> {
  const { method, path, query } = request;
  const host = request.headers.host ?? '127.0.0.1';
  if (path === '/v1/avatars' && method === 'GET') {
    const bad = badEnum(query, ['orientation', 'model', 'visibility']);
    if (bad) return bad;
    const avatars = data.argilAvatars.filter(
      (a) =>
        (query.get('orientation') === null || a.orientation === query.get('orientation')) &&
        (query.get('model') === null || a.model === query.get('model')) &&
        (query.get('visibility') === null || a.visibility === query.get('visibility')),
    );
    return { status: 200, body: avatars.map((a) => avatarAs(a, 'createAt')) };
  }
  if (path === '/v1/voices' && method === 'GET') {
    const bad = badEnum(query, ['language', 'gender']);
    if (bad) return bad;
    const voices = data.argilVoices.filter(
      (v) =>
        (query.get('language') === null || v.language === query.get('language')) &&
        (query.get('gender') === null || v.gender === query.get('gender')),
    );
    return { status: 200, body: voices.map(publicVoice) };
  }
  const one = /^\/v1\/(avatars|voices)\/([^/]+)$/.exec(path);
  if (one && method === 'GET') {
    if (one[1] === 'avatars') {
      const avatar = data.argilAvatars.find((a) => a.id === one[2]);
      return avatar ? { status: 200, body: avatarAs(avatar, 'createdAt') } : error(404, 'Avatar not found');
    }
    const voice = data.argilVoices.find((v) => v.id === one[2]);
    return voice ? { status: 200, body: publicVoice(voice) } : error(404, 'Voice not found');
  }
  if (path === '/v1/videos' && method === 'GET') {
    const page = integer(query.get('page'), 1);
    const limit = integer(query.get('limit'), 10);
    if (page === undefined || limit === undefined || limit > 100)
      return error(400, 'page and limit must be positive integers (limit at most 100)');
    const videos = data.argilVideos.slice((page - 1) * limit, page * limit).map(publicVideo);
    const totalItems = data.argilVideos.length;
    return {
      status: 200,
      body: { totalItems, totalPages: Math.ceil(totalItems / limit), currentPage: page, itemsPerPage: limit, videos },
    };
  }
  if (path === '/v1/videos' && method === 'POST') {
    const text = await readText(request.raw);
    try {
      return createVideo(text === undefined ? undefined : JSON.parse(text), data, host);
    } catch {
      return error(400, 'body must be JSON');
    }
  }
  const video = /^\/v1\/videos\/([^/]+)(\/render)?$/.exec(path);
  if (video) {
    const index = data.argilVideos.findIndex((v) => v.id === video[1]);
    const found = data.argilVideos[index];
    if (!found) return error(404, 'Video not found');
    if (video[2] === '/render' && method === 'POST') {
      const callbackUrl = renderCallback(await readText(request.raw));
      if (typeof callbackUrl === 'object') return callbackUrl;
      if (found.status !== 'IDLE') return error(400, 'Video is already rendered or rendering');
      found.rendering = { base: `http://${host}/v1/files`, ...(callbackUrl !== undefined && { callbackUrl }) };
      found.updatedAt = new Date().toISOString();
      return { status: 200, body: publicVideo(found) };
    }
    if (video[2] === undefined && method === 'GET') return { status: 200, body: publicVideo(found) };
    if (video[2] === undefined && method === 'DELETE') {
      data.argilVideos.splice(index, 1);
      return { status: 200, body: { message: 'Video deleted' } };
    }
    return error(405, 'Method not allowed');
  }
  return undefined;
}
