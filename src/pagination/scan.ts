/**
 * Reading a provider's list as a filtered stream: items after a position
 * that match a predicate, until enough are found, the list ends, a stop
 * condition holds (the list is newest first, so "created after X" ends it),
 * or a bound on upstream calls is reached. The bound keeps a sparse filter
 * from turning one GraphQL request into hundreds of upstream calls; the
 * result then says how far it read (its frontier) so a later page goes on
 * from there. No I/O here: `fetch` does it.
 */
import { runOffsetWindow } from './pages.js';
import type { FetchedPage } from './pages.js';
import { TimestampWindow } from './timestamp.js';
import type { TimedKey, TimestampPosition, UpstreamAsk, UpstreamPage } from './timestamp.js';

export interface ScanOptions<T> {
  /** How many matching items to find. */
  want: number;
  /** Items the gateway filters itself; everything matches when absent. */
  predicate?: ((item: T) => boolean) | undefined;
  /** True for the first item past the end of the wanted range. */
  stop?: ((item: T) => boolean) | undefined;
  /** Upstream calls this scan may make. */
  maxCalls: number;
}

export interface ScannedItem<T, P> {
  item: T;
  /** The stream's position just after this item. */
  position: P;
}

export interface ScanResult<T, P> {
  items: ScannedItem<T, P>[];
  exhausted: boolean;
  /** The last item read, matching or not. */
  frontier: T | undefined;
  /** The position after the last item read. */
  scanned: P | undefined;
  calls: number;
}

/** With a gateway-side filter, read more than wanted per call: most items may not match. */
function firstReadSize<T>(options: ScanOptions<T>, max: number): number {
  return Math.min(max, options.predicate ? Math.max(options.want * 4, 50) : options.want);
}

class Scan<T, P> {
  readonly items: ScannedItem<T, P>[] = [];
  frontier: T | undefined;
  scanned: P | undefined;
  stopped = false;

  constructor(private readonly options: ScanOptions<T>) {}

  /** Takes one read item; false once nothing more is wanted. */
  offer(item: T, position: P): boolean {
    if (this.options.stop?.(item)) {
      this.stopped = true;
      return false;
    }
    this.frontier = item;
    this.scanned = position;
    if (!this.options.predicate || this.options.predicate(item)) this.items.push({ item, position });
    return this.items.length < this.options.want;
  }

  result(exhausted: boolean, calls: number): ScanResult<T, P> {
    return {
      items: this.items,
      exhausted: exhausted || this.stopped,
      frontier: this.frontier,
      scanned: this.scanned,
      calls,
    };
  }
}

export async function scanTimestampStream<T>(
  after: TimestampPosition | undefined,
  options: ScanOptions<T> & { keyOf: (item: T) => TimedKey; maxLimit: number },
  fetch: (ask: UpstreamAsk) => Promise<UpstreamPage<T>>,
): Promise<ScanResult<T, TimestampPosition>> {
  const scan = new Scan<T, TimestampPosition>(options);
  // Leave room in the provider's largest page for the re-read tie group.
  const ceiling = Math.max(1, Math.floor(options.maxLimit / 2));
  let readSize = firstReadSize(options, ceiling);
  let position = after;
  let calls = 0;
  while (calls < options.maxCalls) {
    const window = new TimestampWindow(readSize, position, options.keyOf, { maxLimit: options.maxLimit });
    for (let ask = window.nextAsk(); ask; ask = window.nextAsk()) {
      calls++;
      window.accept(await fetch(ask));
    }
    const page = window.result();
    for (const edge of page.edges) {
      if (!scan.offer(edge.item, edge.position)) return scan.result(false, calls);
      position = edge.position;
    }
    if (!page.hasNextPage) return scan.result(true, calls);
    readSize = Math.min(ceiling, readSize * 2);
  }
  return scan.result(false, calls);
}

export async function scanOffsetStream<T>(
  start: number,
  options: ScanOptions<T> & { maxUpstreamPageSize: number },
  fetch: (page: number, pageSize: number) => Promise<FetchedPage<T>>,
): Promise<ScanResult<T, number> & { total: number | undefined }> {
  const scan = new Scan<T, number>(options);
  let readSize = firstReadSize(options, options.maxUpstreamPageSize);
  let offset = start;
  let calls = 0;
  let total: number | undefined;
  const counted = (page: number, pageSize: number) => {
    calls++;
    return fetch(page, pageSize);
  };
  while (calls < options.maxCalls) {
    const spec = { forward: true, size: readSize, afterOffset: offset === 0 ? undefined : offset - 1 };
    const window = await runOffsetWindow(spec, options.maxUpstreamPageSize, counted);
    total = window.total;
    for (const edge of window.edges) {
      if (!scan.offer(edge.item, edge.offset + 1)) return { ...scan.result(false, calls), total };
      offset = edge.offset + 1;
    }
    if (!window.hasNextPage) return { ...scan.result(true, calls), total };
    readSize = Math.min(options.maxUpstreamPageSize, readSize * 2);
  }
  return { ...scan.result(false, calls), total };
}
