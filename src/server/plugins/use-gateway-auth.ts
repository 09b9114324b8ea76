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

/** Whether an `Authorization` value carries one of the keys (also used by the WebSocket upgrade). */
export function gatewayKeyCheck(keys: readonly string[]): (authorization: string | null | undefined) => boolean {
  const accepted = keys.map(digest);
  return (authorization) => {
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    const candidate = digest(presented ?? '');
    let ok = false;
    for (const key of accepted) ok = timingSafeEqual(key, candidate) || ok;
    return ok && presented !== undefined;
  };
}

export function useGatewayAuth({ keys, endpoint = '/graphql' }: GatewayAuthOptions): Plugin {
  const accepts = gatewayKeyCheck(keys);
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== endpoint || request.method === 'OPTIONS') return;
      const graphiqlPage =
        request.method === 'GET' && !url.search && request.headers.get('accept')?.includes('text/html');
      if (graphiqlPage) return;
      if (accepts(request.headers.get('authorization'))) return;
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
