/**
 * What a provider's simulated API is to the sandbox. Its folder
 * (`providers/<name>/sandbox/index.ts`) exports a `SimulatedApi`, listed
 * beside its module in `providers/registry.ts`; `startSandbox` starts every
 * one listed. The declaration is light (a name, its sizes): the gateway
 * imports the registry, and loads a simulation only when a sandbox starts.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SimulatedControls, SimulatedHelpers, SimulatedSizes, SimulatedWebhooks } from './contributions.js';
import type { FileOrigins, SandboxTenant, TenantData } from './data.js';
import type { Random } from './random.js';
import type { Router } from './routes.js';
import type { SandboxControls } from './server.js';
import type { SandboxWebhooks } from './webhooks.js';

export type SizeName = keyof SimulatedSizes & string;

/** A size of a provider's data: its default, and the variable that sets it for `npm start` and `npm run sandbox`. */
export interface SizeDeclaration {
  default: number;
  env?: string;
}

export interface SimulatedApi {
  /**
   * Its provider's registered name (`krea`): the sandbox's `<name>Url`, a
   * tenant's `<name>Key`, the option `<name>Port` and variable
   * `SANDBOX_<NAME>_PORT`, the settings `<name>BaseUrl` and `<name>ApiKey`.
   */
  readonly name: string;
  /** Its data's sizes, by option name (`kreaAssets`). */
  readonly sizes: Readonly<Record<string, SizeDeclaration>>;
  /** The simulation itself (a dynamic import, so that only a sandbox loads it). */
  load(): Promise<Simulation>;
}

export interface Simulation {
  /** What its base URL adds to its origin (`/v1`, or ''): `sandbox.<name>Url` and the gateway's `<name>BaseUrl`. */
  readonly basePath: string;
  /** The path prefix of its files (`/cdn/`): the sandbox serves media there, and `files.<name>` points at it. */
  readonly cdnPath: string;
  /** How a client presents its key: `Authorization: Bearer <key>` is `{ header: 'Authorization', scheme: 'Bearer' }`. */
  readonly credential: { header: string; scheme?: string };
  /** How one tenant's data is drawn, in steps (dataset.ts). */
  readonly dataset: readonly DatasetStep[];
  /** Starts it for one sandbox. */
  start(context: SimulationContext): RunningSimulation;
}

/**
 * One step of a tenant's data. Every provider draws from one seeded stream
 * (a seed gives the same data on every run): steps run in `turn` order,
 * ties in the registry's order.
 */
export interface DatasetStep {
  readonly turn: number;
  draw(input: DatasetInput): Partial<TenantData>;
}

export interface DatasetInput {
  random: Random;
  /** The tenant's file origins (its own is `files.<name>`). */
  files: FileOrigins;
  /** A size as `startSandbox` was given it, or its default. */
  size(name: SizeName): number;
}

export interface SimulationContext {
  /** The sandbox's tenants (filled once every simulated API listens). */
  readonly tenants: readonly SandboxTenant[];
  readonly controls: SandboxControls;
  readonly webhooks: SandboxWebhooks;
  /** The index of the tenant whose key these headers present (as `credential` says), or -1. */
  tenantOf(headers: IncomingHttpHeaders): number;
}

export interface RunningSimulation {
  /** Its REST API; the CDN under `cdnPath` is served before it. */
  readonly router: Router;
  /** One step of time for tenant `index`: its objects move on; it delivers the webhooks of what finished. */
  advance(tenant: SandboxTenant, index: number, now: Date): void;
  /** What it adds to the `Sandbox` object, to `sandbox.controls` and to `sandbox.webhooks` (contributions.ts). */
  readonly helpers?: Partial<SimulatedHelpers>;
  readonly controls?: Partial<SimulatedControls>;
  readonly webhooks?: Partial<SimulatedWebhooks>;
}
