/**
 * Starts the simulated REST API of every provider the registry lists with
 * one (providers/registry.ts), each on a loopback port of its own, over one
 * set of tenants, controls, webhook deliveries and one step clock. Used by
 * `npm start` (when no provider is configured), `npm run sandbox` and tests.
 */
import type { Server } from 'node:http';
import { withCdn } from './cdn.js';
import type { SimulatedHelpers, SimulatedName, SimulatedSizes } from './contributions.js';
import type { FileOrigins, SandboxTenant, TenantSpec } from './data.js';
import { generateTenant } from './dataset.js';
import { registeredSimulatedApis } from './registered.js';
import { SandboxControls, startProviderServer } from './server.js';
import type { RunningSimulation, SimulatedApi, Simulation, SizeName } from './simulated-api.js';
import { createTenants, DEFAULT_TENANT, presentation, tenantIndexOf } from './tenants.js';
import { SandboxWebhooks } from './webhooks.js';

export type { Fault, SandboxCall } from './server.js';
export type { SandboxTenant, TenantSpec } from './data.js';

/** `<name>Port`: a fixed port for a provider's API; 0 (the default) picks a free one. */
type SimulatedPorts = { [Name in SimulatedName as `${Name}Port`]?: number };

/** Each provider's data sizes (`kreaAssets`…) and ports (`kreaPort`…), and: */
export type SandboxOptions = SimulatedSizes &
  SimulatedPorts & {
    seed?: number;
    latencyMs?: number;
    /** Advance jobs and PROCESSING assets one step every so often; 0 (the default) only by `advance()`. */
    stepMs?: number;
    /** Tenants with their own keys and data; one default tenant when absent. */
    tenants?: readonly TenantSpec[];
    host?: string;
  };

/** `<name>Url`: a provider's base URL (Krea's origin; Argil's ends in /v1, as Argil's does). */
type SimulatedUrls = { readonly [Name in SimulatedName as `${Name}Url`]: string };

interface SandboxCore {
  tenants: readonly SandboxTenant[];
  /**
   * The gateway's settings for these providers (as providers/settings.ts
   * names them: `kreaBaseUrl`, `kreaApiKey`, …), with the first tenant's keys.
   */
  settings: Readonly<Record<string, string>>;
  /** Each simulated provider's name, base URL and the first tenant's credential, for start-up lines. */
  origins: ReadonlyArray<{ name: string; url: string; credential: string }>;
  controls: SandboxControls;
  /** Webhook deliveries and their switches. */
  webhooks: SandboxWebhooks;
  /** One step of time: every provider's unfinished objects move one status on. */
  advance(): void;
  close(): Promise<void>;
}

/** With each provider's base URL (`kreaUrl`) and helpers (`failKreaJob`; contributions.ts). */
export type Sandbox = SandboxCore & SimulatedUrls & SimulatedHelpers;

/** A number option by name (sizes and ports are named by the providers). */
function numberOption(options: SandboxOptions, key: string): number | undefined {
  const value = (options as Readonly<Record<string, unknown>>)[key];
  return typeof value === 'number' ? value : undefined;
}

const displayName = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** A simulated API started for one sandbox, listening. */
interface Started {
  name: string;
  simulation: Simulation;
  running: RunningSimulation;
  server: Server;
  /** Its origin, `http://127.0.0.1:PORT`. */
  origin: string;
  /** Its base URL: the origin and its base path. */
  url: string;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const apis = registeredSimulatedApis();
  const simulations = await Promise.all(apis.map((api) => api.load()));
  // Filled once every server listens: the data's file URLs name their origins.
  const tenants: SandboxTenant[] = [];
  const controls = new SandboxControls();
  const webhooks = new SandboxWebhooks();
  controls.latencyMs = options.latencyMs ?? 0;
  const started: Started[] = [];
  try {
    for (const [i, { name }] of apis.entries()) {
      const simulation = simulations[i]!;
      const running = simulation.start({
        tenants,
        controls,
        webhooks,
        tenantOf: (headers) => tenantIndexOf(tenants, name, simulation.credential, headers),
      });
      const router = withCdn(simulation.cdnPath, running.router);
      const port = numberOption(options, `${name}Port`) ?? 0;
      const { server, url: origin } = await startProviderServer(
        name,
        controls,
        router,
        options.host ?? '127.0.0.1',
        port,
      );
      started.push({ name, simulation, running, server, origin, url: `${origin}${simulation.basePath}` });
    }
  } catch (error) {
    await Promise.all(started.map(({ server }) => closeServer(server)));
    throw error;
  }
  tenants.push(...tenantsOf(options, apis, started));
  const advance = () => {
    const now = new Date();
    tenants.forEach((tenant, index) => {
      for (const { running } of started) running.advance(tenant, index, now);
    });
  };
  const ticker = options.stepMs ? setInterval(advance, options.stepMs) : undefined;
  ticker?.unref();
  const first = tenants[0]?.keys ?? {};
  const core: SandboxCore = {
    tenants,
    settings: Object.fromEntries(
      started.flatMap(({ name, url }) => [
        [`${name}BaseUrl`, url],
        [`${name}ApiKey`, first[name] ?? ''],
      ]),
    ),
    origins: started.map(({ name, url, simulation: { credential } }) => ({
      name: displayName(name),
      url,
      credential: `${credential.header}: ${presentation(credential, first[name] ?? '')}`,
    })),
    controls,
    webhooks,
    advance,
    async close() {
      clearInterval(ticker);
      controls.releaseStalled();
      await webhooks.settle();
      await Promise.all(started.map(({ server }) => closeServer(server)));
    },
  };
  // What each provider adds (contributions.ts): its URL and helpers, to the controls and to the webhooks.
  const added: Partial<SimulatedUrls & SimulatedHelpers> = Object.fromEntries(
    started.map(({ name, url }) => [`${name}Url`, url]),
  );
  for (const { running } of started) {
    Object.assign(added, running.helpers);
    Object.assign(controls, running.controls);
    Object.assign(webhooks, running.webhooks);
  }
  return Object.assign(core, added) as Sandbox;
}

/** The tenants `options` asks for (one default tenant when it names none), with their data. */
function tenantsOf(
  options: SandboxOptions,
  apis: readonly SimulatedApi[],
  started: readonly Started[],
): SandboxTenant[] {
  // Typed by the names the providers' folders declare; every started API has its origin here.
  const files = Object.fromEntries(
    started.map(({ name, origin, simulation }) => [name, `${origin}${simulation.cdnPath.slice(0, -1)}`]),
  ) as FileOrigins;
  const declared: SimulatedApi['sizes'] = Object.fromEntries(apis.flatMap((api) => Object.entries(api.sizes)));
  const size = (name: SizeName) => {
    const value = numberOption(options, name) ?? declared[name]?.default;
    if (value === undefined) throw new Error(`${name} is a size no simulated API declares`);
    return value;
  };
  const datasets = started.map(({ simulation }) => simulation.dataset);
  const names = started.map(({ name }) => name);
  return createTenants(options.tenants ?? [DEFAULT_TENANT], options.seed ?? 42, names, (seed) =>
    generateTenant(seed, datasets, size, files),
  );
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
