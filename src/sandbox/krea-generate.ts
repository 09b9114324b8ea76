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
import kreaDocument from '../../specs/krea-openapi.json' with { type: 'json' };
import type { SandboxKreaJob } from './data.js';
import { gradientPng } from './png.js';
import type { Reply, RouteRequest } from './server.js';
import { readText } from './server.js';
import { SANDBOX_MP4 } from './video.js';

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

function validatorFor(path: string): ValidateFunction {
  let validate = validators.get(path);
  if (!validate) {
    const schema = paths[path]?.post?.requestBody?.content?.['application/json']?.schema ?? {};
    validate = ajv.compile(schema);
    validators.set(path, validate);
  }
  return validate;
}

const error = (status: number, message: string): Reply => ({ status, body: { error: message } });

/** What a generated job's file is, by its endpoint. */
export function outputKind(path: string): 'png' | 'mp4' {
  return path.startsWith('/generate/video/') ? 'mp4' : 'png';
}

export async function startGeneration(request: RouteRequest, jobs: SandboxKreaJob[]): Promise<Reply> {
  const text = await readText(request.raw);
  let body: unknown;
  try {
    body = text === undefined ? undefined : JSON.parse(text);
  } catch {
    return error(400, 'Invalid JSON body');
  }
  const validate = validatorFor(request.path);
  if (!validate(body)) {
    const first = validate.errors?.[0];
    return error(400, `Invalid request body: ${first?.instancePath || 'body'} ${first?.message ?? 'is invalid'}`);
  }
  const host = request.headers.host ?? '127.0.0.1';
  const job: SandboxKreaJob = {
    job_id: randomUUID(),
    type: request.path.split('/')[2]!,
    status: 'queued',
    created_at: new Date().toISOString(),
    output: { base: `http://${host}/files`, kind: outputKind(request.path) },
    request: body as Record<string, unknown>,
  };
  jobs.unshift(job);
  return {
    status: 200,
    body: { job_id: job.job_id, status: job.status, created_at: job.created_at, completed_at: null, result: null },
  };
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
