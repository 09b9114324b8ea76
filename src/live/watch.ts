/**
 * What a provider offers to watch, in the core's words: for each type it
 * names, how to poll one object with one credential. The hub (hub.ts) keys
 * its shared pollers `<provider>-<kind>:<id>:<credential digest>`; webhooks
 * nudge them by a prefix of that key (`krea-job:<id>:`), so the key is made
 * here, in one place, for every provider.
 */
import { createHash } from 'node:crypto';

/** A core concept an object stands for: `assetUpdates` watches assets, `jobUpdates` jobs. */
export type WatchConcept = 'asset' | 'job';

export interface WatchPoll<T> {
  fetch(): Promise<T>;
  statusOf(value: T): string;
  isTerminal(value: T): boolean;
}

/** One type a provider can watch (its `KreaJob`, say). */
export interface Watchable<T = unknown> {
  /** The key's kind (`job` in `krea-job:…`). */
  kind: string;
  /** How to poll object `id` with `credential` (a client bound to it, not to any request). */
  poll(id: string, credential: string): WatchPoll<T>;
}

/** A digest of a credential for poller keys (never the credential itself). */
export const watchDigest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** The prefix every poller of `provider`'s `kind` of object `id` has (`krea-job:<id>:`). */
export function watchKeyPrefix(provider: string, kind: string, id: string): string {
  return `${provider}-${kind}:${id}:`;
}
