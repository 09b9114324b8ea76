/**
 * A forward window over an upstream that pages by an opaque string cursor
 * (Krea's GET /styles: `cursor`, `limit`, `next_cursor`), pure. Only the end
 * of an upstream batch has an upstream cursor, so a position is (the cursor
 * that started a batch, the index in it): resuming there asks that batch
 * again up to the end of the window and skips what was delivered. A window
 * that ends where its batch ends hands on the batch's next cursor instead,
 * so a walk at a constant size asks exactly `first` items a page.
 */
import { decodeCursor, encodeCursor } from './cursor.js';
import { PaginationInputError } from './errors.js';

export interface OpaquePosition {
  /** The upstream cursor that started the batch ('' for the first). */
  start: string;
  /** Index of the item in that batch; -1: before its first item. */
  index: number;
}

export interface OpaqueAsk {
  cursor: string | undefined;
  limit: number;
}

export interface OpaqueWindowResult<T> {
  edges: Array<{ item: T; position: OpaquePosition }>;
  hasNextPage: boolean;
}

/** What to ask for a page of `size` after `position`. */
export function opaqueAsk(size: number, position: OpaquePosition | undefined): OpaqueAsk {
  const at = position ?? { start: '', index: -1 };
  return { cursor: at.start === '' ? undefined : at.start, limit: at.index + 1 + size };
}

/** The page, from what the upstream answered to `opaqueAsk(size, position)`. */
export function opaqueWindow<T>(
  size: number,
  position: OpaquePosition | undefined,
  answer: { items: readonly T[]; nextCursor: string | null },
): OpaqueWindowResult<T> {
  const at = position ?? { start: '', index: -1 };
  const ask = opaqueAsk(size, position);
  const taken = answer.items.slice(at.index + 1, at.index + 1 + size);
  const batchEnded = answer.items.length >= ask.limit;
  const edges = taken.map((item, i) => ({ item, position: { start: at.start, index: at.index + 1 + i } }));
  const last = edges[edges.length - 1];
  // The window ends where the batch does: the next one starts at the upstream's own cursor.
  if (last && batchEnded && answer.nextCursor !== null) last.position = { start: answer.nextCursor, index: -1 };
  return { edges, hasNextPage: answer.nextCursor !== null };
}

export function encodeOpaqueCursor(kind: string, position: OpaquePosition, digest: string): string {
  return encodeCursor(kind, [Buffer.from(position.start, 'utf8').toString('base64url'), position.index + 1, digest]);
}

export function decodeOpaqueCursor(kind: string, cursor: string, digest: string): OpaquePosition {
  const [start, index, check] = decodeCursor(kind, cursor, 3);
  if (check !== digest) throw new PaginationInputError('This cursor was made with other arguments');
  if (start === undefined || index === undefined || !/^\d{1,4}$/.test(index)) {
    throw new PaginationInputError('Invalid cursor: bad position');
  }
  return { start: Buffer.from(start, 'base64url').toString('utf8'), index: Number(index) - 1 };
}
