/**
 * A Relay window, both ways, over page/pageSize pagination with a known total
 * (Argil's GET /assets and its X-Total-Count header). Pure: a window in
 * offsets, the fewest upstream pages that cover it, and the page assembled
 * from what came back.
 */
import { cursorInteger, decodeCursor, encodeCursor } from './cursor.js';
import { PaginationInputError } from './errors.js';

export interface WindowSpec {
  forward: boolean;
  size: number;
  /** Offset of the item the `after` cursor names. */
  afterOffset?: number | undefined;
  /** Offset of the item the `before` cursor names. */
  beforeOffset?: number | undefined;
}

/** Offsets [start, end) into the filtered, newest-first list. */
export interface OffsetWindow {
  start: number;
  end: number;
}

export interface PagePlan {
  pageSize: number;
  /** 1-based page numbers, ascending. */
  pages: number[];
}

export interface FetchedPage<T> {
  page: number;
  pageSize: number;
  items: readonly T[];
  total: number;
}

export interface OffsetEdge<T> {
  item: T;
  offset: number;
}

export interface OffsetPageResult<T> {
  edges: OffsetEdge<T>[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  total: number;
}

export function encodeOffsetCursor(kind: string, offset: number, filterDigest: string): string {
  return encodeCursor(kind, [offset, filterDigest]);
}

export function decodeOffsetCursor(kind: string, cursor: string, filterDigest: string): number {
  const [offset, digest] = decodeCursor(kind, cursor, 2);
  if (digest !== filterDigest) {
    throw new PaginationInputError('This cursor was made for other filter arguments; start again without it');
  }
  return cursorInteger(offset);
}

/**
 * The offsets a window covers, or undefined when it counts from the end of
 * the list (`last` without `before`) and the total is not known yet.
 */
export function resolveWindow(spec: WindowSpec, total?: number): OffsetWindow | undefined {
  const floor = spec.afterOffset === undefined ? 0 : spec.afterOffset + 1;
  if (spec.forward) {
    let end = floor + spec.size;
    if (spec.beforeOffset !== undefined) end = Math.min(end, spec.beforeOffset);
    return { start: floor, end: Math.max(floor, end) };
  }
  const end = spec.beforeOffset ?? total;
  if (end === undefined) return undefined;
  const start = Math.max(floor, end - spec.size, 0);
  return { start, end: Math.max(start, end) };
}

/**
 * The fewest pages of one size (≤ maxPageSize) that cover the window; among
 * those, the smallest size (fewest items transferred). An empty window still
 * costs one one-item page: the total has to come from somewhere.
 */
export function planPages(window: OffsetWindow, maxPageSize: number): PagePlan {
  const { start, end } = window;
  if (end <= start) return { pageSize: 1, pages: [1] };
  if (maxPageSize < 1) throw new Error('maxPageSize must be at least 1');
  let bestSize = 1;
  let bestCount = Infinity;
  for (let size = 1; size <= maxPageSize; size++) {
    const count = Math.floor((end - 1) / size) - Math.floor(start / size) + 1;
    // Fewer pages first; at equal count the smaller size moves fewer items.
    if (count < bestCount) {
      bestSize = size;
      bestCount = count;
      if (count === 1) break;
    }
  }
  const first = Math.floor(start / bestSize);
  return { pageSize: bestSize, pages: Array.from({ length: bestCount }, (_, i) => first + i + 1) };
}

/** True when `page` alone holds every offset of the window. */
export function pageCovers(page: FetchedPage<unknown>, window: OffsetWindow): boolean {
  const from = (page.page - 1) * page.pageSize;
  const to = from + page.pageSize;
  return window.start >= from && Math.min(window.end, page.total) <= to;
}

export function assembleWindow<T>(window: OffsetWindow, pages: readonly FetchedPage<T>[]): OffsetPageResult<T> {
  const first = pages[0];
  if (!first) throw new Error('assembleWindow needs at least one fetched page');
  const total = first.total;
  const edges: OffsetEdge<T>[] = [];
  const seen = new Set<number>();
  for (const page of [...pages].sort((a, b) => a.page - b.page)) {
    page.items.forEach((item, index) => {
      const offset = (page.page - 1) * page.pageSize + index;
      if (offset >= window.start && offset < window.end && !seen.has(offset)) {
        seen.add(offset);
        edges.push({ item, offset });
      }
    });
  }
  edges.sort((a, b) => a.offset - b.offset);
  return {
    edges,
    hasNextPage: window.end < total,
    hasPreviousPage: Math.min(window.start, total) > 0,
    total,
  };
}

/**
 * Plans and assembles one window through `fetch` (which does the I/O): the
 * fewest pages, fetched at once; a probe first when the window counts from
 * the end; a second plan when a `before` cursor points past a list that has
 * since shrunk, so the window ends at the real end.
 */
export async function runOffsetWindow<T>(
  spec: WindowSpec,
  maxUpstreamPageSize: number,
  fetch: (page: number, pageSize: number) => Promise<FetchedPage<T>>,
): Promise<OffsetPageResult<T>> {
  const fetched: FetchedPage<T>[] = [];
  const cover = async (window: OffsetWindow) => {
    if (fetched.some((page) => pageCovers(page, window))) return;
    const plan = planPages(window, maxUpstreamPageSize);
    fetched.push(...(await Promise.all(plan.pages.map((page) => fetch(page, plan.pageSize)))));
  };
  let window = resolveWindow(spec);
  if (!window) {
    // `last` without `before`: learn the total with the largest first page,
    // which often holds the whole window already.
    fetched.push(await fetch(1, maxUpstreamPageSize));
  } else {
    await cover(window);
  }
  const total = fetched[0]?.total ?? 0;
  if (!window || (!spec.forward && window.end > total)) {
    window = resolveWindow({ ...spec, beforeOffset: Math.min(spec.beforeOffset ?? total, total) }, total);
    if (!window) throw new Error('a window with a known total always resolves');
    await cover(window);
  }
  return assembleWindow(window, fetched);
}
