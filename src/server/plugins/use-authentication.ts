/**
 * Who is asking, for every GraphQL request over HTTP (POST, GET, SSE,
 * multipart): the authenticator (auth/authenticate.ts) turns the request's
 * `Authorization` into a Caller, remembered for the request's context, or the
 * request is refused before anything parses it: HTTP 401,
 * `WWW-Authenticate: Bearer`, one UNAUTHENTICATED error naming the reason
 * class, never the token. Health, readiness, metrics and webhooks are other
 * paths; the GraphiQL page itself stays open (it holds no data; its requests
 * carry the token like any other).
 */
import type { Plugin } from 'graphql-yoga';
import type { Authenticator } from '../../auth/authenticate.js';
import { rememberCaller } from '../../auth/caller.js';

export interface AuthenticationOptions {
  authenticate: Authenticator;
  /** @default '/graphql' */
  endpoint?: string;
}

/** The answer to a refused request (both lanes send it): its status, headers and body. */
export function refusal(refused: string): { status: 401; headers: Record<string, string>; body: string } {
  return {
    status: 401,
    headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' },
    body: JSON.stringify({ errors: [{ message: refused, extensions: { code: 'UNAUTHENTICATED' } }] }),
  };
}

export function useAuthentication({ authenticate, endpoint = '/graphql' }: AuthenticationOptions): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== endpoint || request.method === 'OPTIONS') return;
      const graphiqlPage =
        request.method === 'GET' && !url.search && request.headers.get('accept')?.includes('text/html');
      if (graphiqlPage) return;
      const outcome = await authenticate(request.headers.get('authorization'));
      if ('caller' in outcome) return rememberCaller(request, outcome.caller);
      const { status, headers, body } = refusal(outcome.refused);
      endResponse(new fetchAPI.Response(body, { status, headers }));
    },
  };
}
