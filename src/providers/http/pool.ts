/**
 * The one keep-alive undici Pool per provider origin, with every bound set.
 * undici's defaults (300 s header and body timeouts, unlimited sockets) suit
 * no gateway: the call's deadline (deadline.ts) is the real bound, these are
 * backstops, and `connections` caps the sockets one provider may hold.
 *
 * Not composed with `interceptors.dns`: that interceptor routes by rewriting
 * the request's `origin` to an address, which only an Agent (a pool per
 * origin) follows; a Pool always dials its own origin. An Agent behind it
 * would open a pool per address, so `connections` would no longer bound a
 * provider. A keep-alive pool resolves once per new socket anyway.
 */
// The class undici's index re-exports, from its own module: the index also loads fetch, WebSocket,
// EventSource, caches and mocks (about 1 MB of source, 3 MB of heap at idle) that no gateway call uses.
// test/providers/undici-pool.test.ts holds it to the index's. Without the index a pool has no
// request()/stream(): calls go through dispatch (send.ts), and the type says so.
import Pool from 'undici/lib/dispatcher/pool.js';
import type { ModulePool } from 'undici/lib/dispatcher/pool.js';

/** No documented answer comes near this; a larger one is refused, not buffered. */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export interface ProviderPoolOptions {
  /** The provider's base URL; its path prefixes every call (`/v1` for Argil). */
  baseUrl: string;
  /** The call deadline, which also bounds connecting, headers and body. */
  timeoutMs: number;
  /** Open sockets at most; the rest queue in the pool. @default 64 */
  connections?: number | undefined;
}

export interface ProviderPool {
  pool: ModulePool;
  /** The base URL's path without a trailing slash ('' for an origin). */
  basePath: string;
}

export function createProviderPool(options: ProviderPoolOptions): ProviderPool {
  const url = new URL(options.baseUrl);
  const pool = new Pool(url.origin, {
    connections: options.connections ?? 64,
    keepAliveTimeout: 10_000,
    connectTimeout: Math.min(options.timeoutMs, 10_000),
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    maxResponseSize: MAX_RESPONSE_BYTES,
  });
  return { pool, basePath: url.pathname.replace(/\/+$/, '') };
}
