/**
 * A forward Relay window over a "created strictly before <timestamp>" cursor
 * (Krea's GET /assets and GET /jobs), with no I/O: the caller asks
 * `nextAsk()`, performs it, hands the page to `accept()`, and repeats until
 * `nextAsk()` is undefined.
 *
 * Why it is not a thin wrapper: Krea's `next_cursor` is the timestamp of the
 * last item returned and means "strictly older". When a page ends inside a
 * group of items sharing one timestamp, following `next_cursor` skips the
 * rest of that group. So this window
 *  - orders items by (timestamp desc, id asc), one total order whatever the
 *    provider does within a tie;
 *  - positions by (timestamp, id) of the last item delivered, and resumes by
 *    asking for "older than timestamp + 1 ms", dropping what was delivered;
 *  - only emits items of tie groups it has seen whole: the last group of a
 *    full upstream page may continue on the next one, so it is re-read.
 * Steady state costs one upstream call per page; a page ending in a tie
 * group longer than `slack + 1` costs a second.
 */
import { cursorInteger, cursorTimestamp, decodeCursor, encodeCursor } from './cursor.js';
import { PaginationInputError, PaginationLimitError } from './errors.js';

export interface TimedKey {
  /** Milliseconds since the epoch. */
  ms: number;
  id: string;
}

export interface TimestampPosition extends TimedKey {
  /** How many items of this timestamp were delivered up to here: sizes the next ask. */
  rank: number;
}

export interface UpstreamAsk {
  /** ISO 8601; items strictly older. Absent for the newest items. */
  cursor: string | undefined;
  limit: number;
}

export interface UpstreamPage<T> {
  items: readonly T[];
  nextCursor: string | null;
}

export interface TimestampEdge<T> {
  item: T;
  position: TimestampPosition;
}

export interface TimestampPageResult<T> {
  edges: TimestampEdge<T>[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export interface TimestampWindowOptions {
  /** The provider's largest `limit` (Krea: 1000). */
  maxLimit: number;
  /** Extra items asked for so that a short tie group at the page end costs no second call. @default 3 */
  slack?: number;
}

const ID = /^[A-Za-z0-9-]{1,64}$/;
/** Upstream calls one window may make; a provider that never moves on is an error, not a loop. */
const MAX_ROUNDS = 12;

export function encodeTimestampCursor(kind: string, position: TimestampPosition): string {
  return encodeCursor(kind, [position.ms, position.rank, position.id]);
}

export function decodeTimestampCursor(kind: string, cursor: string): TimestampPosition {
  const [ms, rank, id] = decodeCursor(kind, cursor, 3);
  if (id === undefined || !ID.test(id)) throw new PaginationInputError('Invalid cursor: bad id');
  return { ms: cursorTimestamp(ms), rank: cursorInteger(rank), id };
}

/** A position as one cursor field (for composite cursors such as the merged feed's). */
export function formatTimestampPosition(position: TimestampPosition): string {
  return `${position.ms}.${position.rank}.${position.id}`;
}

export function parseTimestampPosition(field: string): TimestampPosition {
  const [ms, rank, id, extra] = field.split('.');
  if (extra !== undefined || id === undefined || !ID.test(id))
    throw new PaginationInputError('Invalid cursor: bad position');
  return { ms: cursorTimestamp(ms), rank: cursorInteger(rank), id };
}

/** (timestamp desc, id asc): negative when `a` comes first. */
export function compareTimed(a: TimedKey, b: TimedKey): number {
  if (a.ms !== b.ms) return b.ms - a.ms;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export class TimestampWindow<T> {
  private readonly collected: T[] = [];
  private ask: UpstreamAsk | undefined;
  private hasNext = false;
  private rounds = 0;
  private readonly slack: number;

  constructor(
    private readonly size: number,
    private readonly after: TimestampPosition | undefined,
    private readonly keyOf: (item: T) => TimedKey,
    private readonly options: TimestampWindowOptions,
  ) {
    this.slack = options.slack ?? 3;
    this.ask = {
      cursor: after ? new Date(after.ms + 1).toISOString() : undefined,
      limit: this.clamp(size + 1 + (after?.rank ?? 0) + this.slack),
    };
  }

  /** The next upstream request, or undefined when the page is known. */
  nextAsk(): UpstreamAsk | undefined {
    return this.ask;
  }

  accept(page: UpstreamPage<T>): void {
    const ask = this.ask;
    if (!ask) throw new Error('accept() called after the window was complete');
    if (++this.rounds > MAX_ROUNDS) {
      throw new PaginationLimitError('The provider kept answering pages that do not move the cursor on');
    }
    const raw = this.newestFirst(page.items);
    const fresh = raw.filter((item) => this.isAfterPosition(this.keyOf(item)));
    const last = raw[raw.length - 1];
    if (raw.length < ask.limit || page.nextCursor === null || last === undefined) {
      this.take(fresh);
      this.hasNext = this.collected.length > this.size;
      this.ask = undefined;
      return;
    }
    // The last timestamp of a full page may continue upstream: only what is
    // strictly newer than it is known to be whole.
    const lastMs = this.keyOf(last).ms;
    const whole = fresh.filter((item) => this.keyOf(item).ms > lastMs);
    const partial = fresh.length - whole.length;
    this.take(whole);
    if (this.collected.length > this.size || (this.collected.length === this.size && partial > 0)) {
      this.hasNext = true;
      this.ask = undefined;
      return;
    }
    const rawPartial = raw.filter((item) => this.keyOf(item).ms === lastMs).length;
    if (rawPartial === raw.length) {
      // The whole page is one timestamp: asking again from the same place
      // only helps with a larger page.
      if (ask.limit >= this.options.maxLimit) {
        throw new PaginationLimitError(
          `More than ${this.options.maxLimit} items share one timestamp; the provider's cursor cannot page through them`,
        );
      }
      this.ask = { cursor: ask.cursor, limit: this.clamp(ask.limit * 4) };
      return;
    }
    const need = this.size + 1 - this.collected.length;
    this.ask = { cursor: new Date(lastMs + 1).toISOString(), limit: this.clamp(need + rawPartial + this.slack) };
  }

  result(): TimestampPageResult<T> {
    if (this.ask) throw new Error('result() called before the window was complete');
    const items = this.collected.slice(0, this.size);
    let previous: TimestampPosition | undefined = this.after;
    const edges = items.map((item) => {
      const key = this.keyOf(item);
      const rank = previous && previous.ms === key.ms ? previous.rank + 1 : 1;
      previous = { ms: key.ms, id: key.id, rank };
      return { item, position: previous };
    });
    return { edges, hasNextPage: this.hasNext, hasPreviousPage: this.after !== undefined };
  }

  /** The page newest first (as documented); sorted here if a provider answers otherwise. */
  private newestFirst(items: readonly T[]): readonly T[] {
    for (let i = 1; i < items.length; i++) {
      if (this.keyOf(items[i - 1]!).ms < this.keyOf(items[i]!).ms) {
        return [...items].sort((a, b) => this.keyOf(b).ms - this.keyOf(a).ms);
      }
    }
    return items;
  }

  private isAfterPosition(key: TimedKey): boolean {
    return this.after === undefined || compareTimed(key, this.after) > 0;
  }

  private take(items: T[]): void {
    items.sort((a, b) => compareTimed(this.keyOf(a), this.keyOf(b)));
    for (const item of items) this.collected.push(item);
  }

  private clamp(limit: number): number {
    return Math.max(1, Math.min(this.options.maxLimit, limit));
  }
}
