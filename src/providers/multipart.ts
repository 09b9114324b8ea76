/**
 * A multipart/form-data body written as a stream (RFC 7578): text fields,
 * then one file whose bytes come from an async iterable. undici's FormData
 * wants a Blob, which would mean holding the whole file; this does not.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';

export interface StreamedFilePart {
  name: string;
  filename: string;
  contentType: string;
  content: AsyncIterable<Uint8Array>;
}

/** Quotes a header parameter; CR, LF and quotes cannot appear in it. */
function quoted(value: string): string {
  return `"${value.replace(/["\r\n\\]/g, '_')}"`;
}

export function multipartBody(
  fields: Readonly<Record<string, string | undefined>>,
  file: StreamedFilePart,
): { contentType: string; body: Readable } {
  const boundary = `mediagraph-${randomUUID()}`;
  async function* parts(): AsyncGenerator<Uint8Array | string> {
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      yield `--${boundary}\r\nContent-Disposition: form-data; name=${quoted(name)}\r\n\r\n${value}\r\n`;
    }
    yield `--${boundary}\r\nContent-Disposition: form-data; name=${quoted(file.name)}; filename=${quoted(file.filename)}\r\nContent-Type: ${file.contentType}\r\n\r\n`;
    yield* file.content;
    yield `\r\n--${boundary}--\r\n`;
  }
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: Readable.from(parts(), { objectMode: false }),
  };
}
