/**
 * A tenant is one pair of provider keys with its own data. Tenants never see
 * each other's items, which is what the gateway's isolation tests rely on.
 */
import { generateTenant } from './dataset.js';
import type { DatasetSizes, FileOrigins, TenantData } from './data.js';

export interface SandboxTenant {
  kreaKey: string;
  argilKey: string;
  data: TenantData;
}

export interface TenantSpec {
  kreaKey: string;
  argilKey: string;
  seed?: number;
}

export const DEFAULT_TENANT: TenantSpec = { kreaKey: 'sandbox-krea-key', argilKey: 'sandbox-argil-key' };

export function createTenants(
  specs: readonly TenantSpec[],
  seed: number,
  sizes: DatasetSizes,
  files?: FileOrigins,
): SandboxTenant[] {
  return specs.map((spec, index) => ({
    kreaKey: spec.kreaKey,
    argilKey: spec.argilKey,
    data: generateTenant(spec.seed ?? seed + index * 7919, sizes, files),
  }));
}
