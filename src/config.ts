/**
 * The environment, read once at start-up into one typed, validated Config.
 * A bad value throws a ConfigError whose message is one line naming the
 * variable, so the process stops before anything listens (runtime-contract.md).
 */
import { resolve } from 'node:path';
import { BOOLEANS, ConfigError, httpUrl, integer, list, oneOf, present } from './config/read.js';
import type { Env } from './config/read.js';
import { authConfig } from './config/auth.js';
import type { AuthConfig } from './config/auth.js';
import { creditsConfig } from './config/credits.js';
import type { CreditsConfig } from './config/credits.js';
import { sandboxConfig } from './config/sandbox.js';
import type { SandboxConfig } from './config/sandbox.js';
import { registeredPrices, registeredProviders } from './providers/registry.js';
import { settingKey } from './providers/settings.js';
import type { ProviderSettings } from './providers/settings.js';

export { ConfigError } from './config/read.js';
export type { SandboxConfig } from './config/sandbox.js';
export { withFreePorts } from './config/sandbox.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
/** `auto`: readable lines on a terminal, JSON otherwise (log-format.ts). */
export type LogFormatSetting = 'json' | 'pretty' | 'auto';
export type SandboxMode = 'auto' | 'on' | 'off';
export type PersistedMode = 'apq' | 'only' | 'off';

export interface Config extends ProviderSettings {
  port: number;
  host: string;
  sandbox: SandboxMode;
  /** True when `sandbox` resolves to starting the embedded providers. */
  useSandbox: boolean;
  gatewayApiKeys: readonly string[];
  /** Serve introspection queries. */
  introspection: boolean;
  /** Origins allowed cross-origin access; empty: same origin only; ['*']: any. */
  corsOrigins: readonly string[];
  /** Largest non-multipart request body. */
  maxRequestBytes: number;
  /** Concurrent upstream calls per provider and credential; the rest queue. */
  upstreamConcurrency: number;
  /** Retries of an idempotent upstream call. */
  upstreamRetries: number;
  /** Identical in-flight GETs (same credential) that may share one upstream call; 0: never. */
  upstreamCoalesce: number;
  /** On SIGTERM: how long to keep serving (with /readyz at 503) before closing the listener. */
  shutdownGraceMs: number;
  /** Then: how long in-flight requests get to finish. */
  drainTimeoutMs: number;
  upstreamTimeoutMs: number;
  uploadTimeoutMs: number;
  /** Listener timeouts: a request's headers, its whole body, an idle keep-alive connection. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** The body of a request that is not an upload (JSON documents, webhooks), from the end of its headers. */
  bodyTimeoutMs: number;
  maxPageSize: number;
  /** Ids (each an upstream call) one operation may name, aliases and fragments counted. */
  maxIdsPerOperation: number;
  /** Paid mutations (generations, renders, trainings, node-app runs) one operation may run; 0: none. */
  maxPaidMutationsPerOperation: number;
  /** Live updates: first poll interval, the interval it backs off to, and open subscriptions per client. */
  pollIntervalMs: number;
  pollMaxIntervalMs: number;
  /** While webhooks flow, the least wait between fallback polls. */
  pollWithWebhooksMs: number;
  maxSubscriptionsPerClient: number;
  /** graphql-ws: operations (open subscriptions included) one connection, and one credential's connections together, may run; how many more a connection may have waiting (one more: close 4429). */
  wsMaxOperationsPerConnection: number;
  wsMaxOperationsPerCredential: number;
  wsMaxQueuedOperations: number;
  /** graphql-ws: the size of those waiting operations' messages (one may always wait). */
  wsMaxQueuedBytes: number;
  /** graphql-ws: unsent bytes past which a connection is not read from until its client reads. */
  wsSendHighWaterMarkBytes: number;
  logLevel: LogLevel;
  logFormat: LogFormatSetting;
  sandboxData: SandboxConfig;
  /** PUBLIC_URL with WEBHOOK_SECRET: generations ask for webhooks to the gateway. */
  webhooks: { publicUrl: string; secret: string } | undefined;
  /** REDIS_URL: state shared between replicas; unset, all in process. */
  redisUrl: string | undefined;
  /** REDIS_COMMAND_TIMEOUT_MS: each Redis command's deadline; past it Redis counts as away. */
  redisCommandTimeoutMs: number;
  /** PERSISTED_OPERATIONS: `apq` (automatic persisted queries), `only` (trusted documents), `off`. */
  persistedOperations: PersistedMode;
  /** GALLERY_DIR: the gallery's build folder, served at /gallery/. */
  galleryDir: string;
  /** PERSISTED_OPERATIONS_MANIFEST: the manifests' paths (required with `only`). */
  persistedManifests: readonly string[];
  /** RESPONSE_CACHE_TTL_MS: how long a query's answer is reused; 0 (the default): no response cache. */
  responseCacheTtlMs: number;
  /** READY_REQUIRES_REDIS: /readyz is 503 while Redis is away (default: reads go on, so ready). */
  readyRequiresRedis: boolean;
  /** COMPILED_LANE: most GraphQL requests answered over plain node:http (server/lane/), yoga the rest. */
  compiledLane: boolean;
  /** SOCKET_FRONT: the compiled lane's requests read and answered off the socket, without node:http's objects. */
  socketFront: boolean;
  /** OPERATION_DEDUPE: identical queries in flight on the compiled lane execute once. */
  operationDedupe: boolean;
  /** COMPILED_PLANS: the compiled lane runs the queries it may through graphql-jit plans (server/lane/plan.ts). */
  compiledPlans: boolean;
  /** AUTH_*: who may ask (config/auth.ts). */
  auth: AuthConfig;
  /** QUOTA_CREDITS_PER_DAY and GENERATION_COSTS: what each subject may spend (config/credits.ts). */
  credits: CreditsConfig;
}

