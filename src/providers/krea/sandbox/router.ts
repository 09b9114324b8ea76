/**
 * The simulated Krea REST API, written from krea-openapi.json and the seed
 * documents: GET/POST /assets, GET/DELETE /assets/{id}, GET /jobs,
 * GET/DELETE /jobs/{id}; generation (generate.ts), styles and node apps
 * (styles.ts). Bearer auth; errors are `{"error": "..."}`.
 */
import { TERMINAL_JOB_STATUSES, JOB_STATUSES } from './data.js';
import type { SandboxKreaJob, SandboxKreaJobStatus } from './data.js';
import type { SandboxTenant } from '../../../sandbox/data.js';
import type { Reply, RouteRequest, Router } from '../../../sandbox/routes.js';
import type { SimulationContext } from '../../../sandbox/simulated-api.js';
import { GENERATION_PATHS, serveFile, startGeneration } from './generate.js';
import { routeStyles } from './styles.js';
import { receiveUpload } from './uploads.js';
import type { RecordedUpload } from './uploads.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function error(status: number, message: string): Reply {
  return { status, body: { error: message } };
}

function parseLimit(query: URLSearchParams): number | Reply {
  const raw = query.get('limit');
  if (raw === null) return 100;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > 1000) {
    return error(400, 'limit must be an integer between 1 and 1000');
  }
  return value;
}

function parseCursor(query: URLSearchParams): number | undefined | Reply {
  const raw = query.get('cursor');
  if (raw === null) return undefined;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? error(400, 'cursor must be an ISO 8601 date-time') : at;
}

/** Newest first, strictly older than the cursor; next_cursor is the last item's timestamp. */
function page<T>(items: readonly T[], createdAt: (item: T) => string, query: URLSearchParams): Reply {
  const limit = parseLimit(query);
  if (typeof limit !== 'number') return limit;
  const cursor = parseCursor(query);
  if (typeof cursor === 'object') return cursor;
  const older = cursor === undefined ? items : items.filter((item) => Date.parse(createdAt(item)) < cursor);
  const slice = older.slice(0, limit);
  const last = slice[slice.length - 1];
  const more = older.length > slice.length;
  return { status: 200, body: { items: slice, next_cursor: more && last ? createdAt(last) : null } };
}

/** A job as Krea's API shows it (GET /jobs/{id}, and the webhook body). */
export function publicKreaJob(job: SandboxKreaJob) {
  // `type`, `output` and `request` are the sandbox's own bookkeeping; Krea's
  // documented job object does not carry them.
  const { type: _type, output: _output, request: _request, webhookUrl: _webhookUrl, ...rest } = job;
  return rest;
}

export function kreaRouter({ tenants, tenantOf }: SimulationContext, uploads: RecordedUpload[]): Router {
  return async (request: RouteRequest) => {
    // Result files are public, as Krea's CDN URLs are.
    if (request.method === 'GET' && request.path.startsWith('/files/')) {
      return serveFile(
        request.path,
        tenants.flatMap((t) => t.data.kreaJobs),
      );
    }
    const tenantIndex = tenantOf(request.headers);
    const tenant = tenants[tenantIndex];
    if (!tenant) return error(401, 'Unauthorized');
    if (request.method === 'POST' && GENERATION_PATHS.has(request.path)) {
      return { ...(await startGeneration(request, tenant.data.kreaJobs)), tenant: tenantIndex };
    }
    const styles = await routeStyles(request, tenant.data);
    if (styles) return { ...styles, tenant: tenantIndex };
    if (request.method === 'POST' && request.path === '/assets') {
      return {
        ...(await receiveUpload(request, tenantIndex, tenant.data.kreaAssets, tenant.data.files.krea, uploads)),
        tenant: tenantIndex,
      };
    }
    return { ...route(request, tenant), tenant: tenantIndex };
  };
}

function route(request: RouteRequest, tenant: SandboxTenant): Reply {
  const { method, path, query } = request;
  const data = tenant.data;
  const [, collection, id, extra] = path.split('/');
  if (extra !== undefined) return error(404, 'Not found');

  if (collection === 'assets' && id === undefined) {
    if (method === 'GET') return page(data.kreaAssets, (a) => a.uploaded_at, query);
    return error(405, 'Method not allowed');
  }
  if (collection === 'assets' && id !== undefined) {
    if (!UUID.test(id)) return error(404, 'Asset not found');
    const index = data.kreaAssets.findIndex((a) => a.id === id);
    if (index < 0) return error(404, 'Asset not found');
    if (method === 'GET') return { status: 200, body: data.kreaAssets[index] };
    if (method === 'DELETE') {
      data.kreaAssets.splice(index, 1);
      return { status: 200, body: { success: true, message: 'Asset deleted' } };
    }
    return error(405, 'Method not allowed');
  }
  if (collection === 'jobs' && id === undefined) {
    if (method !== 'GET') return error(405, 'Method not allowed');
    const status = query.get('status');
    if (status !== null && !JOB_STATUSES.includes(status as SandboxKreaJobStatus)) {
      return error(400, `status must be one of ${JOB_STATUSES.join(', ')}`);
    }
    const types = (query.get('types') ?? '').split(',').filter((t) => t !== '');
    const jobs = data.kreaJobs.filter(
      (job) => (status === null || job.status === status) && (types.length === 0 || types.includes(job.type)),
    );
    const reply = page(jobs, (j) => j.created_at, query);
    if (reply.status === 200) {
      const body = reply.body as { items: typeof jobs; next_cursor: string | null };
      return { status: 200, body: { items: body.items.map(publicKreaJob), next_cursor: body.next_cursor } };
    }
    return reply;
  }
  if (collection === 'jobs' && id !== undefined) {
    const index = data.kreaJobs.findIndex((j) => j.job_id === id);
    const job = data.kreaJobs[index];
    if (!job) return error(404, 'Job not found');
    if (method === 'GET') return { status: 200, body: publicKreaJob(job) };
    if (method === 'DELETE') {
      // Cancels a job still in flight; removes one that has finished.
      if (TERMINAL_JOB_STATUSES.includes(job.status)) data.kreaJobs.splice(index, 1);
      else Object.assign(job, { status: 'cancelled', completed_at: new Date().toISOString() });
      return { status: 200, body: { success: true } };
    }
    return error(405, 'Method not allowed');
  }
  return error(404, 'Not found');
}
