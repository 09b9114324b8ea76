/**
 * `npm start`: read the config, start the sandbox providers when no real
 * provider is configured, serve the gateway, drain on SIGTERM.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from './config.js';
import type { Config } from './config.js';
import { startSandbox } from './sandbox/index.js';
import type { Sandbox } from './sandbox/index.js';
import { DEFAULT_TENANT } from './sandbox/tenants.js';
import { createGateway } from './server.js';
import { createServices } from './services.js';

async function main(config: Config): Promise<void> {
  let sandbox: Sandbox | undefined;
  let providers = {
    kreaBaseUrl: config.kreaBaseUrl,
    argilBaseUrl: config.argilBaseUrl,
    kreaApiKey: config.kreaApiKey,
    argilApiKey: config.argilApiKey,
  };
  if (config.useSandbox) {
    sandbox = await startSandbox({ ...config.sandboxData, kreaPort: 0, argilPort: 0 });
    providers = {
      kreaBaseUrl: sandbox.kreaUrl,
      argilBaseUrl: sandbox.argilUrl,
      kreaApiKey: config.kreaApiKey ?? DEFAULT_TENANT.kreaKey,
      argilApiKey: config.argilApiKey ?? DEFAULT_TENANT.argilKey,
    };
    console.log(`sandbox providers: Krea ${sandbox.kreaUrl}, Argil ${sandbox.argilUrl}`);
  }

  const services = createServices({
    ...providers,
    upstreamTimeoutMs: config.upstreamTimeoutMs,
    uploadTimeoutMs: config.uploadTimeoutMs,
    maxPageSize: config.maxPageSize,
    pollIntervalMs: config.pollIntervalMs,
    pollMaxIntervalMs: config.pollMaxIntervalMs,
    maxSubscriptionsPerClient: config.maxSubscriptionsPerClient,
  });
  let draining = false;
  const gateway = createGateway({ services, logLevel: config.logLevel, isDraining: () => draining });
  const server = createServer(gateway);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  console.log(`mediagraph listening on http://${config.host}:${port}/graphql`);

  const shutdown = () => {
    if (draining) return;
    draining = true;
    // Stop accepting, let in-flight requests finish (bounded), then close pools.
    const force = setTimeout(() => server.closeAllConnections(), 10_000).unref();
    server.closeIdleConnections();
    server.close(() => {
      clearTimeout(force);
      void Promise.all([services.close(), sandbox?.close()]).then(() => process.exit(0));
    });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
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
