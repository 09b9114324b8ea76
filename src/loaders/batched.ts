/**
 * A per-request DataLoader for one provider object type, with the gateway's
 * batching rules:
 *  - duplicate ids in one request cost one upstream call (DataLoader's cache);
 *  - single fetches share the provider's in-flight cap for this request;
 *  - a batch of `listThreshold` or more ids first reads one newest-first list
 *    page of the provider's largest size, then fetches singly only the ids
 *    that page did not hold (a list call is cheaper than ten single calls,
 *    and recent objects are the ones most asked for);
 *  - an unknown id (404) is null, not an error;
 *  - list resolvers prime the loader, so an object already seen in the
 *    request costs nothing.
 */
import DataLoader from 'dataloader';
import type { LimitFunction } from 'p-limit';
import { isProviderError } from '../providers/errors.js';

export interface BatchedLoaderSource<T> {
  getOne(id: string): Promise<T>;
  listNewest(): Promise<T[]>;
  idOf(item: T): string;
  /** This provider's in-flight cap for the request, shared with its other loaders. */
  limit: LimitFunction;
  /** @default 10 */
  listThreshold?: number;
}

export type BatchedLoader<T> = DataLoader<string, T | null>;

export function createBatchedLoader<T>(source: BatchedLoaderSource<T>): BatchedLoader<T> {
  const threshold = source.listThreshold ?? 10;
  const loader: BatchedLoader<T> = new DataLoader<string, T | null>(async (ids) => {
    const found = new Map<string, T>();
    if (ids.length >= threshold) {
      for (const item of await source.limit(() => source.listNewest())) {
        const id = source.idOf(item);
        found.set(id, item);
        // Later loads in this request of other listed ids cost nothing.
        loader.prime(id, item);
      }
    }
    return Promise.all(
      ids.map(async (id) => {
        const listed = found.get(id);
        if (listed !== undefined) return listed;
        try {
          return await source.limit(() => source.getOne(id));
        } catch (error) {
          if (isProviderError(error) && error.kind === 'not-found') return null;
          // DataLoader wants an Error in the slot; it is not cached.
          return error instanceof Error ? error : new Error(String(error));
        }
      }),
    );
  });
  return loader;
}
