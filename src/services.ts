/**
 * The process-wide pieces a gateway needs: every registered provider
 * started with its upstream pool and server-held credential, the shared
 * pollers, the credit book and the metrics. Built once at start-up (or per
 * test).
 */
import type { GatewayServices, StartedProvider } from './context.js';
import { LiveHub } from './live/hub.js';
import type { WatchingProvider } from './live/updates.js';
import { GatewayMetrics } from './metrics.js';
import { credentialDigest } from './providers/credential.js';
import type { ProviderModule } from './providers/module.js';
import { registeredPrices, registeredProviders } from './providers/registry.js';
import { settingKey } from './providers/settings.js';
import type { ProviderSettings } from './providers/settings.js';
import { Upstream } from './providers/http/upstream.js';
import { DEFAULT_RETRY_POLICY } from './providers/http/retry-policy.js';
import { InProcessIdempotencyStore } from './idempotency.js';
import { CreditBook } from './credits/book.js';
import type { CostTable } from './credits/costs.js';
import { InProcessLedger } from './credits/ledger.js';
import { createLogger } from './logger.js';
import type { Logger } from './logger.js';
import { SharedState } from './shared/redis-state.js';
import type { WebhookConfig } from './webhooks/config.js';

/** Each provider's settings (`kreaBaseUrl`, `kreaApiKey`, `argilWebhookSecret`: providers/settings.ts), and the rest. */
export interface ServicesOptions extends ProviderSettings {
  upstreamTimeoutMs: number;
  /** @default 120000 */
  uploadTimeoutMs?: number;
  maxPageSize: number;
  /** Concurrent upstream calls per provider and credential. @default 16 */
  upstreamConcurrency?: number;
  /** Retries of an idempotent call. @default 3 */
  upstreamRetries?: number;
  /** Identical in-flight GETs that may share one call; 0: never. @default 15 */
  upstreamCoalesce?: number;
  /** Live updates; defaults: 1 s, backing off to 15 s, 20 subscriptions per client. */
  pollIntervalMs?: number;
  pollMaxIntervalMs?: number;
  maxSubscriptionsPerClient?: number;
  /** PUBLIC_URL and WEBHOOK_SECRET, when set. */
  webhooks?: WebhookConfig | undefined;
  /** While webhooks flow, the least wait between fallback polls. @default 60000 */
  pollWithWebhooksMs?: number | undefined;
  /** A poller polls at most once per this window because of webhooks. @default 1000 */
  webhookDebounceMs?: number | undefined;
  /** REDIS_URL: share nudges, budgets and idempotency keys with the other replicas. */
  redisUrl?: string | undefined;
  /** REDIS_COMMAND_TIMEOUT_MS: each Redis command's deadline. @default 1000 */
  redisCommandTimeoutMs?: number | undefined;
  /** For Redis' state changes (never a credential). */
  logger?: Logger | undefined;
  /** QUOTA_CREDITS_PER_DAY: credits per subject per UTC day; absent: nothing is counted. */
  quotaPerDay?: number | undefined;
  /** GENERATION_COSTS (config/credits.ts). @default every provider's declared costs */
  generationCosts?: CostTable | undefined;
}

export interface ClosableServices extends GatewayServices {
  metrics: GatewayMetrics;
  /** Set with REDIS_URL. */
  shared: SharedState | undefined;
  close(): Promise<void>;
}

