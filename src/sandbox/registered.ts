/**
 * The simulated APIs the registry lists (providers/registry.ts: a provider's
 * module, its schema contribution and, when it has one, its simulated API),
 * in the registry's order. The one place the sandbox reads the registry, and
 * only for this list: the simulations themselves share no code with the
 * gateway.
 */
import { registeredEntries } from '../providers/registry.js';
import type { SimulatedApi } from './simulated-api.js';

export function registeredSimulatedApis(): SimulatedApi[] {
  return registeredEntries().flatMap((entry) => (entry.sandbox ? [entry.sandbox] : []));
}
