/**
 * One deterministic dataset per tenant (a seed and sizes in, the same data
 * out), made of every simulated API's steps. All of them draw from one
 * seeded stream, in turns: Krea's and Argil's steps alternate as the two
 * always drew, so a seed gives the data it always gave, and a provider
 * added later takes turns after theirs. Timestamps sit on a one-minute grid
 * on purpose: several items share a timestamp (within one provider and
 * across providers), which is exactly where timestamp-cursor pagination goes
 * wrong. Each listing is sorted newest first, as the providers list.
 */
import type { FileOrigins, TenantData } from './data.js';
import type { DatasetStep, SizeName } from './simulated-api.js';
import { Random } from './random.js';

const NEWEST = Date.UTC(2026, 9, 1, 12, 0, 0);
const MINUTE = 60_000;
const GROUP_SIZES = [1, 1, 1, 1, 1, 2, 2, 3, 4];

/** `count` timestamps newest first, in groups that share one instant. */
export function timeline(random: Random, count: number): string[] {
  const stamps: string[] = [];
  let at = NEWEST - random.int(0, 5) * MINUTE;
  while (stamps.length < count) {
    const group = random.pick(GROUP_SIZES);
    for (let i = 0; i < group && stamps.length < count; i++) stamps.push(new Date(at).toISOString());
    at -= random.int(1, 6) * MINUTE;
  }
  return stamps;
}

/** Newest first; equal timestamps by id, so every listing has one total order. */
export function newestFirst<T>(items: T[], createdAt: (item: T) => string, id: (item: T) => string): T[] {
  return items.sort((a, b) => {
    const byTime = Date.parse(createdAt(b)) - Date.parse(createdAt(a));
    if (byTime !== 0) return byTime;
    return id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0;
  });
}

/** One tenant's data: every provider's steps (each list in the registry's order), in turn order. */
export function generateTenant(
  seed: number,
  datasets: ReadonlyArray<readonly DatasetStep[]>,
  size: (name: SizeName) => number,
  files: FileOrigins,
): TenantData {
  const random = new Random(seed);
  const steps = datasets
    .flatMap((steps, order) => steps.map((step) => ({ step, order })))
    .sort((a, b) => a.step.turn - b.step.turn || a.order - b.order);
  const data: Partial<TenantData> = { files };
  for (const { step } of steps) Object.assign(data, step.draw({ random, files, size }));
  // Every registered provider drew its fields: the data is whole.
  return data as TenantData;
}
