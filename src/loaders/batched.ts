/**
 * A per-request loader for one provider object type, with the gateway's
 * batching rules:
 *  - duplicate ids in one request cost one upstream call (DataLoader's cache);
 *  - single fetches share the provider's in-flight cap for this request;
 *  - objects a list call returned in this request cost nothing, also when
 *    they are asked for while that list call is still in flight (the batch
 *    waits for it rather than fetching the same object twice);
 *  - a batch of `listThreshold` or more ids first reads one newest-first list
 *    page of the provider's largest size, then fetches singly only the ids
 *    that page did not hold (one list call is cheaper than ten single calls,
 *    and recent objects are the ones most asked for);
 *  - an unknown id (404) is null, not an error.
 */
import DataLoader from 'dataloader';
import type { LimitFunction } from 'p-limit';
import { isProviderError } from '../providers/errors.js';

/** Single fetches in flight per provider per request (each provider's loaders share one cap). */
export const SINGLE_FETCH_CONCURRENCY = 8;

export interface BatchedLoaderSource<T> {
  getOne(id: string): Promise<T>;
  listNewest(): Promise<T[]>;
  idOf(item: T): string;
  /** This provider's in-flight cap for the request, shared with its other loaders (made when first asked: most requests fetch nothing singly). */
  limit: () => LimitFunction;
  /** @default 10 */
  listThreshold?: number;
  /** Sees the size of every batch (metrics). */
  onBatch?: (size: number) => void;
}

/**
 * Each listed page's items by id, made once per page: a page that coalescing
 * or the body memo shares between requests (models/ map a shared page to the
 * same array) is indexed once, not by every request that reads it (a
 * 1,000-item page per `nodes` batch was most of such a request's garbage). A
 * page array holds one kind of item, so its index does not depend on which
 * loader asks.
 */
const pageIndexes = new WeakMap<readonly unknown[], ReadonlyMap<string, unknown>>();

function indexOf<T>(items: readonly T[], idOf: (item: T) => string): ReadonlyMap<string, T> {
  let index = pageIndexes.get(items) as ReadonlyMap<string, T> | undefined;
  if (!index) {
    const made = new Map<string, T>();
    for (const item of items) made.set(idOf(item), item);
    pageIndexes.set(items, (index = made));
  }
  return index;
}

export class BatchedLoader<T> {
  /** What list calls (and mutations) returned, oldest first, each read through its page's shared index. */
  private readonly pages: Array<ReadonlyMap<string, T>> = [];
  /** Ids forgotten since the pages that hold them came. */
  private forgotten: Set<string> | undefined;
  /** Ids asked for so far: what DataLoader may have cached. */
  private readonly asked = new Set<string>();
  private readonly listsInFlight = new Set<Promise<unknown>>();
  private readonly loader: DataLoader<string, T | null>;

  constructor(private readonly source: BatchedLoaderSource<T>) {
    this.loader = new DataLoader((ids) => this.batch(ids));
  }

  load(id: string): Promise<T | null> {
    this.asked.add(id);
    // A remembered item enters DataLoader's cache when first asked for, not
    // when its list arrived: most listed items are never loaded again, and a
    // prime is a promise per item. prime() keeps a value already cached.
    const known = this.find(id);
    if (known !== undefined) this.loader.prime(id, known);
    return this.loader.load(id);
  }

  /** The item remembered under `id`: the newest page that holds it wins. */
  private find(id: string): T | undefined {
    if (this.forgotten?.has(id)) return undefined;
    for (let page = this.pages.length - 1; page >= 0; page--) {
      const item = this.pages[page]!.get(id);
      if (item !== undefined) return item;
    }
    return undefined;
  }

  /**
   * Runs a list call whose items this request may ask for again: they are
   * remembered, and single loads issued meanwhile wait for it.
   */
  list<R>(fetch: () => Promise<R>, itemsOf: (result: R) => readonly T[]): Promise<R> {
    const call = fetch().then((result) => {
      this.remember(itemsOf(result));
      return result;
    });
    const settled = call.then(
      () => undefined,
      () => undefined,
    );
    this.listsInFlight.add(settled);
    void settled.then(() => this.listsInFlight.delete(settled));
    return call;
  }

  /** Items fetched some other way (a mutation's answer) that later loads should reuse. */
  remember(items: readonly T[]): void {
    const index = indexOf(items, this.source.idOf);
    this.pages.push(index);
    if (this.forgotten) for (const id of this.forgotten) if (index.has(id)) this.forgotten.delete(id);
    // What an earlier load cached gives way; load() primes the newer item.
    for (const id of this.asked) if (index.has(id)) this.loader.clear(id);
  }

  /** An object this request deleted: later loads ask the provider again. */
  forget(id: string): void {
    (this.forgotten ??= new Set()).add(id);
    this.loader.clear(id);
  }

  private async batch(ids: readonly string[]): Promise<Array<T | null | Error>> {
    this.source.onBatch?.(ids.length);
    if (this.listsInFlight.size > 0) await Promise.all(this.listsInFlight);
    let missing = ids.filter((id) => this.find(id) === undefined);
    if (missing.length >= (this.source.listThreshold ?? 10)) {
      await this.list(
        () => this.source.limit()(() => this.source.listNewest()),
        (items) => items,
      );
      missing = missing.filter((id) => this.find(id) === undefined);
    }
    const fetched = new Map<string, Promise<T | null | Error>>();
    for (const id of missing) fetched.set(id, this.fetchOne(id));
    return Promise.all(ids.map((id) => fetched.get(id) ?? this.find(id) ?? null));
  }

  private async fetchOne(id: string): Promise<T | null | Error> {
    try {
      return await this.source.limit()(() => this.source.getOne(id));
    } catch (error) {
      if (isProviderError(error) && error.kind === 'not-found') return null;
      // DataLoader wants an Error in the slot; it is not cached.
      return error instanceof Error ? error : new Error(String(error));
    }
  }
}
