/**
 * GraphQL multipart requests (the spec's `operations`, `map`, files) for
 * tests, with a file body that can be generated as a stream of any size.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { request } from 'undici';

export interface MultipartFile {
  filename: string;
  contentType: string;
  chunks: () => AsyncIterable<Uint8Array>;
}

export const CSRF = { 'x-graphql-yoga-csrf': '1' };

export interface MultipartResponse<T> {
  status: number;
  body: { data?: T | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

export async function postMultipart<T = Record<string, unknown>>(
  url: string,
  operations: { query: string; variables: Record<string, unknown> },
  files: Record<string, { paths: string[]; file: MultipartFile }>,
  headers: Record<string, string> = CSRF,
): Promise<MultipartResponse<T>> {
  const boundary = `test-${randomUUID()}`;
  const map = Object.fromEntries(Object.entries(files).map(([key, entry]) => [key, entry.paths]));
  async function* body() {
    yield `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify(operations)}\r\n`;
    yield `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n${JSON.stringify(map)}\r\n`;
    for (const [key, { file }] of Object.entries(files)) {
      yield `--${boundary}\r\nContent-Disposition: form-data; name="${key}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`;
      yield* file.chunks();
      yield '\r\n';
    }
    yield `--${boundary}--\r\n`;
  }
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, accept: 'application/json', ...headers },
    body: Readable.from(body()),
  });
  const text = await response.body.text();
  return { status: response.statusCode, body: JSON.parse(text) as MultipartResponse<T>['body'] };
}

/**
 * A PNG signature followed by pseudo-random bytes (or zeros, which are
 * cheaper for huge files), `size` bytes in all, generated as it is read.
 */
export function pngOfSize(size: number, seed: number | 'zeros' = 1): MultipartFile {
  return {
    filename: 'picture.png',
    contentType: 'image/png',
    async *chunks() {
      const signature = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
      yield signature.subarray(0, Math.min(size, signature.length));
      let left = size - signature.length;
      let state = seed === 'zeros' ? 0 : seed;
      const zeros = Buffer.alloc(64 * 1024);
      while (left > 0) {
        const length = Math.min(left, 64 * 1024);
        left -= length;
        if (seed === 'zeros') {
          yield zeros.subarray(0, length);
          continue;
        }
        const chunk = Buffer.allocUnsafe(length);
        for (let i = 0; i < length; i++) {
          state = (state * 1103515245 + 12345) & 0x7fffffff;
          chunk[i] = state & 0xff;
        }
        yield chunk;
      }
    },
  };
}

export async function collect(file: MultipartFile): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of file.chunks()) parts.push(chunk);
  return Buffer.concat(parts);
}
