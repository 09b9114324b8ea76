/**
 * The embedded sandbox's variables (runtime-contract.md, "The sandbox
 * providers"): its seed, latency and clock, and for each simulated API the
 * registry lists, the sizes of its data (the variables it declares, such as
 * `SANDBOX_KREA_ASSETS`) and the fixed port of `npm run sandbox`
 * (`SANDBOX_<NAME>_PORT`, 4100 and on in the registry's order).
 */
import { registeredEntries } from '../providers/registry.js';
import { integer } from './read.js';
import type { Env } from './read.js';

/** What `startSandbox` takes: its own numbers, and each provider's sizes (`kreaAssets`) and ports (`kreaPort`). */
export interface SandboxConfig {
  seed: number;
  latencyMs: number;
  /** How often the sandbox advances jobs and PROCESSING assets (0: never by itself). */
  stepMs: number;
  readonly [sizeOrPort: string]: number;
}

const FIRST_PORT = 4100;

export function sandboxConfig(env: Env): SandboxConfig {
  const simulated = registeredEntries().flatMap((entry) => (entry.sandbox ? [entry.sandbox] : []));
  const sizes = simulated.flatMap((api) =>
    Object.entries(api.sizes).flatMap(([name, size]) =>
      size.env === undefined ? [] : [[name, integer(env, size.env, size.default, 0, 100_000)] as const],
    ),
  );
  const ports = simulated.map(
    (api, i) =>
      [portOf(api.name), integer(env, `SANDBOX_${api.name.toUpperCase()}_PORT`, FIRST_PORT + i, 0, 65535)] as const,
  );
  return {
    seed: integer(env, 'SANDBOX_SEED', 42, 0, 2 ** 31 - 1),
    latencyMs: integer(env, 'SANDBOX_LATENCY_MS', 0, 0, 60_000),
    stepMs: integer(env, 'SANDBOX_STEP_MS', 2_000, 0, 3_600_000),
    ...Object.fromEntries(sizes),
    ...Object.fromEntries(ports),
  };
}

/** `krea` → `kreaPort`: the option of `startSandbox` that fixes its port. */
const portOf = (name: string) => `${name}Port`;

/** The same, on ports the system picks: the sandbox `npm start` embeds. */
export function withFreePorts(config: SandboxConfig): SandboxConfig {
  const simulated = registeredEntries().flatMap((entry) => (entry.sandbox ? [entry.sandbox.name] : []));
  return { ...config, ...Object.fromEntries(simulated.map((name) => [portOf(name), 0])) };
}
