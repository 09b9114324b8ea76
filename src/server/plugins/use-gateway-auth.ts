/**
 * GATEWAY_API_KEYS: when keys are configured, every GraphQL request must
 * carry `Authorization: Bearer <one of them>`. Keys are compared as SHA-256
 * digests with timingSafeEqual, against every key, so neither a key's
 * content nor its length leaks through timing. Health, readiness and metrics
 * are other paths and stay open; so does the GraphiQL page itself (it holds
 * no data; its requests need the key like any other).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

export interface GatewayAuthOptions {
  keys: readonly string[];
  /** @default '/graphql' */
  endpoint?: string;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

export function useGatewayAuth({ keys, endpoint = '/graphql' }: GatewayAuthOptions): Plugin {
  const accepted = keys.map(digest);
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== endpoint || request.method === 'OPTIONS') return;
      const graphiqlPage =
        request.method === 'GET' && !url.search && request.headers.get('accept')?.includes('text/html');
      if (graphiqlPage) return;
      const presented = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')?.[1];
      const candidate = digest(presented ?? '');
      let ok = false;
      for (const key of accepted) ok = timingSafeEqual(key, candidate) || ok;
      if (ok && presented !== undefined) return;
      endResponse(
        new fetchAPI.Response(
          JSON.stringify({
            errors: [
              {
                message: 'A gateway API key is required: Authorization: Bearer <key>',
                extensions: { code: 'UNAUTHENTICATED' },
              },
            ],
          }),
          { status: 401, headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' } },
        ),
      );
    },
  };
}
