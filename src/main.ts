/**
 * `npm start`: read the config, start the sandbox providers when no real
 * provider is configured, serve the gateway, drain on SIGTERM.
 */
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig, withFreePorts } from './config.js';
import type { Config } from './config.js';
import type { Sandbox } from './sandbox/index.js';
import { registeredProviders } from './providers/registry.js';
import { settingKey } from './providers/settings.js';
import type { ProviderSettings } from './providers/settings.js';
import { resolveLogFormat } from './log-format.js';
import { createStdoutLogger } from './logger.js';
import { createGateway } from './server.js';
import { createHttpServer } from './server/http-server.js';
import { settleHeap } from './server/settle-heap.js';
import { attachGraphqlWsOnDemand } from './server/websocket-lazy.js';
import { loadManifests, persistedOperations } from './server/persisted-operations.js';
import { createServices } from './services.js';
import { tracingRequested } from './telemetry/requested.js';

/** The trusted documents, or a start-up error naming the variable. */
function manifestsOf(paths: readonly string[]): Map<string, string> {
  try {
    return loadManifests(paths);
  } catch (error) {
    throw new ConfigError('PERSISTED_OPERATIONS_MANIFEST', error instanceof Error ? error.message : String(error));
  }
}

async function main(config: Config): Promise<void> {
  const logger = createStdoutLogger(config.logLevel, resolveLogFormat(config.logFormat, process.stdout.isTTY === true));
  // First: the spans of everything below go to the exporter the OTEL_* variables name.
  // The SDK, the sandbox and its identity provider are loaded only when asked for.
  const tracing = tracingRequested(process.env) ? (await import('./telemetry/setup.js')).startTracing() : undefined;
  if (tracing) console.log('tracing: OpenTelemetry spans over OTLP/HTTP');
  let sandbox: Sandbox | undefined;
  const providers: ProviderSettings = {};
  for (const { name } of registeredProviders()) {
    for (const setting of ['BaseUrl', 'ApiKey', 'WebhookSecret'] as const) {
      providers[settingKey(name, setting)] = config[settingKey(name, setting)];
    }
  }
  if (config.useSandbox) {
    const { startSandbox } = await import('./sandbox/index.js');
    sandbox = await startSandbox(withFreePorts(config.sandboxData));
    // The sandbox's origins, and its default tenant's keys unless keys are configured.
    for (const { name } of registeredProviders()) {
      providers[settingKey(name, 'BaseUrl')] = sandbox.settings[settingKey(name, 'BaseUrl')];
      providers[settingKey(name, 'ApiKey')] ??= sandbox.settings[settingKey(name, 'ApiKey')];
    }
    console.log(`sandbox providers: ${sandbox.origins.map(({ name, url }) => `${name} ${url}`).join(', ')}`);
  }
  // SANDBOX_AUTH: the sandbox's demo identity provider is the token issuer.
  const sandboxIdentity = config.auth.sandboxAuth ? await import('./sandbox/identity.js') : undefined;
  const identity = await sandboxIdentity?.startSandboxIdentity(config.host);
  const tokens = identity
    ? { jwksUrl: identity.jwksUrl, issuer: identity.issuer, audience: identity.audience }
    : config.auth.tokens;
  if (identity)
    console.log(`sandbox sign-in: demo tokens from POST ${identity.tokenUrl} ({"user":"reader"|"creator"})`);

  const services = createServices({
    ...providers,
    upstreamTimeoutMs: config.upstreamTimeoutMs,
    uploadTimeoutMs: config.uploadTimeoutMs,
    maxPageSize: config.maxPageSize,
    upstreamConcurrency: config.upstreamConcurrency,
    upstreamRetries: config.upstreamRetries,
    upstreamCoalesce: config.upstreamCoalesce,
    pollIntervalMs: config.pollIntervalMs,
    pollMaxIntervalMs: config.pollMaxIntervalMs,
    pollWithWebhooksMs: config.pollWithWebhooksMs,
    maxSubscriptionsPerClient: config.maxSubscriptionsPerClient,
    webhooks: config.webhooks,
    redisUrl: config.redisUrl,
    redisCommandTimeoutMs: config.redisCommandTimeoutMs,
    // The demo users of SANDBOX_AUTH get 20 credits a day unless QUOTA_CREDITS_PER_DAY says otherwise.
    quotaPerDay: config.credits.perDay ?? sandboxIdentity?.SANDBOX_CREDITS_PER_DAY,
    generationCosts: config.credits.costs,
    logger,
  });
  let draining = false;
  const persisted = persistedOperations({
    mode: config.persistedOperations,
    manifest: manifestsOf(config.persistedManifests),
  });
  const gateway = createGateway({
    persisted,
    responseCacheTtlMs: config.responseCacheTtlMs,
    services,
    logger,
    isDraining: () => draining,
    readyRequiresRedis: config.readyRequiresRedis,
    gatewayApiKeys: config.gatewayApiKeys,
    // A key set that is slow refuses the token within the time an upstream call would have.
    tokens: tokens && { ...tokens, fetchTimeoutMs: Math.min(5_000, config.upstreamTimeoutMs) },
    introspection: config.introspection,
    compiledLane: config.compiledLane,
    operationDedupe: config.operationDedupe,
    socketFront: config.socketFront,
    compiledPlans: config.compiledPlans,
    corsOrigins: config.corsOrigins,
    maxRequestBytes: config.maxRequestBytes,
    galleryDir: config.galleryDir,
    // The gallery signs its visitor in with the demo users; the gateway keeps the provider keys.
    gallerySignIn: identity && { usersUrl: identity.usersUrl, tokenUrl: identity.tokenUrl },
    limits: {
      maxIdsPerOperation: config.maxIdsPerOperation,
      maxPaidMutationsPerOperation: config.maxPaidMutationsPerOperation,
    },
  });
  const server = createHttpServer(gateway, {
    headersTimeoutMs: config.headersTimeoutMs,
    requestTimeoutMs: config.requestTimeoutMs,
    keepAliveTimeoutMs: config.keepAliveTimeoutMs,
    bodyTimeoutMs: config.bodyTimeoutMs,
  });
  const webSocket = attachGraphqlWsOnDemand(server, gateway, {
    corsOrigins: config.corsOrigins,
    maxPayloadBytes: config.maxRequestBytes,
    metrics: services.metrics,
    documentOf: persisted.documentOf,
    limits: {
      perConnection: config.wsMaxOperationsPerConnection,
      perCredential: config.wsMaxOperationsPerCredential,
      queuedPerConnection: config.wsMaxQueuedOperations,
      queuedBytesPerConnection: config.wsMaxQueuedBytes,
    },
    highWaterMarkBytes: config.wsSendHighWaterMarkBytes,
    logger,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  console.log(`mediagraph listening on http://${config.host}:${port}/graphql`);
  console.log(`gallery: http://${config.host}:${port}/gallery/${identity ? ' (sign in as a demo user)' : ''}`);
  // Start-up's garbage collected and its grown young generation given back (server/settle-heap.ts).
  void settleHeap().then(
    (settled) => logger.debug({ settled }, 'heap settled after start'),
    (error: unknown) => logger.warn({ err: error }, 'could not settle the heap after start'),
  );

  // SIGTERM: /readyz turns 503 at once and requests are still served for
  // SHUTDOWN_GRACE_MS (load balancers notice and stop sending), each answer
  // with `Connection: close` so keep-alive clients reconnect (elsewhere) and
  // no connection is left busy; then live streams and WebSockets end, the
  // listener closes, in-flight requests get DRAIN_TIMEOUT_MS to finish, pools
  // and the sandbox close, and we exit 0.
  const shutdown = (signal: string) => {
    if (draining) return;
    draining = true;
    server.beginDrain();
    logger.info({ signal, graceMs: config.shutdownGraceMs }, 'draining');
    setTimeout(() => {
      services.live.close();
      void webSocket.close();
      const force = setTimeout(() => {
        logger.warn('drain deadline reached: closing the remaining connections');
        server.closeAllConnections();
      }, config.drainTimeoutMs);
      server.close(() => {
        clearTimeout(force);
        void Promise.all([services.close(), sandbox?.close(), identity?.close(), tracing?.shutdown()]).then(() => {
          logger.info('stopped');
          logger.flush(() => process.exit(0));
        });
      });
      server.closeIdleConnections();
    }, config.shutdownGraceMs);
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  console.error(error instanceof ConfigError ? `mediagraph: invalid configuration: ${error.message}` : String(error));
  process.exit(1);
}
await main(config).catch((error: unknown) => {
  console.error(`mediagraph: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
