/**
 * The providers of this gateway: one line each. The core loops over this
 * list and names no provider; a new provider is a folder
 * (`providers/<name>/`: its module, its schema contribution and, if it has
 * one, its simulated API) and a line here. The sandbox reads this list too
 * (`sandbox/registered.ts`) and starts each simulated API; the gateway only
 * holds their light declarations (`<name>/sandbox/index.ts`) and never
 * loads a simulation.
 *
 * Tests may add one (`registerProvider`) before the gateway is built: the
 * schema is built when src/schema/index.ts is first imported, so a test
 * registers first and then imports the gateway (vitest gives every test
 * file a module graph of its own). Registering once the schema was built
 * throws: the new provider could not be in it.
 */
import { priceList } from '../credits/costs.js';
import type { PriceList } from '../credits/costs.js';
import type { SchemaContribution } from '../schema/contribution.js';
import { registerNodeType } from '../schema/global-id.js';
import type { SimulatedApi } from '../sandbox/simulated-api.js';
import { argil } from './argil/index.js';
import { argilSandbox } from './argil/sandbox/index.js';
import { argilSchema } from './argil/schema/index.js';
import { krea } from './krea/index.js';
import { kreaSandbox } from './krea/sandbox/index.js';
import { kreaSchema } from './krea/schema/index.js';
import type { ProviderModule } from './module.js';
import { providerDisplayName } from './names.js';

/** A provider: what it is to the gateway, what it adds to the schema, and its simulated API if it has one. */
export interface ProviderEntry {
  module: ProviderModule;
  schema: SchemaContribution;
  sandbox?: SimulatedApi | undefined;
}

const entries: ProviderEntry[] = [];
let builtBy: string | undefined;

const NAME = /^[a-z][a-z0-9]{1,30}$/;

/** Adds a provider; only before the schema was built from the list. */
export function registerProvider(entry: ProviderEntry): void {
  const { name } = entry.module;
  if (builtBy !== undefined) {
    throw new Error(`registerProvider(${name}): ${builtBy} was built already; register providers before importing it`);
  }
  // Names key metrics, idempotency scopes (`<name>:…`) and poller keys (`<name>-<kind>:…`).
  if (!NAME.test(name)) throw new Error(`a provider's name is lower-case letters and digits, not "${name}"`);
  if (entries.some((known) => known.module.name === name)) throw new Error(`${name} is registered already`);
  // The sandbox names its settings, keys and ports after the provider: one name for both.
  if (entry.sandbox && entry.sandbox.name !== name) {
    throw new Error(`${name}'s simulated API is named "${entry.sandbox.name}"; name it "${name}"`);
  }
  for (const [typename, node] of Object.entries(entry.schema.nodes)) registerNodeType(typename, node.idPattern);
  entries.push(entry);
}

registerProvider({ module: krea, schema: kreaSchema, sandbox: kreaSandbox });
registerProvider({ module: argil, schema: argilSchema, sandbox: argilSandbox });

/** The registered providers, in order (the merged feeds' order of ties, among other things). */
export function registeredProviders(): readonly ProviderModule[] {
  return entries.map((entry) => entry.module);
}

/** The same, with their schema contributions. */
export function registeredEntries(): readonly ProviderEntry[] {
  return entries;
}

/** Marks the list as read for good: `by` (the schema) was built from it and cannot take another provider. */
export function sealProviders(by: string): readonly ProviderEntry[] {
  builtBy ??= by;
  return entries;
}

/** What every registered provider charges for, together (credits/costs.ts). */
export function registeredPrices(modules: readonly ProviderModule[] = registeredProviders()): PriceList {
  return priceList(modules.map((module) => ({ displayName: providerDisplayName(module.name), costs: module.costs })));
}

/** The default costs of this gateway's own providers (GENERATION_COSTS overrides them; services.ts reads them anew). */
export const DEFAULT_COSTS: Readonly<Record<string, number>> = registeredPrices().defaults;
