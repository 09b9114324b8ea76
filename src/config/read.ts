/**
 * Reading one environment variable: present, an integer in range, an http(s)
 * URL, one of a set, a list. Each refusal is a ConfigError whose message is
 * one line naming the variable (runtime-contract.md).
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

export function present(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected an integer from ${min} to ${max}, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `expected an integer from ${min} to ${max}, got ${value}`);
  return value;
}

export function httpUrl(env: Env, name: string, fallback: string): string {
  const raw = present(env, name) ?? fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `expected an http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `expected an http(s) URL, got "${raw}"`);
  }
  if (url.search || url.hash) throw new ConfigError(name, 'must not carry a query or fragment');
  // Paths are appended to the base, so drop a trailing slash once here.
  return url.toString().replace(/\/+$/, '');
}

export function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: Record<string, T>): T {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  const value = allowed[raw.toLowerCase()];
  if (value === undefined) {
    throw new ConfigError(name, `expected one of ${Object.keys(allowed).join(', ')}, got "${raw}"`);
  }
  return value;
}

export const BOOLEANS: Record<string, 'on' | 'off'> = {
  '1': 'on',
  true: 'on',
  on: 'on',
  '0': 'off',
  false: 'off',
  off: 'off',
};

export function list(env: Env, name: string): string[] {
  return (present(env, name) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
