/**
 * The sandbox's Krea generation endpoints, every POST /generate/… of Krea's
 * document, read from the document itself (specs/krea-openapi.json) and
 * written without the gateway's mapping: a body is checked against the
 * endpoint's own JSON Schema (400 with Krea's error body otherwise), a job
 * starts queued and moves on with the sandbox's steps, and a completed job's
 * result is a file this sandbox serves (a real PNG for images, a small MP4
 * for videos). 402 and 429 come from the fault switch (`injectFault`).
 */
import { randomUUID } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import kreaDocument from '../../../../specs/krea-openapi.json' with { type: 'json' };
import type { SandboxKreaJob } from './data.js';
import { gradientPng } from '../../../sandbox/png.js';
import type { Reply, RouteRequest } from '../../../sandbox/server.js';
import { readText } from '../../../sandbox/server.js';
import { SANDBOX_MP4 } from '../../../sandbox/video.js';

interface DocumentOperation {
  requestBody?: { content?: Record<string, { schema?: object }> };
}

const paths = kreaDocument.paths as unknown as Record<string, Record<string, DocumentOperation>>;
const ajv = new Ajv2020({ strict: false, allErrors: false });
addFormats.default(ajv);
const validators = new Map<string, ValidateFunction>();

/** The document's generation endpoints. */
export const GENERATION_PATHS: ReadonlySet<string> = new Set(
  Object.keys(paths).filter((path) => path.startsWith('/generate/') && paths[path]?.post),
);

/** The request body validator of one operation of the document. */
export function validatorFor(path: string, method = 'post'): ValidateFunction {
  const key = `${method} ${path}`;
  let validate = validators.get(key);
  if (!validate) {
    const schema = paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema ?? {};
    validate = ajv.compile(schema);
    validators.set(key, validate);
  }
  return validate;
}

/** A validator for a schema of the sandbox's own data (a node app's input schema), compiled once. */
const ownValidators = new WeakMap<object, ValidateFunction>();
export function validatorOf(schema: object): ValidateFunction {
  let validate = ownValidators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    ownValidators.set(schema, validate);
  }
  return validate;
}

/** The parsed JSON body of a request, or a 400 reply. */
export async function readJson(request: RouteRequest): Promise<{ body: unknown } | Reply> {
  const text = await readText(request.raw);
  try {
    return { body: text === undefined || text === '' ? undefined : JSON.parse(text) };
  } catch {
    return error(400, 'Invalid JSON body');
  }
}

/** A new job as Krea's POST answers describe it, added to the tenant's jobs. */
export function newJob(
  request: RouteRequest,
  jobs: SandboxKreaJob[],
  type: string,
  kind: 'png' | 'mp4' | undefined,
  body: unknown,
): SandboxKreaJob {
  const host = request.headers.host ?? '127.0.0.1';
  const job: SandboxKreaJob = {
    job_id: randomUUID(),
    type,
    status: 'queued',
    created_at: new Date().toISOString(),
    request: body as Record<string, unknown>,
  };
  if (kind) job.output = { base: `http://${host}/files`, kind };
  const webhook = request.headers['x-webhook-url'];
  if (typeof webhook === 'string') job.webhookUrl = webhook;
  jobs.unshift(job);
  return job;
}

export const pendingJob = (job: SandboxKreaJob) => ({
  job_id: job.job_id,
  status: job.status,
  created_at: job.created_at,
  completed_at: null,
  result: null,
});

export const error = (status: number, message: string): Reply => ({ status, body: { error: message } });

/** What a generated job's file is, by its endpoint. */
export function outputKind(path: string): 'png' | 'mp4' {
  return path.startsWith('/generate/video/') ? 'mp4' : 'png';
}

export async function startGeneration(request: RouteRequest, jobs: SandboxKreaJob[]): Promise<Reply> {
  const read = await readJson(request);
  if (!('body' in read)) return read;
  const validate = validatorFor(request.path);
  if (!validate(read.body)) {
    const first = validate.errors?.[0];
    return error(400, `Invalid request body: ${first?.instancePath || 'body'} ${first?.message ?? 'is invalid'}`);
  }
  const job = newJob(request, jobs, request.path.split('/')[2]!, outputKind(request.path), read.body);
  return { status: 200, body: pendingJob(job) };
}

/** GET /files/<job id>.<png|mp4>: the file a generated job made. */
export function serveFile(path: string, jobs: readonly SandboxKreaJob[]): Reply {
  const match = /^\/files\/([0-9a-f-]{36})\.(png|mp4)$/.exec(path);
  const job = match ? jobs.find((j) => j.job_id === match[1]) : undefined;
  if (!match || !job || job.status !== 'completed') return error(404, 'File not found');
  if (match[2] === 'png')
    return { status: 200, body: gradientPng(job.job_id), headers: { 'content-type': 'image/png' } };
  return { status: 200, body: SANDBOX_MP4, headers: { 'content-type': 'video/mp4' } };
}
