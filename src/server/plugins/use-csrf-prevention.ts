/**
 * CSRF prevention where it matters. A browser sends a cross-site POST without
 * a preflight only with a "simple" content type (form, multipart, text) or
 * none; such a request must carry a header a page cannot set cross-site
 * unpreflighted. A GET never runs a mutation (yoga answers 405), so GET
 * queries need no header: every common client (urql's default GET among
 * them) works as it is. JSON POSTs are preflighted by the browser already.
 *
 * yoga's own plugin also demands the header on every GET; this one differs
 * only in that and in naming the headers in its answer.
 */
import { createGraphQLError } from 'graphql-yoga';
import type { Plugin } from 'graphql-yoga';

export const PREFLIGHT_HEADERS = ['x-graphql-yoga-csrf', 'graphql-preflight', 'apollo-require-preflight'] as const;

const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

function isSimple(contentType: string | null): boolean {
  if (contentType === null) return true;
  const type = contentType.toLowerCase();
  return SIMPLE_CONTENT_TYPES.some((simple) => type.startsWith(simple));
}

/** Whether a request of this method and content type, with these headers, is refused (both lanes ask). */
export function lacksPreflight(method: string, contentType: string | null, has: (name: string) => boolean): boolean {
  if (method === 'GET' || method === 'HEAD') return false;
  if (!isSimple(contentType)) return false;
  return !PREFLIGHT_HEADERS.some(has);
}

export function useCsrfPrevention(): Plugin {
  return {
    onRequestParse({ request }) {
      if (!lacksPreflight(request.method, request.headers.get('content-type'), (name) => request.headers.has(name)))
        return;
      throw createGraphQLError(
        `This request needs a CSRF preflight header: send "x-graphql-yoga-csrf: 1" (or graphql-preflight or apollo-require-preflight)`,
        { extensions: { code: 'BAD_USER_INPUT', http: { status: 403 } } },
      );
    },
  };
}
