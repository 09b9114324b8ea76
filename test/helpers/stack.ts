import type { AddressInfo } from 'node:net';
import { Agent, fetch } from 'undici';
/**
 * The real gateway in front of the real sandbox providers, over loopback
 * HTTP. `query` POSTs to the gateway's own listener on loopback, as clients
 * do, so it meets the compiled lane (src/server/lane/) and yoga behind it;
 * `gateway.fetch` reaches yoga in-process. Every upstream call is a real
 * HTTP request the sandbox records.
 */
import type { CostTable } from '../../src/credits/costs.js';
import type { ProviderSettings } from '../../src/providers/settings.js';
import { isDocumentedCode } from '../../src/schema/errors.js';
import { createGateway } from '../../src/server.js';
import { createHttpServer } from '../../src/server/http-server.js';
import type { ListenerTimeouts } from '../../src/server/http-server.js';
import type { Gateway, GatewayOptions } from '../../src/server.js';
import { createServices } from '../../src/services.js';
import { attachGraphqlWsOnDemand } from '../../src/server/websocket-lazy.js';
import type { GraphqlWebSocket, WebSocketOptions } from '../../src/server/websocket.js';
import type { ClosableServices } from '../../src/services.js';
import { startSandbox } from '../../src/sandbox/index.js';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/index.js';
import { DEFAULT_TENANT } from '../../src/sandbox/tenants.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }>;
}

export interface Stack {
  sandbox: Sandbox;
  services: ClosableServices;
  gateway: Gateway;
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  /** Also serves the gateway on a loopback socket; its /graphql URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface StackOptions {
  sandbox?: SandboxOptions;
  /** Server-held keys; default: the sandbox's default tenant. `null` for none. */
  kreaApiKey?: string | null;
  argilApiKey?: string | null;
  maxPageSize?: number;
  upstreamTimeoutMs?: number;
  pollIntervalMs?: number;
  pollMaxIntervalMs?: number;
  maxSubscriptionsPerClient?: number;
  upstreamConcurrency?: number;
  /** UPSTREAM_COALESCE. */
  upstreamCoalesce?: number;
  /** PUBLIC_URL and WEBHOOK_SECRET. */
  webhooks?: { publicUrl: string; secret: string };
  /** ARGIL_WEBHOOK_SECRET. */
  argilWebhookSecret?: string;
  /** REDIS_URL. */
  redisUrl?: string;
  /** REDIS_COMMAND_TIMEOUT_MS. */
  redisCommandTimeoutMs?: number;
  /** QUOTA_CREDITS_PER_DAY and GENERATION_COSTS (as loadConfig reads them). */
  quotaPerDay?: number;
  generationCosts?: CostTable;
  pollWithWebhooksMs?: number;
  /** How far apart webhooks may make one poller poll. */
  webhookDebounceMs?: number;
  /** Another stack's sandbox to sit in front of (replicas of one deployment); this stack then starts none. */
  sharedSandbox?: Sandbox;
  /** Timeouts of the loopback listener (`listen()`); the defaults of `npm start` when absent. */
  listener?: ListenerTimeouts;
  /** Anything else the gateway takes (logger, keys, introspection, limits). */
  gateway?: Omit<GatewayOptions, 'services'>;
  /**
   * Settings of providers a test registered without a simulated API (`<name>BaseUrl`, `<name>ApiKey`:
   * src/providers/settings.ts); a base URL given here also takes the place of the sandbox's (a gate in
   * front of it: upstream-gate.ts).
   */
  providerSettings?: ProviderSettings;
  /** The WebSocket listener's own limits and logger (`listen()`). */
  webSocket?: Pick<WebSocketOptions, 'limits' | 'highWaterMarkBytes' | 'keepAliveMs' | 'logger'>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sandbox = options.sharedSandbox ?? (await startSandbox(options.sandbox));
  const services = createServices({
    // Every simulated provider's base URL and key (a provider a test registered with one among them).
    ...sandbox.settings,
    ...options.providerSettings,
    kreaBaseUrl: options.providerSettings?.kreaBaseUrl ?? sandbox.kreaUrl,
    argilBaseUrl: options.providerSettings?.argilBaseUrl ?? sandbox.argilUrl,
    kreaApiKey: options.kreaApiKey === null ? undefined : (options.kreaApiKey ?? DEFAULT_TENANT.kreaKey),
    argilApiKey: options.argilApiKey === null ? undefined : (options.argilApiKey ?? DEFAULT_TENANT.argilKey),
    upstreamTimeoutMs: options.upstreamTimeoutMs ?? 5_000,
    maxPageSize: options.maxPageSize ?? 100,
    pollIntervalMs: options.pollIntervalMs ?? 20,
    pollMaxIntervalMs: options.pollMaxIntervalMs ?? 80,
    maxSubscriptionsPerClient: options.maxSubscriptionsPerClient ?? 20,
    upstreamConcurrency: options.upstreamConcurrency ?? 16,
    upstreamCoalesce: options.upstreamCoalesce,
    webhooks: options.webhooks,
    argilWebhookSecret: options.argilWebhookSecret,
    redisUrl: options.redisUrl,
    redisCommandTimeoutMs: options.redisCommandTimeoutMs,
    quotaPerDay: options.quotaPerDay,
    generationCosts: options.generationCosts,
    pollWithWebhooksMs: options.pollWithWebhooksMs,
    webhookDebounceMs: options.webhookDebounceMs,
  });
  const gateway = createGateway({ services, ...options.gateway });
  const server = createHttpServer(gateway, options.listener);
  let url: Promise<string> | undefined;
  let webSocket: GraphqlWebSocket | undefined;
  const start = async () => {
    // As main.ts attaches it: loaded with the first upgrade.
    webSocket = attachGraphqlWsOnDemand(server, gateway, {
      corsOrigins: options.gateway?.corsOrigins,
      metrics: services.metrics,
      documentOf: options.gateway?.persisted?.documentOf,
      ...options.webSocket,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  };
  // Once, however many requests ask at the same time.
  const listen = () => (url ??= start());
  // A client's pool, as real clients have one: a test's thousand concurrent queries queue here, not in 1,000 sockets.
  const client = new Agent({ connections: 64 });
  return {
    sandbox,
    services,
    gateway,
    async query(query, variables, headers) {
      const response = await fetch(await listen(), {
        dispatcher: client,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse, 'status' | 'headers'>;
      return { status: response.status, headers: response.headers as Headers, ...body } as GraphQLResponse<never>;
    },
    listen,
    async close() {
      // Every error this stack answered over its whole life had a documented
      // code (counted by the gateway's own metrics), and none was an
      // unexpected one: a test file that provoked either fails here.
      const counted = await services.metrics.registry.getSingleMetric('mediagraph_graphql_errors_total')?.get();
      const seen = (counted?.values ?? []).map((value) => String(value.labels.code));
      const wrong = seen.filter((code) => !isDocumentedCode(code) || code === 'INTERNAL_SERVER_ERROR');
      await client.close();
      if (url) {
        await url;
        await webSocket?.close();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      await services.close();
      if (!options.sharedSandbox) await sandbox.close();
      if (wrong.length > 0) throw new Error(`the gateway answered errors coded ${wrong.join(', ')}`);
    },
  };
}

/** The `extensions.code` of every error, in order. */
export function codes(response: GraphQLResponse<unknown>): unknown[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}
