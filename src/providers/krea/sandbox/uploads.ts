/**
 * Krea's POST /assets in the sandbox: multipart/form-data with `file` and an
 * optional `description`, at most 75 MB of JPEG, PNG, WebP, HEIC, MP4, MOV,
 * WebM, GLB, WAV or MP3 (judged, as Krea documents, by the declared type).
 * Records every completed upload (size and digest of what arrived, so tests
 * can compare bytes without the sandbox keeping them).
 */
import { createHash, randomUUID } from 'node:crypto';
import busboy from 'busboy';
import type { SandboxKreaAsset } from './data.js';
import type { Reply, RouteRequest } from '../../../sandbox/routes.js';

export interface RecordedUpload {
  tenant: number;
  filename: string;
  mimeType: string;
  description: string | undefined;
  size: number;
  sha256: string;
}

const MAX_BYTES = 75 * 1024 * 1024;
const TYPES: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'video/webm': 'webm',
  'model/gltf-binary': 'glb',
  'audio/wav': 'wav',
  'audio/mpeg': 'mp3',
};

const error = (status: number, message: string): Reply => ({ status, body: { error: message } });

export function receiveUpload(
  request: RouteRequest,
  tenant: number,
  assets: SandboxKreaAsset[],
  /** Where the new asset's file URL points (the tenant's Krea file origin). */
  filesOrigin: string,
  uploads: RecordedUpload[],
): Promise<Reply> {
  return new Promise((resolve) => {
    let parser: busboy.Busboy;
    try {
      // One byte over the limit, so that a file of exactly the limit is not cut.
      parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: MAX_BYTES + 1 } });
    } catch {
      resolve(error(400, 'Expected multipart/form-data'));
      return;
    }
    let description: string | undefined;
    let file: Omit<RecordedUpload, 'tenant' | 'description'> | undefined;
    let refused: Reply | undefined;
    parser.on('field', (name, value) => {
      if (name === 'description') description = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || TYPES[info.mimeType] === undefined) {
        refused ??= error(400, 'Invalid file type');
        stream.resume();
        return;
      }
      const hash = createHash('sha256');
      let size = 0;
      // A body cut short errors the part; the upload is then simply not recorded.
      stream.on('error', () => undefined);
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        hash.update(chunk);
      });
      stream.on('limit', () => {
        refused = error(400, 'File too large (maximum 75MB)');
      });
      stream.on('end', () => {
        if (size > MAX_BYTES) refused = error(400, 'File too large (maximum 75MB)');
        file = { filename: info.filename ?? 'file', mimeType: info.mimeType, size, sha256: hash.digest('hex') };
      });
    });
    parser.on('error', () => resolve(error(400, 'Malformed multipart body')));
    let aborted = false;
    parser.on('close', () => {
      if (aborted) return resolve(error(400, 'The request was cut short'));
      if (refused) return resolve(refused);
      if (!file) return resolve(error(400, 'The field "file" is required'));
      uploads.push({ tenant, description, ...file });
      const id = randomUUID();
      const asset: SandboxKreaAsset = {
        id,
        image_url: `${filesOrigin}/assets/${id}.${TYPES[file.mimeType]}`,
        uploaded_at: new Date().toISOString(),
        width: null,
        height: null,
        size_bytes: file.size,
        mime_type: file.mimeType,
        ...(description !== undefined && { description }),
      };
      assets.unshift(asset);
      resolve({ status: 200, body: asset });
    });
    // A client that gives up mid-body leaves no upload behind.
    request.raw.on('aborted', () => {
      aborted = true;
      parser.destroy();
    });
    request.raw.pipe(parser);
  });
}
