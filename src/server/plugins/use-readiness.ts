/**
 * `/readyz`: 200 while the gateway serves, 503 while it drains. yoga's own
 * useReadinessCheck tests every request URL against a URLPattern, which on
 * Node 20 is a slow polyfill; an exact path comparison is all this needs.
 *
 * With REDIS_URL and Redis away (down, or not answering within
 * REDIS_COMMAND_TIMEOUT_MS), reads go on from the replica's own state, so it
 * stays 200 with the body `degraded: redis unavailable`; with
 * READY_REQUIRES_REDIS it is 503 `redis unavailable` instead.
 */
import type { Plugin } from 'graphql-yoga';

export interface ReadinessOptions {
  /** @default '/readyz' */
  endpoint?: string;
  /** True while the process drains on SIGTERM. */
  isDraining: () => boolean;
  /** With REDIS_URL: whether Redis answers now. */
  redisUp?: (() => boolean) | undefined;
  /** READY_REQUIRES_REDIS. @default false */
  requiresRedis?: boolean | undefined;
}

/** What `/readyz` answers now. */
export function readiness(options: ReadinessOptions): { status: 200 | 503; body: string } {
  if (options.isDraining()) return { status: 503, body: 'draining' };
  if (options.redisUp && !options.redisUp()) {
    return options.requiresRedis
      ? { status: 503, body: 'redis unavailable' }
      : { status: 200, body: 'degraded: redis unavailable' };
  }
  return { status: 200, body: 'ready' };
}

export function useReadiness(options: ReadinessOptions): Plugin {
  const endpoint = options.endpoint ?? '/readyz';
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== endpoint) return;
      const { status, body } = readiness(options);
      endResponse(new fetchAPI.Response(body, { status }));
    },
  };
}
