/**
 * `/readyz`: 200 while the gateway serves, 503 while it drains. yoga's own
 * useReadinessCheck tests every request URL against a URLPattern, which on
 * Node 20 is a slow polyfill; an exact path comparison is all this needs.
 */
import type { Plugin } from 'graphql-yoga';

export interface ReadinessOptions {
  /** @default '/readyz' */
  endpoint?: string;
  isReady: () => boolean;
}

export function useReadiness({ endpoint = '/readyz', isReady }: ReadinessOptions): Plugin {
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== endpoint) return;
      endResponse(new fetchAPI.Response(isReady() ? 'ready' : 'draining', { status: isReady() ? 200 : 503 }));
    },
  };
}
