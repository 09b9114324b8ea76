/**
 * Krea's simulated API, as the registry lists it beside Krea's module: its
 * name, its data's sizes and their variables, and the simulation itself
 * (simulation.ts), loaded only when a sandbox starts. Below, what it adds to
 * the sandbox's types (src/sandbox/contributions.ts).
 */
import type { SimulatedApi } from '../../../sandbox/simulated-api.js';
import type { SandboxKreaAsset, SandboxKreaJob, SandboxKreaNodeApp, SandboxKreaStyle } from './data.js';
import type { RecordedUpload } from './uploads.js';

declare module '../../../sandbox/contributions.js' {
  interface SimulatedNames {
    krea: true;
  }
  interface SimulatedData {
    kreaAssets: SandboxKreaAsset[];
    kreaJobs: SandboxKreaJob[];
    kreaStyles: SandboxKreaStyle[];
    kreaNodeApps: SandboxKreaNodeApp[];
  }
  interface SimulatedSizes {
    kreaAssets?: number;
    kreaJobs?: number;
  }
  interface SimulatedHelpers {
    /**
     * Ends an unfinished Krea job as FAILED now, as a model that could not
     * finish does (jobs started through the sandbox otherwise always
     * succeed), with its webhook. False when there is no such unfinished job.
     */
    failKreaJob(id: string): boolean;
  }
  interface SimulatedControls {
    /** Every upload Krea's POST /assets completed (never one cut short). */
    readonly uploads: RecordedUpload[];
  }
}

export const kreaSandbox: SimulatedApi = {
  name: 'krea',
  sizes: {
    kreaAssets: { default: 240, env: 'SANDBOX_KREA_ASSETS' },
    kreaJobs: { default: 60, env: 'SANDBOX_KREA_JOBS' },
  },
  load: async () => (await import('./simulation.js')).kreaSimulation,
};
