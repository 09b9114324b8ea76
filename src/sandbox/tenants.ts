/**
 * A tenant is one key per simulated provider, with its own data. Tenants
 * never see each other's items, which is what the gateway's isolation tests
 * rely on.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxTenant, TenantData, TenantKeys, TenantSpec } from './data.js';
import { registeredSimulatedApis } from './registered.js';
import type { Simulation } from './simulated-api.js';

/** The key a tenant has for provider `name` when its spec gives none. */
function defaultKey(name: string, index: number): string {
  return index === 0 ? `sandbox-${name}-key` : `sandbox-${name}-key-${index}`;
}

/** The first tenant of a sandbox started without tenants: `sandbox-<name>-key` for every simulated provider. */
export const DEFAULT_TENANT: TenantKeys = Object.fromEntries(
  registeredSimulatedApis().map(({ name }) => [`${name}Key`, defaultKey(name, 0)]),
) as TenantKeys;

/** Tenant `index`'s key for provider `name`: its spec's `<name>Key`, else the default one. */
function keyOf(spec: TenantSpec, name: string, index: number): string {
  const given = (spec as Readonly<Record<string, unknown>>)[`${name}Key`];
  return typeof given === 'string' ? given : defaultKey(name, index);
}

/** Tenant `index` has seed `seed + index * 7919` unless its spec gives one. */
export function createTenants(
  specs: readonly TenantSpec[],
  seed: number,
  names: readonly string[],
  dataOf: (seed: number) => TenantData,
): SandboxTenant[] {
  return specs.map((spec, index) => ({
    keys: Object.fromEntries(names.map((name) => [name, keyOf(spec, name, index)])),
    data: dataOf(spec.seed ?? seed + index * 7919),
  }));
}

/** The index of the tenant whose key for provider `name` these headers present, or -1. */
export function tenantIndexOf(
  tenants: readonly SandboxTenant[],
  name: string,
  credential: Simulation['credential'],
  headers: IncomingHttpHeaders,
): number {
  const presented = headers[credential.header.toLowerCase()];
  if (typeof presented !== 'string') return -1;
  return tenants.findIndex((tenant) => presented === presentation(credential, tenant.keys[name] ?? ''));
}

/** `Bearer <key>`, or the key alone: how a client presents it. */
export function presentation(credential: Simulation['credential'], key: string): string {
  return credential.scheme ? `${credential.scheme} ${key}` : key;
}
