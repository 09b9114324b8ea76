/**
 * The heap at its working size once start-up is over. Building the schema
 * leaves tens of MB of garbage and grows V8's young generation to its
 * largest (16 MB under `--max-semi-space-size=8`), and V8 gives the young
 * generation back only at a collection that finds the allocation rate low
 * over its last few collections: in a process with nothing to do no
 * collection runs, so it would keep those pages for good. So: one full
 * collection, then minor ones 50 ms apart until V8 has shrunk the young
 * generation (measured: 16 MB to 1 MB after 12–13 of them, about 0.7 s; RSS
 * −14 to −15 MB). Under load it grows back as V8 sees objects survive.
 * Needs `--expose-gc` (npm start passes it); without it nothing happens.
 */
import { getHeapSpaceStatistics } from 'node:v8';

type GcOptions = { type: 'major' | 'minor'; execution: 'sync' };
export type Collect = (options: GcOptions) => void;

export interface SettleOptions {
  /** V8's collector (`globalThis.gc` under --expose-gc). */
  collect?: Collect | undefined;
  /** The young generation's committed bytes now. @default V8's new_space size */
  youngBytes?: () => number;
  /** Between minor collections: long enough that V8 sees an idle process. @default 50 */
  intervalMs?: number;
  /** Minor collections at most (requests meanwhile can delay the shrink). @default 40 */
  tries?: number;
}

function youngGenerationBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}

/** Collects until the young generation shrank (resolves true) or `tries` ran out (false). */
export async function settleHeap(options: SettleOptions = {}): Promise<boolean> {
  const collect = options.collect ?? (globalThis as { gc?: Collect }).gc;
  if (!collect) return false;
  const youngBytes = options.youngBytes ?? youngGenerationBytes;
  const intervalMs = options.intervalMs ?? 50;
  collect({ type: 'major', execution: 'sync' });
  const grown = youngBytes();
  for (let tries = options.tries ?? 40; tries > 0; tries -= 1) {
    await new Promise<void>((done) => setTimeout(done, intervalMs).unref());
    collect({ type: 'minor', execution: 'sync' });
    if (youngBytes() < grown) return true;
  }
  return false;
}
