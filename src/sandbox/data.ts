/**
 * The sandbox's data: a tenant (one key per simulated provider) and its
 * objects, each provider's own fields, whose shapes its sandbox folder writes
 * from its document (`providers/<name>/sandbox/data.ts`) and adds to
 * `SimulatedData` (contributions.ts). dataset.ts makes one deterministic
 * dataset of them per tenant. Nothing here is shared with the gateway's
 * clients, so the sandbox can catch their mistakes.
 */
import type { SimulatedData, SimulatedName } from './contributions.js';

/**
 * Where each provider's "CDN" files live, by its name: the sandbox's own
 * origins (it serves a picture or clip for every URL under them, so a
 * browser shows the media), e.g. http://127.0.0.1:PORT/cdn.
 */
export type FileOrigins = Readonly<Record<SimulatedName, string>>;

export type TenantData = SimulatedData & {
  /** The origins this tenant's file URLs (seeded, generated, uploaded) use. */
  files: FileOrigins;
};

/** A tenant's key for each provider, `<name>Key`. */
export type TenantKeys = { readonly [Name in SimulatedName as `${Name}Key`]: string };

/**
 * A tenant to make: its keys (a key it does not give is `sandbox-<name>-key`,
 * with `-<index>` after the first tenant's) and its seed.
 */
export type TenantSpec = Partial<TenantKeys> & { seed?: number };

export interface SandboxTenant {
  /** Its key for each provider, by the provider's name. */
  keys: Readonly<Record<string, string>>;
  data: TenantData;
}