const LOG_LEVELS: Record<string, LogLevel> = {
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  error: 'error',
  silent: 'silent',
};

const LOG_FORMATS: Record<string, LogFormatSetting> = { json: 'json', pretty: 'pretty', auto: 'auto' };

const PERSISTED_MODES: Record<string, PersistedMode> = { apq: 'apq', only: 'only', off: 'off' };

function persistedManifests(env: Env, mode: PersistedMode): string[] {
  const paths = list(env, 'PERSISTED_OPERATIONS_MANIFEST');
  if (mode === 'only' && paths.length === 0) {
    throw new ConfigError(
      'PERSISTED_OPERATIONS_MANIFEST',
      'required with PERSISTED_OPERATIONS=only (a persisted-documents.json)',
    );
  }
  return paths;
}

const SANDBOX_MODES: Record<string, SandboxMode> = { auto: 'auto', '1': 'on', '0': 'off' };
function redisUrl(env: Env): string | undefined {
  const raw = present(env, 'REDIS_URL');
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('REDIS_URL', 'expected redis://host:port/db');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw new ConfigError('REDIS_URL', 'expected redis://host:port/db');
  return raw;
}

/** Every registered provider's variables, as its module names them (runtime-contract.md). */
function providerSettings(env: Env): ProviderSettings {
  const settings: ProviderSettings = {};
  for (const { name, settings: declared } of registeredProviders()) {
    settings[settingKey(name, 'BaseUrl')] = httpUrl(env, declared.baseUrl.env, declared.baseUrl.default);
    settings[settingKey(name, 'ApiKey')] = present(env, declared.apiKey.env);
    if (declared.webhookSecret) {
      const { env: variable, problem } = declared.webhookSecret;
      const secret = present(env, variable);
      const wrong = secret === undefined ? undefined : problem(secret);
      if (wrong !== undefined) throw new ConfigError(variable, wrong);
      settings[settingKey(name, 'WebhookSecret')] = secret;
    }
  }
  return settings;
}

/** Whether any provider's base URL or key is set: then `SANDBOX=auto` starts no sandbox. */
function anyProviderConfigured(env: Env): boolean {
  return registeredProviders().some(
    ({ settings }) =>
      present(env, settings.baseUrl.env) !== undefined || present(env, settings.apiKey.env) !== undefined,
  );
}

