/**
 * The process-wide pieces a gateway needs: one upstream pool per provider
 * and the server-held credentials. Built once at start-up (or per test).
 */
import type { GatewayServices } from './context.js';
import { LiveHub } from './live/hub.js';
import { Upstream } from './providers/http.js';
import type { UpstreamCall } from './providers/http.js';

export interface ServicesOptions {
  kreaBaseUrl: string;
  argilBaseUrl: string;
  kreaApiKey?: string | undefined;
  argilApiKey?: string | undefined;
  upstreamTimeoutMs: number;
  /** @default 120000 */
  uploadTimeoutMs?: number;
  maxPageSize: number;
  /** Live updates; defaults: 1 s, backing off to 15 s, 20 subscriptions per client. */
  pollIntervalMs?: number;
  pollMaxIntervalMs?: number;
  maxSubscriptionsPerClient?: number;
  onUpstreamCall?: (call: UpstreamCall) => void;
}

export interface ClosableServices extends GatewayServices {
  close(): Promise<void>;
}

export function createServices(options: ServicesOptions): ClosableServices {
  const common = { timeoutMs: options.upstreamTimeoutMs, onCall: options.onUpstreamCall };
  const krea = new Upstream({ provider: 'krea', baseUrl: options.kreaBaseUrl, ...common });
  const argil = new Upstream({ provider: 'argil', baseUrl: options.argilBaseUrl, ...common });
  const intervalMs = options.pollIntervalMs ?? 1_000;
  const live = new LiveHub({
    intervalMs,
    maxIntervalMs: Math.max(intervalMs, options.pollMaxIntervalMs ?? 15_000),
    maxSubscriptionsPerClient: options.maxSubscriptionsPerClient ?? 20,
  });
  return {
    krea,
    argil,
    live,
    kreaApiKey: options.kreaApiKey,
    argilApiKey: options.argilApiKey,
    maxPageSize: options.maxPageSize,
    uploadTimeoutMs: options.uploadTimeoutMs ?? 120_000,
    async close() {
      live.close();
      await Promise.all([krea.close(), argil.close()]);
    },
  };
}
