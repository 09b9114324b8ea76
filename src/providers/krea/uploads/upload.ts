/**
 * An upload streamed on to Krea: the leading bytes are sniffed before any
 * upstream request starts (a disallowed type never reaches Krea), and the
 * bytes are counted as they pass, so a file over the limit aborts the
 * upstream request before it is complete. Memory use is a few chunks,
 * whatever the file's size.
 */
import { Transform } from 'node:stream';
import type { Readable, TransformCallback } from 'node:stream';
import type { KreaClient } from '../client.js';
import type { KreaAsset } from '../shapes.js';
import { KREA_MAX_UPLOAD_BYTES, KREA_MEDIA_NAMES, sniffKreaMedia, SNIFF_BYTES } from './media.js';
import { UploadError } from '../../../uploads/upload.js';
import type { StreamedUpload } from '../../../uploads/upload.js';

export interface KreaUploadOptions {
  description?: string | null | undefined;
  maxBytes?: number;
  timeoutMs?: number | undefined;
}

/** The first `bytes` bytes (or all, if fewer), leaving the stream paused after them. */
function readHead(stream: Readable, bytes: number): Promise<{ head: Buffer; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (ended: boolean) => {
      stream.off('data', onData).off('end', onEnd).off('error', onError);
      stream.pause();
      resolve({ head: Buffer.concat(chunks), ended });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= bytes) done(false);
    };
    const onEnd = () => done(true);
    const onError = (error: Error) => reject(new UploadError(`The upload was cut short (${error.message})`));
    stream.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

/**
 * Streamed chunks are garbage as soon as they are written upstream, but V8
 * frees array buffers only when it collects, and it collects a quiet heap
 * late: a 75 MB upload would leave tens of MB of dead chunks in RSS. When the
 * process runs with --expose-gc (`npm start` does), a cheap young-generation
 * collection every few MB keeps that bounded without changing how the rest
 * of the gateway is collected.
 */
const COLLECT_EVERY_BYTES = 8 * 1024 * 1024;
const collectYoung: (() => void) | undefined =
  typeof globalThis.gc === 'function' ? () => globalThis.gc?.({ type: 'minor' }) : undefined;

/** Passes bytes through, failing once more than `limit` went by (counting the head). */
class ByteLimit extends Transform {
  exceeded = false;
  private sinceCollect = 0;

  constructor(
    private received: number,
    private readonly limit: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.received += chunk.length;
    this.sinceCollect += chunk.length;
    if (collectYoung && this.sinceCollect >= COLLECT_EVERY_BYTES) {
      this.sinceCollect = 0;
      collectYoung();
    }
    if (this.received > this.limit) {
      this.exceeded = true;
      callback(new UploadError(`The file is larger than Krea's limit of ${this.limit} bytes (75 MB)`));
      return;
    }
    callback(null, chunk);
  }
}

export async function uploadToKrea(
  krea: KreaClient,
  upload: StreamedUpload,
  options: KreaUploadOptions = {},
): Promise<KreaAsset> {
  const maxBytes = options.maxBytes ?? KREA_MAX_UPLOAD_BYTES;
  const file = await upload.take();
  const source = file.stream;
  // Whatever goes wrong, let the client finish sending: the rest is read and dropped.
  const drain = () => {
    source.unpipe();
    source.resume();
  };

  const { head, ended } = await readHead(source, SNIFF_BYTES);
  if (head.length === 0) throw new UploadError('The file is empty');
  const media = await sniffKreaMedia(head.subarray(0, SNIFF_BYTES));
  if (!media) {
    drain();
    throw new UploadError(`Krea accepts ${KREA_MEDIA_NAMES}; the file's content is none of them`);
  }
  const limit = new ByteLimit(head.length, maxBytes);
  if (head.length > maxBytes) {
    drain();
    throw new UploadError(`The file is larger than Krea's limit of ${maxBytes} bytes (75 MB)`);
  }
  let cutShort: Error | undefined;
  source.once('error', (error) => {
    cutShort = new UploadError(`The upload was cut short (${error.message})`);
    limit.destroy(cutShort);
  });
  if (ended) limit.end();
  else source.pipe(limit);

  async function* content(): AsyncGenerator<Uint8Array> {
    yield head;
    // Throwing here (the limit) aborts the upstream request mid-body: Krea
    // never receives a complete request for an oversized file.
    yield* limit;
  }

  try {
    return await krea.uploadAsset({
      filename: file.filename,
      contentType: media.mime,
      content: content(),
      description: options.description ?? undefined,
      timeoutMs: options.timeoutMs,
    });
  } catch (error) {
    drain();
    if (limit.exceeded) throw new UploadError(`The file is larger than Krea's limit of ${maxBytes} bytes (75 MB)`);
    throw cutShort ?? error;
  }
}
