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
import type { SimulatedApi, SizeName } from './simulated-api.js';
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
    /** The simulated APIs to start: by default, every one the registry lists. */
    apis?: readonly SimulatedApi[];
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

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const apis = options.apis ?? registeredSimulatedApis();
  const simulations = await Promise.all(apis.map((api) => api.load()));
  // Filled once every server listens: the data's file URLs name their origins.
  const tenants: SandboxTenant[] = [];
  const controls = new SandboxControls();
  const webhooks = new SandboxWebhooks();
  controls.latencyMs = options.latencyMs ?? 0;
  const running = simulations.map((simulation, i) =>
    simulation.start({
      tenants,
      controls,
      webhooks,
      tenantOf: (headers) => tenantIndexOf(tenants, apis[i]!.name, simulation.credential, headers),
    }),
  );
  const servers: Server[] = [];
  const origins: string[] = [];
  try {
    for (const [i, { name }] of apis.entries()) {
      const router = withCdn(simulations[i]!.cdnPath, running[i]!.router);
      const started = await startProviderServer(
        name,
        controls,
        router,
        host,
        numberOption(options, `${name}Port`) ?? 0,
      );
      servers.push(started.server);
      origins.push(started.url);
    }
  } catch (error) {
    await Promise.all(servers.map(closeServer));
    throw error;
  }
  const names = apis.map((api) => api.name);
  // Typed by the names the providers' folders declare; every started API has its origin here.
  const files = Object.fromEntries(
    names.map((name, i) => [name, `${origins[i]}${simulations[i]!.cdnPath.slice(0, -1)}`]),
  ) as FileOrigins;
  const declared: SimulatedApi['sizes'] = Object.fromEntries(apis.flatMap((api) => Object.entries(api.sizes)));
  const size = (name: SizeName) => {
    const value = numberOption(options, name) ?? declared[name]?.default;
    if (value === undefined) throw new Error(`${name} is a size no simulated API declares`);
    return value;
  };
  const datasets = simulations.map((simulation) => simulation.dataset);
  const seed = options.seed ?? 42;
  tenants.push(
    ...createTenants(options.tenants ?? [DEFAULT_TENANT], seed, names, (tenantSeed) =>
      generateTenant(tenantSeed, datasets, size, files),
    ),
  );
  const advance = () => {
    const now = new Date();
    tenants.forEach((tenant, index) => {
      for (const simulation of running) simulation.advance(tenant, index, now);
    });
  };
  const ticker = options.stepMs ? setInterval(advance, options.stepMs) : undefined;
  ticker?.unref();
  const baseUrls = names.map((_, i) => `${origins[i]}${simulations[i]!.basePath}`);
  const first = tenants[0]?.keys ?? {};
  const core: SandboxCore = {
    tenants,
    settings: Object.fromEntries(
      names.flatMap((name, i) => [
        [`${name}BaseUrl`, baseUrls[i]!],
        [`${name}ApiKey`, first[name] ?? ''],
      ]),
    ),
    origins: names.map((name, i) => ({
      name: displayName(name),
      url: baseUrls[i]!,
      credential: `${simulations[i]!.credential.header}: ${presentation(simulations[i]!.credential, first[name] ?? '')}`,
    })),
    controls,
    webhooks,
    advance,
    async close() {
      clearInterval(ticker);
      controls.releaseStalled();
      await webhooks.settle();
      await Promise.all(servers.map(closeServer));
    },
  };
  // What each provider adds (contributions.ts): its URL and helpers, to the controls and to the webhooks.
  const added: Partial<SimulatedUrls & SimulatedHelpers> = Object.fromEntries(
    names.map((name, i) => [`${name}Url`, baseUrls[i]!]),
  );
  for (const simulation of running) {
    Object.assign(added, simulation.helpers);
    Object.assign(controls, simulation.controls);
    Object.assign(webhooks, simulation.webhooks);
  }
  return Object.assign(core, added) as Sandbox;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
