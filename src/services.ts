/**
 * The process-wide pieces a gateway needs: one upstream pool per provider,
 * the server-held credentials, the shared pollers and the metrics. Built once
 * at start-up (or per test).
 */
import type { GatewayServices } from './context.js';
import { LiveHub } from './live/hub.js';
import { GatewayMetrics } from './metrics.js';
import { credentialDigest } from './providers/credential.js';
import { Upstream } from './providers/http/upstream.js';
import { DEFAULT_RETRY_POLICY } from './providers/http/retry-policy.js';
import { InProcessIdempotencyStore } from './idempotency.js';
import { CreditBook } from './credits/book.js';
import { DEFAULT_COST_TABLE } from './credits/costs.js';
import type { CostTable } from './credits/costs.js';
import { InProcessLedger } from './credits/ledger.js';
import { createLogger } from './logger.js';
import type { Logger } from './logger.js';
import { SharedState } from './shared/redis-state.js';
import { InProcessRenderLog } from './render-log.js';
import { KreaWebhookBindings } from './webhooks/krea-bindings.js';
import type { WebhookConfig } from './webhooks/krea-token.js';

export interface ServicesOptions {
  kreaBaseUrl: string;
  argilBaseUrl: string;
  kreaApiKey?: string | undefined;
  argilApiKey?: string | undefined;
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
  /** ARGIL_WEBHOOK_SECRET, when set. */
  argilWebhookSecret?: string | undefined;
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
  /** GENERATION_COSTS (config/credits.ts). @default the runtime contract's costs */
  generationCosts?: CostTable | undefined;
}

export interface ClosableServices extends GatewayServices {
  metrics: GatewayMetrics;
  /** Set with REDIS_URL. */
  shared: SharedState | undefined;
  close(): Promise<void>;
}

export function createServices(options: ServicesOptions): ClosableServices {
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
  const krea = new Upstream({ provider: 'krea', baseUrl: options.kreaBaseUrl, ...common });
  const argil = new Upstream({ provider: 'argil', baseUrl: options.argilBaseUrl, ...common });
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
    budgets: () => ({ krea: krea.budget.usage, argil: argil.budget.usage }),
    openSubscriptions: () => live.openSubscriptions,
    activePollers: () => live.activePollers,
    leadingPollers: () => live.leadingPollers,
    redisUp: shared ? () => shared.up : undefined,
  });
  // A webhook another replica took nudges this one's pollers too.
  shared?.onNudge((prefix) => live.nudge(prefix));
  const localIdempotency = new InProcessIdempotencyStore();
  const credits = new CreditBook({
    perDay: options.quotaPerDay,
    costs: options.generationCosts ?? DEFAULT_COST_TABLE,
    ledger: shared?.creditLedger() ?? new InProcessLedger(),
    count: (outcome, caller, amount) => metrics?.creditsMoved(outcome, caller, amount),
  });
  return {
    krea,
    argil,
    live,
    metrics,
    kreaApiKey: options.kreaApiKey,
    argilApiKey: options.argilApiKey,
    kreaKeyDigest: credentialDigest(options.kreaApiKey),
    argilKeyDigest: credentialDigest(options.argilApiKey),
    maxPageSize: options.maxPageSize,
    uploadTimeoutMs: options.uploadTimeoutMs ?? 120_000,
    idempotency: shared ? shared.idempotencyStore(localIdempotency) : localIdempotency,
    shared,
    renders: new InProcessRenderLog(),
    webhooks: options.webhooks,
    kreaWebhookBindings: new KreaWebhookBindings(shared?.kreaWebhookBindings()),
    argilWebhookSecret: options.argilWebhookSecret,
    credits,
    observeBatch: (loader, size) => metrics?.loaderBatch(loader, size),
    async close() {
      live.close();
      await Promise.all([krea.close(), argil.close(), shared?.close()]);
    },
  };
}
