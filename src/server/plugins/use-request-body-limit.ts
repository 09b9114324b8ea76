/**
 * Request body limits by kind: small for GraphQL documents, large enough for
 * one upload in a multipart request. Replaces yoga's single
 * `maxRequestBodySize`, which would either cut uploads short or let 75 MB
 * JSON bodies in. Checks Content-Length up front; the bytes of a body without
 * one are counted as it is read (here for documents; the streaming multipart
 * parser counts its own, and each file is limited again where it is read).
 *
 * Must come after every plugin that sets a request parser: it wraps the one
 * that was chosen.
 */
import { createGraphQLError } from 'graphql-yoga';
import type { Plugin } from 'graphql-yoga';

export interface RequestBodyLimitOptions {
  /** Bytes for a JSON or other non-multipart body. @default 2 MB */
  defaultBytes?: number;
  /** Bytes for a multipart request (all parts together). */
  multipartBytes: number;
}

function tooLarge(limit: number) {
  return createGraphQLError(`Request body too large (at most ${limit} bytes)`, {
    extensions: { code: 'BAD_USER_INPUT', http: { status: 413 } },
  });
}

/** MAX_REQUEST_BYTES' default (both lanes hold bodies to it). */
export const DEFAULT_MAX_REQUEST_BYTES = 2_000_000;

export function useRequestBodyLimit({
  defaultBytes = DEFAULT_MAX_REQUEST_BYTES,
  multipartBytes,
}: RequestBodyLimitOptions): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const multipart = request.headers.get('content-type')?.toLowerCase().startsWith('multipart/form-data') ?? false;
      const limit = multipart ? multipartBytes : defaultBytes;
      const declared = request.headers.get('content-length');
      if (declared !== null && (!/^\d+$/.test(declared) || Number(declared) > limit)) throw tooLarge(limit);
      // A declared length within the limit bounds the body already (node's
      // parser reads no more than it); only a chunked body must be counted,
      // and wrapping every body in a counting stream costs a stream pipeline.
      if (multipart || declared !== null || !requestParser || !request.body) return;
      const parse = requestParser;
      setRequestParser((incoming) => {
        const body = incoming.body;
        if (!body) return parse(incoming);
        let read = 0;
        // A native stream needs the native TransformStream, a ponyfilled one the ponyfill.
        const Transform = body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
        const counted = body.pipeThrough(
          new Transform<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              read += chunk.byteLength;
              if (read > limit) controller.error(tooLarge(limit));
              else controller.enqueue(chunk);
            },
          }),
        );
        return parse(
          new fetchAPI.Request(incoming.url, {
            method: incoming.method,
            headers: incoming.headers,
            signal: incoming.signal,
            body: counted,
            // @ts-expect-error Node's RequestInit lacks `duplex`, which a streamed body requires.
            duplex: 'half',
          }),
        );
      });
    },
  };
}
