/**
 * Lumen's simulated API, as a test registers it beside Lumen's module
 * (`registerProvider({ module, schema, sandbox: lumenSandbox })`): its
 * name, its data's sizes and their variables, and the simulation
 * (simulation.ts), loaded when a sandbox starts. Below, what it adds to the
 * sandbox's types, as Krea's and Argil's folders do; no file of src/ knows it.
 */
import type { SimulatedApi } from '../../../src/sandbox/simulated-api.js';
import type { LumenAsset, LumenJob } from './simulation.js';

declare module '../../../src/sandbox/contributions.js' {
  interface SimulatedNames {
    lumen: true;
  }
  interface SimulatedData {
    lumenAssets: LumenAsset[];
    lumenJobs: LumenJob[];
  }
  interface SimulatedSizes {
    lumenAssets?: number;
    lumenJobs?: number;
  }
}

export const lumenSandbox: SimulatedApi = {
  name: 'lumen',
  sizes: {
    lumenAssets: { default: 20, env: 'SANDBOX_LUMEN_ASSETS' },
    lumenJobs: { default: 10, env: 'SANDBOX_LUMEN_JOBS' },
  },
  load: async () => (await import('./simulation.js')).lumenSimulation,
};
