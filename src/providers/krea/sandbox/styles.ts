/**
 * The sandbox's Krea styles and node apps, from Krea's document: GET
 * /styles (an opaque cursor of its own, `limit` 1..1000, the filters),
 * GET/PATCH /styles/{id}, GET /styles/{id}/share/link, POST/DELETE
 * /styles/{id}/share/workspace, POST /styles/train (checked against the
 * document's two training schemas), GET /node-apps/{id} and POST
 * /node-apps/{id}/execute (checked against the app's own input schema).
 */
import type { TenantData } from '../../../sandbox/data.js';
import { error, newJob, pendingJob, readJson, validatorFor, validatorOf } from './generate.js';
import type { Reply, RouteRequest } from '../../../sandbox/server.js';

const offsetCursor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');

function listStyles(query: URLSearchParams, data: TenantData): Reply {
  const rawLimit = query.get('limit');
  const limit = rawLimit === null ? 100 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    return error(400, 'limit must be an integer between 1 and 1000');
  const cursor = query.get('cursor');
  const decoded = cursor === null ? 'o:0' : Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^o:\d+$/.test(decoded)) return error(400, 'Invalid cursor');
  const offset = Number(decoded.slice(2));
  const filter = query.get('filter') ?? 'all';
  const model = query.get('model');
  const ids = query.get('ids')?.split(',');
  const liked = query.get('liked') === 'true';
  const matching = data.kreaStyles.filter(
    (style) =>
      (filter === 'all' ||
        (filter === 'user' && style.owner !== null) ||
        (filter === 'public' && style.public) ||
        (filter === 'krea' && style.owner === null) ||
        (filter === 'shared' && style.shared === true)) &&
      (model === null || style.models.includes(model)) &&
      (ids === undefined || ids.includes(style.id)) &&
      (!liked || style.like_count > 250),
  );
  const items = matching.slice(offset, offset + limit).map(publicStyle);
  const next = offset + limit < matching.length ? offsetCursor(offset + limit) : null;
  return { status: 200, body: { items, next_cursor: next } };
}

function publicStyle(style: TenantData['kreaStyles'][number]) {
  const { shared: _shared, ...rest } = style;
  return rest;
}

export async function routeStyles(request: RouteRequest, data: TenantData): Promise<Reply | undefined> {
  const { method, path } = request;
  if (path === '/styles' && method === 'GET') return listStyles(request.query, data);
  if (path === '/styles/train' && method === 'POST') {
    const read = await readJson(request);
    if (!('body' in read)) return read;
    const validate = validatorFor('/styles/train');
    if (!validate(read.body)) return error(400, `Invalid request body: ${validate.errors?.[0]?.message ?? 'invalid'}`);
    return { status: 200, body: pendingJob(newJob(request, data.kreaJobs, 'train', undefined, read.body)) };
  }
  const style = /^\/styles\/([A-Za-z0-9_-]+)(\/share\/link|\/share\/workspace)?$/.exec(path);
  if (style) {
    const found = data.kreaStyles.find((s) => s.id === style[1]);
    if (!found) return error(404, 'Style not found');
    if (style[2] === undefined && method === 'GET') return { status: 200, body: publicStyle(found) };
    if (style[2] === undefined && method === 'PATCH') {
      const read = await readJson(request);
      if (!('body' in read)) return read;
      const validate = validatorFor('/styles/{id}', 'patch');
      if (!validate(read.body))
        return error(400, `Invalid request body: ${validate.errors?.[0]?.message ?? 'invalid'}`);
      Object.assign(found, read.body);
      return { status: 200, body: publicStyle(found) };
    }
    if (style[2] === '/share/link' && method === 'GET') {
      return { status: 200, body: { share_link: `https://krea.sandbox/styles/shared/${found.id}`, is_new: false } };
    }
    if (style[2] === '/share/workspace' && method === 'POST') {
      found.shared = true;
      return {
        status: 200,
        body: { success: true, style_id: found.id, workspace: { id: 'ws-sandbox', name: 'Sandbox', is_default: true } },
      };
    }
    if (style[2] === '/share/workspace' && method === 'DELETE') {
      found.shared = false;
      return { status: 200, body: { success: true } };
    }
    return error(405, 'Method not allowed');
  }
  const app = /^\/node-apps\/([A-Za-z0-9_-]+)(\/execute)?$/.exec(path);
  if (app) {
    const found = data.kreaNodeApps.find((a) => a.id === app[1]);
    if (!found) return error(404, 'Node app not found');
    if (app[2] === undefined && method === 'GET') {
      const now = '2026-10-01T12:00:00.000Z';
      return {
        status: 200,
        body: {
          ...found,
          author_id: 'sandbox',
          workspace_id: 'ws-sandbox',
          scope: 'public',
          created_at: now,
          updated_at: now,
          last_version_id: found.id,
          version: 1,
          version_created_at: now,
          username: 'sandbox',
          example_outputs: null,
          input_key_mapping: null,
          output_key_mapping: null,
        },
      };
    }
    if (app[2] === '/execute' && method === 'POST') {
      const read = await readJson(request);
      if (!('body' in read)) return read;
      const validate = validatorOf(found.input_openapi_schema);
      if (!validate(read.body)) return error(400, `Invalid input: ${validate.errors?.[0]?.message ?? 'invalid'}`);
      return { status: 200, body: [pendingJob(newJob(request, data.kreaJobs, 'node-app', 'png', read.body))] };
    }
    return error(405, 'Method not allowed');
  }
  return undefined;
}