export function createServices(options: ServicesOptions): ClosableServices {
  const modules = registeredProviders();
  let metrics: GatewayMetrics | undefined;
  const shared = options.redisUrl
    ? new SharedState({
        url: options.redisUrl,
        logger: options.logger ?? createLogger('silent'),
        commandTimeoutMs: options.redisCommandTimeoutMs,
      })
    : undefined;
  const common = {
    sharedBudget: shared,
    timeoutMs: options.upstreamTimeoutMs,
    concurrencyPerCredential: options.upstreamConcurrency ?? 16,
    coalesceFollowers: options.upstreamCoalesce ?? 15,
    retry: { ...DEFAULT_RETRY_POLICY, retries: options.upstreamRetries ?? DEFAULT_RETRY_POLICY.retries },
    onCall: (call: Parameters<GatewayMetrics['upstreamCall']>[0]) => metrics?.upstreamCall(call),
  };
  const upstreams = modules.map(
    (module) =>
      new Upstream({
        provider: module.name,
        baseUrl: options[settingKey(module.name, 'BaseUrl')] ?? module.settings.baseUrl.default,
        ...common,
      }),
  );
  const intervalMs = options.pollIntervalMs ?? 1_000;
  const live = new LiveHub({
    intervalMs,
    maxIntervalMs: Math.max(intervalMs, options.pollMaxIntervalMs ?? 15_000),
    maxSubscriptionsPerClient: options.maxSubscriptionsPerClient ?? 20,
    coordinator: shared?.pollerCoordinator(),
    webhookIntervalMs: options.pollWithWebhooksMs,
    nudgeDebounceMs: options.webhookDebounceMs,
  });
  metrics = new GatewayMetrics({
    budgets: () => Object.fromEntries(upstreams.map((upstream) => [upstream.provider, upstream.budget.usage])),
    openSubscriptions: () => live.openSubscriptions,
    activePollers: () => live.activePollers,
    leadingPollers: () => live.leadingPollers,
    redisUp: shared ? () => shared.up : undefined,
  });
  // A webhook another replica took nudges this one's pollers too.
  shared?.onNudge((prefix) => live.nudge(prefix));
  const localIdempotency = new InProcessIdempotencyStore();
  const prices = registeredPrices(modules);
  const credits = new CreditBook({
    perDay: options.quotaPerDay,
    costs: options.generationCosts ?? { kinds: prices.defaults, paths: new Map() },
    pathKinds: prices.pathKinds,
    ledger: shared?.creditLedger() ?? new InProcessLedger(),
    count: (outcome, caller, amount) => metrics?.creditsMoved(outcome, caller, amount),
  });
  const observeBatch = (loader: string, size: number) => metrics?.loaderBatch(loader, size);
  const providers: StartedProvider[] = [];
  const watchers: WatchingProvider[] = [];
  const services: ClosableServices = {
    ...settingsOf(modules, options),
    providers,
    watchers,
    live,
    metrics,
    maxPageSize: options.maxPageSize,
    uploadTimeoutMs: options.uploadTimeoutMs ?? 120_000,
    idempotency: shared ? shared.idempotencyStore(localIdempotency) : localIdempotency,
    shared,
    webhooks: options.webhooks,
    credits,
    observeBatch,
    async close() {
      live.close();
      await Promise.all([...upstreams.map((upstream) => upstream.close()), shared?.close()]);
    },
  };
  modules.forEach((module, index) => {
    const upstream = upstreams[index]!;
    const serverKey = options[settingKey(module.name, 'ApiKey')];
    const runtime = module.start({
      upstream,
      // Read when asked: a running gateway's settings may change (tests set a webhook secret).
      webhookSecret: () => services[settingKey(module.name, 'WebhookSecret')],
      publicWebhooks: () => services.webhooks,
      sharedBindings: (namespace) => shared?.tokenBindings(namespace),
      jobsEndedUnbilled: credits.jobsEndedUnbilled,
      observeBatch,
    });
    providers.push({ module, runtime, upstream, serverKey, serverKeyDigest: credentialDigest(serverKey) });
    watchers.push({
      name: module.name,
      watchables: runtime.watchables ?? {},
      credentialHeader: module.settings.credentialHeader,
      apiKeyEnv: module.settings.apiKey.env,
    });
  });
  return services;
}

/** The providers' settings of `options`, under the same names (the webhook secret stays changeable). */
function settingsOf(modules: readonly ProviderModule[], options: ServicesOptions): ProviderSettings {
  const settings: ProviderSettings = {};
  for (const { name } of modules) {
    for (const setting of ['BaseUrl', 'ApiKey', 'WebhookSecret'] as const) {
      const key = settingKey(name, setting);
      if (options[key] !== undefined) settings[key] = options[key];
    }
  }
  return settings;
}
