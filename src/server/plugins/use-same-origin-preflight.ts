/**
 * `OPTIONS` when CORS_ORIGINS is unset (same origin only). yoga's CORS
 * plugin is off then, so an OPTIONS reached the GraphQL parser and got a
 * 403 about a missing CSRF header, which misled whoever read it. A plain
 * OPTIONS is answered 204 with the methods; a CORS preflight (which only a
 * page of another origin sends) is refused with a 403 that says how to
 * allow that origin, and no CORS headers, so the browser blocks the request.
 * The Origin is not echoed back.
 */
import type { Plugin } from 'graphql-yoga';

const REFUSAL = JSON.stringify({
  errors: [
    {
      message:
        'Cross-origin requests are not allowed: this gateway serves its own origin only. ' +
        'List the page’s origin in CORS_ORIGINS to allow it.',
      extensions: { code: 'BAD_USER_INPUT' },
    },
  ],
});

export function useSameOriginPreflight(): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'OPTIONS') return;
      const preflight = request.headers.has('origin') && request.headers.has('access-control-request-method');
      endResponse(
        preflight
          ? new fetchAPI.Response(REFUSAL, {
              status: 403,
              headers: { 'content-type': 'application/json; charset=utf-8' },
            })
          : new fetchAPI.Response(null, { status: 204, headers: { allow: 'GET, POST, OPTIONS' } }),
      );
    },
  };
}
