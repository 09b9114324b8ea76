/**
 * The embedded sandbox's variables (runtime-contract.md, "The sandbox
 * providers"): its seed, how much data each simulated provider holds, its
 * latency and clock, and the fixed ports of `npm run sandbox`.
 */
import { integer } from './read.js';
import type { Env } from './read.js';

export interface SandboxConfig {
  seed: number;
  kreaAssets: number;
  argilAssets: number;
  kreaJobs: number;
  latencyMs: number;
  /** How often the sandbox advances jobs and PROCESSING assets (0: never by itself). */
  stepMs: number;
  /** Fixed ports for `npm run sandbox`; the embedded sandbox of `npm start` picks free ones. */
  kreaPort: number;
  argilPort: number;
}

export function sandboxConfig(env: Env): SandboxConfig {
  return {
    seed: integer(env, 'SANDBOX_SEED', 42, 0, 2 ** 31 - 1),
    kreaAssets: integer(env, 'SANDBOX_KREA_ASSETS', 240, 0, 100_000),
    argilAssets: integer(env, 'SANDBOX_ARGIL_ASSETS', 180, 0, 100_000),
    kreaJobs: integer(env, 'SANDBOX_KREA_JOBS', 60, 0, 100_000),
    latencyMs: integer(env, 'SANDBOX_LATENCY_MS', 0, 0, 60_000),
    stepMs: integer(env, 'SANDBOX_STEP_MS', 2_000, 0, 3_600_000),
    kreaPort: integer(env, 'SANDBOX_KREA_PORT', 4100, 0, 65535),
    argilPort: integer(env, 'SANDBOX_ARGIL_PORT', 4101, 0, 65535),
  };
}

/** The same, on ports the system picks: the sandbox `npm start` embeds. */
export function withFreePorts(config: SandboxConfig): SandboxConfig {
  return { ...config, kreaPort: 0, argilPort: 0 };
}
