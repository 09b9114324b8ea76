/**
 * The gateway's Prometheus metrics (prom-client), one registry per gateway.
 * Labels are low-cardinality names chosen by the code (provider, operation,
 * status, error code), never anything a client or a credential decides.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { UpstreamCall } from './providers/http/types.js';
import { TalliedCounter } from './telemetry/tallied-counter.js';

export interface MetricSources {
  /** Upstream calls running and queued, per provider. */
  budgets: () => Record<string, { active: number; queued: number }>;
  openSubscriptions: () => number;
  activePollers: () => number;
  /** Pollers that poll (with REDIS_URL, those whose lease this replica holds). */
  leadingPollers?: (() => number) | undefined;
  /** With REDIS_URL: whether Redis answers now (within its command deadline). */
  redisUp?: (() => boolean) | undefined;
}

/** The WebSocket listener's state at a scrape. */
export interface WebSocketUsage {
  /** Operations running, and admitted but waiting for a slot. */
  running: number;
  queued: number;
  /** Connections not read from while their unsent answers drain. */
  paused: number;
  unsentBytes: number;
}

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly upstreamCalls = new Counter({
    name: 'mediagraph_upstream_calls_total',
    help: 'Upstream call attempts by provider, operation and status (or error kind)',
    labelNames: ['provider', 'operation', 'status'] as const,
    registers: [this.registry],
  });
  private readonly upstreamSeconds = new Histogram({
    name: 'mediagraph_upstream_duration_seconds',
    help: 'Upstream call attempt latency',
    labelNames: ['provider', 'operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly batchSizes = new Histogram({
    name: 'mediagraph_loader_batch_size',
    help: 'Ids per dataloader batch',
    labelNames: ['loader'] as const,
    buckets: [1, 2, 5, 10, 20, 50, 100],
    registers: [this.registry],
  });
  private readonly operations = new TalliedCounter({
    name: 'mediagraph_graphql_operations_total',
    help: 'GraphQL operations by type',
    labelNames: ['type'],
    registry: this.registry,
  });
  private readonly errors = new TalliedCounter({
    name: 'mediagraph_graphql_errors_total',
    help: 'GraphQL errors by extensions.code',
    labelNames: ['code'],
    registry: this.registry,
  });

  private readonly webhooks = new Counter({
    name: 'mediagraph_webhooks_total',
    help: 'Provider webhook deliveries by provider and outcome (accepted, duplicate, expired, forged, malformed, oversized, unknown-event, unconfigured, wrong-job)',
    labelNames: ['provider', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly credits = new Counter({
    name: 'mediagraph_credits_total',
    help: 'Generation credits charged, refunded and refused, by caller kind (user, service, credential; never the subject)',
    labelNames: ['outcome', 'caller'] as const,
    registers: [this.registry],
  });

  private readonly sockets = new Gauge({
    name: 'mediagraph_websockets_open',
    help: 'Open graphql-ws connections',
    registers: [this.registry],
  });

  private readonly webSocketSources: Array<() => WebSocketUsage> = [];

  constructor(sources: MetricSources) {
    collectDefaultMetrics({ register: this.registry, prefix: 'mediagraph_' });
    new Gauge({
      name: 'mediagraph_upstream_in_flight',
      help: 'Upstream calls running (per-credential budgets summed per provider)',
      labelNames: ['provider'] as const,
      registers: [this.registry],
      collect() {
        for (const [provider, usage] of Object.entries(sources.budgets())) this.set({ provider }, usage.active);
      },
    });
    new Gauge({
      name: 'mediagraph_upstream_queued',
      help: 'Upstream calls waiting for their credential budget',
      labelNames: ['provider'] as const,
      registers: [this.registry],
      collect() {
        for (const [provider, usage] of Object.entries(sources.budgets())) this.set({ provider }, usage.queued);
      },
    });
    new Gauge({
      name: 'mediagraph_subscriptions_open',
      help: 'Open GraphQL subscriptions',
      registers: [this.registry],
      collect() {
        this.set(sources.openSubscriptions());
      },
    });
    if (sources.leadingPollers) {
      const leading = sources.leadingPollers;
      new Gauge({
        name: 'mediagraph_pollers_leading',
        help: 'Shared pollers this replica polls for (the others follow another replica’s)',
        registers: [this.registry],
        collect() {
          this.set(leading());
        },
      });
    }
    if (sources.redisUp) {
      const redisUp = sources.redisUp;
      new Gauge({
        name: 'mediagraph_redis_up',
        help: '1 while Redis (REDIS_URL) answers within REDIS_COMMAND_TIMEOUT_MS; 0 while it is down or hung and the replica falls back to its own state',
        registers: [this.registry],
        collect() {
          this.set(redisUp() ? 1 : 0);
        },
      });
    }
    new Gauge({
      name: 'mediagraph_pollers_active',
      help: 'Shared pollers behind subscriptions',
      registers: [this.registry],
      collect() {
        this.set(sources.activePollers());
      },
    });
  }

  upstreamCall(call: UpstreamCall): void {
    this.upstreamCalls.inc({ provider: call.provider, operation: call.operation, status: String(call.outcome) });
    this.upstreamSeconds.observe({ provider: call.provider, operation: call.operation }, call.durationMs / 1000);
  }

  loaderBatch(loader: string, size: number): void {
    this.batchSizes.observe({ loader }, size);
  }

  operation(type: string): void {
    this.operations.inc(type);
  }

  error(code: string): void {
    this.errors.inc(code);
  }

  webSocket(change: 'opened' | 'closed'): void {
    if (change === 'opened') this.sockets.inc();
    else this.sockets.dec();
  }

  /** Reports a WebSocket listener's state at each scrape (several listeners are summed). */
  observeWebSockets(source: () => WebSocketUsage): void {
    this.webSocketSources.push(source);
    if (this.webSocketSources.length > 1) return;
    const sources = this.webSocketSources;
    const sum = (key: keyof WebSocketUsage) => sources.reduce((total, usage) => total + usage()[key], 0);
    new Gauge({
      name: 'mediagraph_websocket_operations',
      help: 'graphql-ws operations running, and waiting for a slot (WS_MAX_OPERATIONS_PER_*)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        this.set({ state: 'running' }, sum('running'));
        this.set({ state: 'queued' }, sum('queued'));
      },
    });
    new Gauge({
      name: 'mediagraph_websockets_paused',
      help: 'graphql-ws connections not read from until the client reads its answers (WS_SEND_HIGH_WATER_MARK_BYTES)',
      registers: [this.registry],
      collect() {
        this.set(sum('paused'));
      },
    });
    new Gauge({
      name: 'mediagraph_websocket_unsent_bytes',
      help: 'Answers written to graphql-ws connections and not yet taken by the network',
      registers: [this.registry],
      collect() {
        this.set(sum('unsentBytes'));
      },
    });
  }

  webhook(provider: string, outcome: string): void {
    this.webhooks.inc({ provider, outcome });
  }

  /** Credits that moved: charged, refunded or refused (credits/book.ts). */
  creditsMoved(outcome: 'charged' | 'refunded' | 'refused', caller: string, credits: number): void {
    this.credits.inc({ outcome, caller }, credits);
  }
}
