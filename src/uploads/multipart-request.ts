/**
 * Reads a GraphQL multipart request (github.com/jaydenseric/graphql-multipart-request-spec)
 * as a stream with busboy: `operations` and `map` come first, and as soon as
 * they are read the operation is handed on, with a StreamedUpload at every
 * mapped variable. File parts are then delivered to their uploads as they
 * arrive. Nothing is buffered beyond busboy's own chunks.
 */
import { Readable, Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import busboy from 'busboy';
import { StreamedUpload, UploadError } from './upload.js';

export interface MultipartLimits {
  /** Files one request may carry. */
  maxFiles: number;
  /** Size of the `operations` and `map` fields. */
  maxFieldBytes: number;
  /** The whole body; each file is limited again where it is read. */
  maxBytes: number;
}

export interface ParsedMultipart {
  params: Record<string, unknown>;
  uploads: StreamedUpload[];
}

function parseJson(name: 'operations' | 'map', value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new UploadError(`The multipart field "${name}" is not JSON`);
  }
}

/** Keys that would reach an object's prototype instead of the object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Puts `value` at a map path such as `variables.input.file` (only into
 * variables), where the spec says the operation holds a `null` placeholder.
 * Every step must be an own property (so no path reaches a prototype), and
 * a placeholder takes one file: a path that is not in the operation, or that
 * another file already took, is refused.
 */
function place(operations: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  if (keys[0] !== 'variables' || keys.length < 2) throw new UploadError('A map path must start with "variables."');
  if (keys.some((key) => FORBIDDEN_KEYS.has(key))) throw new UploadError('A map path names a forbidden key');
  let target: unknown = operations;
  for (const key of keys.slice(0, -1)) {
    target = isObject(target) && Object.hasOwn(target, key) ? target[key] : undefined;
    if (!isObject(target)) throw new UploadError('A map path is not in the operation');
  }
  const last = keys[keys.length - 1]!;
  if (!isObject(target) || !Object.hasOwn(target, last) || target[last] !== null) {
    throw new UploadError('A map path must point at a null placeholder in the operation');
  }
  target[last] = value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Fails the stream once more than `limit` bytes went through. */
class BodyLimit extends Transform {
  private seen = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) callback(new UploadError(`The request body is larger than ${this.limit} bytes`));
    else callback(null, chunk);
  }
}

/**
 * The request body as a node stream. Under node:http, yoga's Request body is
 * a proxy of the IncomingMessage itself: piping that keeps backpressure and
 * avoids a web-stream layer per chunk. Elsewhere (yoga.fetch) it is a web
 * ReadableStream, which is async-iterable.
 */
function nodeStream(body: Request['body']): Readable {
  if (!body) return Readable.from([]);
  const candidate = body as unknown as Partial<Readable>;
  if (typeof candidate.pipe === 'function' && typeof candidate.on === 'function') return candidate as Readable;
  return Readable.from(body as unknown as AsyncIterable<Uint8Array>);
}

export function parseGraphQLMultipart(request: Request, limits: MultipartLimits): Promise<ParsedMultipart> {
  return new Promise((resolve, reject) => {
    const contentType = request.headers.get('content-type') ?? '';
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        limits: { files: limits.maxFiles, fields: 2, fieldSize: limits.maxFieldBytes, parts: limits.maxFiles + 2 },
      });
    } catch {
      reject(new UploadError('The request is not valid multipart/form-data'));
      return;
    }
    let operations: Record<string, unknown> | undefined;
    const uploads = new Map<string, StreamedUpload>();
    let settled = false;
    const fail = (error: Error) => {
      for (const upload of uploads.values()) upload.fail(error);
      if (!settled) {
        settled = true;
        reject(error);
      }
      // Read and drop the rest, so the client can finish and get its answer.
      source.unpipe();
      source.resume();
    };

    parser.on('field', (name, value, info) => {
      try {
        if (name !== 'operations' && name !== 'map') throw new UploadError('Only "operations" and "map" may be fields');
        if (info.valueTruncated) throw new UploadError(`The multipart field "${name}" is too large`);
        if (name === 'operations') {
          const parsed = parseJson(name, value);
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
            throw new UploadError('Batched multipart operations are not supported');
          }
          operations = parsed as Record<string, unknown>;
        } else {
          if (!operations) throw new UploadError('The multipart field "operations" must come before "map"');
          const map = parseJson(name, value);
          if (typeof map !== 'object' || map === null || Array.isArray(map))
            throw new UploadError('The multipart field "map" must be an object');
          const entries = Object.entries(map);
          // Refused before any file part is read: a file the operation cannot
          // take would stall the parser behind it (no one reads it).
          if (entries.length > limits.maxFiles) throw new UploadError(`At most ${limits.maxFiles} files per request`);
          for (const [field, paths] of entries) {
            if (!Array.isArray(paths) || paths.length === 0 || paths.some((path) => typeof path !== 'string')) {
              throw new UploadError('Each map entry must be a non-empty list of paths');
            }
            const upload = new StreamedUpload(field);
            uploads.set(field, upload);
            for (const path of paths as string[]) place(operations, path, upload);
          }
          settled = true;
          resolve({ params: operations, uploads: [...uploads.values()] });
        }
      } catch (error) {
        fail(error instanceof Error ? error : new UploadError(String(error)));
      }
    });
    parser.on('file', (name, stream, info) => {
      // A body that ends inside this part errors the part's stream. Its reader
      // (if any) sees that error through its own listener; without this one, a
      // part nobody reads would throw it at the process.
      stream.on('error', () => undefined);
      const upload = uploads.get(name);
      if (!settled || !upload) {
        stream.resume();
        if (!settled) fail(new UploadError('Files must come after the "operations" and "map" fields'));
        return;
      }
      upload.deliver({ filename: info.filename ?? name, mimeType: info.mimeType, stream });
    });
    parser.on('filesLimit', () => fail(new UploadError(`At most ${limits.maxFiles} files per request`)));
    parser.on('error', (error) =>
      fail(new UploadError(`The multipart body is malformed: ${(error as Error).message}`)),
    );
    parser.on('close', () => {
      for (const upload of uploads.values()) upload.fail(new UploadError('A file announced in "map" was not sent'));
      if (!settled) fail(new UploadError('The multipart body has no "operations" and "map" fields'));
    });

    const source = nodeStream(request.body);
    const limit = new BodyLimit(limits.maxBytes);
    source.on('error', (error) => parser.destroy(error));
    limit.on('error', (error) => fail(error instanceof UploadError ? error : new UploadError(error.message)));
    source.pipe(limit).pipe(parser);
  });
}