export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, 'PORT', 4000, 0, 65535);
  const host = present(env, 'HOST') ?? '127.0.0.1';
  const providers = providerSettings(env);
  const sandbox = oneOf(env, 'SANDBOX', 'auto', SANDBOX_MODES);
  const useSandbox = sandbox === 'on' || (sandbox === 'auto' && !anyProviderConfigured(env));
  const corsOrigins = list(env, 'CORS_ORIGINS');
  for (const origin of corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError('CORS_ORIGINS', `expected origins such as https://app.example.com (or *), got "${origin}"`);
    }
  }

  const uploadTimeoutMs = integer(env, 'UPLOAD_TIMEOUT_MS', 120_000, 1, 3_600_000);
  const publicUrl = present(env, 'PUBLIC_URL') === undefined ? undefined : httpUrl(env, 'PUBLIC_URL', '');
  const webhookSecret = present(env, 'WEBHOOK_SECRET');
  if (publicUrl !== undefined && (webhookSecret === undefined || webhookSecret.length < 16)) {
    throw new ConfigError('WEBHOOK_SECRET', 'required with PUBLIC_URL, at least 16 characters');
  }
  const persistedOperations = oneOf(env, 'PERSISTED_OPERATIONS', 'apq', PERSISTED_MODES);
  return {
    ...providers,
    port,
    host,
    sandbox,
    useSandbox,
    gatewayApiKeys: list(env, 'GATEWAY_API_KEYS'),
    introspection: oneOf(env, 'INTROSPECTION', 'on', BOOLEANS) === 'on',
    corsOrigins,
    maxRequestBytes: integer(env, 'MAX_REQUEST_BYTES', 2_000_000, 1_000, 100_000_000),
    upstreamConcurrency: integer(env, 'UPSTREAM_CONCURRENCY', 16, 1, 1_000),
    upstreamRetries: integer(env, 'UPSTREAM_RETRIES', 3, 0, 10),
    upstreamCoalesce: integer(env, 'UPSTREAM_COALESCE', 15, 0, 1_000),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 2_000, 0, 600_000),
    drainTimeoutMs: integer(env, 'DRAIN_TIMEOUT_MS', 10_000, 0, 600_000),
    upstreamTimeoutMs: integer(env, 'UPSTREAM_TIMEOUT_MS', 10_000, 1, 600_000),
    uploadTimeoutMs,
    headersTimeoutMs: integer(env, 'HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
    // An upload must be able to arrive within its own deadline.
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', uploadTimeoutMs + 10_000, 1_000, 3_700_000),
    keepAliveTimeoutMs: integer(env, 'KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 600_000),
    bodyTimeoutMs: integer(env, 'BODY_TIMEOUT_MS', 10_000, 100, 600_000),
    maxPageSize: integer(env, 'MAX_PAGE_SIZE', 100, 1, 1000),
    maxIdsPerOperation: integer(env, 'MAX_IDS_PER_OPERATION', 100, 1, 10_000),
    maxPaidMutationsPerOperation: integer(env, 'MAX_PAID_MUTATIONS_PER_OPERATION', 5, 0, 100),
    pollIntervalMs: integer(env, 'POLL_INTERVAL_MS', 1_000, 10, 600_000),
    pollMaxIntervalMs: integer(env, 'POLL_MAX_INTERVAL_MS', 15_000, 10, 3_600_000),
    pollWithWebhooksMs: integer(env, 'POLL_WEBHOOK_INTERVAL_MS', 60_000, 10, 3_600_000),
    maxSubscriptionsPerClient: integer(env, 'MAX_SUBSCRIPTIONS_PER_CLIENT', 20, 1, 10_000),
    wsMaxOperationsPerConnection: integer(env, 'WS_MAX_OPERATIONS_PER_CONNECTION', 16, 1, 10_000),
    wsMaxOperationsPerCredential: integer(env, 'WS_MAX_OPERATIONS_PER_CREDENTIAL', 64, 1, 1_000_000),
    wsMaxQueuedOperations: integer(env, 'WS_MAX_QUEUED_OPERATIONS', 64, 0, 100_000),
    wsMaxQueuedBytes: integer(env, 'WS_MAX_QUEUED_BYTES', 1_048_576, 0, 1_073_741_824),
    wsSendHighWaterMarkBytes: integer(env, 'WS_SEND_HIGH_WATER_MARK_BYTES', 1_048_576, 1_024, 1_073_741_824),
    logLevel: oneOf(env, 'LOG_LEVEL', 'info', LOG_LEVELS),
    logFormat: oneOf(env, 'LOG_FORMAT', 'auto', LOG_FORMATS),
    webhooks: publicUrl === undefined ? undefined : { publicUrl, secret: webhookSecret! },
    redisUrl: redisUrl(env),
    redisCommandTimeoutMs: integer(env, 'REDIS_COMMAND_TIMEOUT_MS', 1_000, 10, 60_000),
    readyRequiresRedis: oneOf(env, 'READY_REQUIRES_REDIS', 'off', BOOLEANS) === 'on',
    compiledLane: oneOf(env, 'COMPILED_LANE', 'on', BOOLEANS) === 'on',
    operationDedupe: oneOf(env, 'OPERATION_DEDUPE', 'on', BOOLEANS) === 'on',
    socketFront: oneOf(env, 'SOCKET_FRONT', 'on', BOOLEANS) === 'on',
    compiledPlans: oneOf(env, 'COMPILED_PLANS', 'on', BOOLEANS) === 'on',
    auth: authConfig(env, useSandbox),
    credits: creditsConfig(env, registeredPrices()),
    responseCacheTtlMs: integer(env, 'RESPONSE_CACHE_TTL_MS', 0, 0, 86_400_000),
    persistedOperations,
    persistedManifests: persistedManifests(env, persistedOperations),
    // `npm start` runs in the repository's folder, where `npm run gallery` builds.
    galleryDir: resolve(env.GALLERY_DIR?.trim() || 'examples/gallery/dist'),
    sandboxData: sandboxConfig(env),
  };
}
