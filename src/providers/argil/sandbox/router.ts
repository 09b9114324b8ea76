/**
 * The simulated Argil REST API (base path /v1), written from the seed
 * documents and argil-openapi.reconstructed.yaml: GET/POST /assets,
 * GET/DELETE /assets/{id}; avatars, voices and videos in videos.ts;
 * POST /avatars in avatars.ts, POST /voices and /voices/sync in
 * voices.ts, webhooks in webhooks.ts, subtitles in
 * subtitles.ts. `x-api-key` auth; errors are `{code, message}`.
 */
import { randomUUID } from 'node:crypto';
import type { TenantData } from '../../../sandbox/data.js';
import type { SandboxArgilAsset } from './data.js';
import { readText } from '../../../sandbox/server.js';
import type { Reply, RouteRequest, Router } from '../../../sandbox/server.js';
import type { SimulationContext } from '../../../sandbox/simulated-api.js';
import { createAvatar } from './avatars.js';
import { routeSubtitles } from './subtitles.js';
import { routeVideos, serveVideoFile } from './videos.js';
import { createVoice, syncVoices } from './voices.js';
import { routeWebhooks } from './webhooks.js';
import type { ArgilEvents } from './events.js';

const TYPES = ['AUDIO', 'IMAGE', 'VIDEO'];
const STATUSES = ['PROCESSING', 'READY', 'FAILED'];

function error(status: number, message: string): Reply {
  return { status, body: { code: status, message } };
}

function positiveInt(raw: string | null, fallback: number, max: number): number | undefined {
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= 1 && value <= max ? value : undefined;
}

function list(assets: readonly SandboxArgilAsset[], query: URLSearchParams): Reply {
  const types = query.getAll('type');
  const badType = types.find((t) => !TYPES.includes(t));
  if (badType !== undefined) return error(400, `type must be one of ${TYPES.join(', ')}`);
  const status = query.get('status') ?? 'READY';
  if (!STATUSES.includes(status)) return error(400, `status must be one of ${STATUSES.join(', ')}`);
  const page = positiveInt(query.get('page'), 1, Number.MAX_SAFE_INTEGER);
  if (page === undefined) return error(400, 'page must be an integer >= 1');
  const pageSize = positiveInt(query.get('pageSize'), 20, 100);
  if (pageSize === undefined) return error(400, 'pageSize must be an integer between 1 and 100');

  const matching = assets.filter((a) => a.status === status && (types.length === 0 || types.includes(a.type)));
  const items = matching.slice((page - 1) * pageSize, page * pageSize);
  return {
    status: 200,
    body: items,
    headers: {
      'X-Total-Count': String(matching.length),
      'X-Page': String(page),
      'X-Page-Size': String(pageSize),
      'X-Total-Pages': String(Math.ceil(matching.length / pageSize)),
    },
  };
}

async function create(request: RouteRequest, assets: SandboxArgilAsset[]): Promise<Reply> {
  const text = await readText(request.raw);
  let input: unknown;
  try {
    input = text === undefined ? undefined : JSON.parse(text);
  } catch {
    return error(400, 'body must be JSON');
  }
  const { name, type, url } = (input ?? {}) as Record<string, unknown>;
  if (typeof name !== 'string' || name.length < 1 || name.length > 256) {
    return error(400, 'name must be a string of 1 to 256 characters');
  }
  if (type !== 'IMAGE' && type !== 'VIDEO') return error(400, 'type must be IMAGE or VIDEO');
  if (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/i.test(url)) return error(400, 'url must be an http(s) URL');
  const asset: SandboxArgilAsset = {
    id: randomUUID(),
    name,
    type,
    status: 'PROCESSING',
    fileUrl: null,
    thumbnailUrl: null,
    createdAt: new Date().toISOString(),
  };
  assets.unshift(asset);
  return { status: 201, body: asset };
}

export function argilRouter({ tenants, tenantOf }: SimulationContext, events: ArgilEvents): Router {
  return async (request) => {
    // Rendered files are public, as Argil's CDN URLs are.
    if (request.method === 'GET' && request.path.startsWith('/v1/files/')) {
      return serveVideoFile(
        request.path,
        tenants.flatMap((t) => t.data.argilVideos),
      );
    }
    const tenantIndex = tenantOf(request.headers);
    const tenant = tenants[tenantIndex];
    if (!tenant) return error(401, 'Unauthorized');
    const workspace =
      (await routeWebhooks(request, events, tenantIndex)) ??
      (await routeCreations(request, tenant.data)) ??
      routeSubtitles(request, tenant.data);
    if (workspace) return { ...workspace, tenant: tenantIndex };
    const videos = await routeVideos(request, tenant.data);
    if (videos) return { ...videos, tenant: tenantIndex };
    return { ...(await route(request, tenant.data.argilAssets)), tenant: tenantIndex };
  };
}

const CREATIONS = new Map([
  ['/v1/avatars', createAvatar],
  ['/v1/voices', createVoice],
  ['/v1/voices/sync', syncVoices],
]);

/** POST /avatars, /voices and /voices/sync: JSON bodies (an empty one for a sync). */
async function routeCreations(request: RouteRequest, data: TenantData): Promise<Reply | undefined> {
  const made = CREATIONS.get(request.path);
  if (request.method !== 'POST' || made === undefined) return undefined;
  // An avatar's image may come inline: up to 10 MB, as base64.
  const text = await readText(request.raw, 16 * 1024 * 1024);
  let body: unknown;
  try {
    body = text === undefined ? undefined : text === '' && request.path === '/v1/voices/sync' ? {} : JSON.parse(text);
  } catch {
    return error(400, 'body must be JSON');
  }
  return made(body, data);
}

async function route(request: RouteRequest, assets: SandboxArgilAsset[]): Promise<Reply> {
  const { method, path, query } = request;
  const match = /^\/v1\/assets(?:\/([^/]+))?$/.exec(path);
  if (!match) return error(404, 'Not found');
  const id = match[1];
  if (id === undefined) {
    if (method === 'GET') return list(assets, query);
    if (method === 'POST') return create(request, assets);
    return error(405, 'Method not allowed');
  }
  const index = assets.findIndex((a) => a.id === id);
  if (index < 0) return error(404, 'Asset not found');
  if (method === 'GET') return { status: 200, body: assets[index] };
  if (method === 'DELETE') {
    assets.splice(index, 1);
    return { status: 204 };
  }
  return error(405, 'Method not allowed');
}
