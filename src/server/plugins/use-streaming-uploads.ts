/**
 * GraphQL multipart requests, streamed. yoga's own multipart parsing turns
 * every file into an in-memory File before the operation runs; for 75 MB
 * media uploads that is 75 MB per request. This parser hands the operation
 * on as soon as `operations` and `map` are read, with streaming uploads in
 * the variables, and discards whatever a finished request left unread.
 *
 * Must come after CSRF prevention in the plugin list, which rejects
 * multipart requests without a preflight header before they are parsed.
 */
import { createGraphQLError } from 'graphql-yoga';
import type { Plugin } from 'graphql-yoga';
import { parseGraphQLMultipart } from '../../uploads/multipart-request.js';
import type { MultipartLimits } from '../../uploads/multipart-request.js';
import { UploadError } from '../../uploads/upload.js';
import type { StreamedUpload } from '../../uploads/upload.js';

export function useStreamingUploads(limits: MultipartLimits): Plugin {
  const pending = new WeakMap<Request, StreamedUpload[]>();
  return {
    onRequestParse({ request, setRequestParser }) {
      if (!request.headers.get('content-type')?.toLowerCase().startsWith('multipart/form-data')) return;
      setRequestParser(async (incoming) => {
        try {
          const { params, uploads } = await parseGraphQLMultipart(incoming, limits);
          pending.set(incoming, uploads);
          return params;
        } catch (error) {
          if (!(error instanceof UploadError)) throw error;
          throw createGraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
        }
      });
    },
    onResponse({ request }) {
      for (const upload of pending.get(request) ?? []) upload.discard();
      pending.delete(request);
    },
  };
}
