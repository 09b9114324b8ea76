/**
 * A connection field walked whole, as a client pages through it: forward
 * with first/after or backward with last/before, `size` at a time, at most
 * `maxPages` pages. Every page must come without errors; each page's
 * totalCount is checked against `total` when given.
 */
import { expect } from 'vitest';
import type { Stack } from './stack.js';

export interface WalkedConnection {
  totalCount?: number;
  nodes: Array<{ providerId: string }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export interface Walk {
  /** The query, taking `$first`, `$after`, `$last` and `$before`. */
  query: string;
  /** Its root field, the connection. */
  field: string;
  direction: 'forward' | 'backward';
  size: number;
  maxPages: number;
  total?: number;
}

/** The providerIds of every node, in the connection's order. */
export async function walkConnection(stack: Stack, walk: Walk): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  const forward = walk.direction === 'forward';
  for (let i = 0; i < walk.maxPages; i++) {
    const variables: Record<string, unknown> = forward
      ? { first: walk.size, after: cursor }
      : { last: walk.size, before: cursor };
    const page = await stack.query<Record<string, WalkedConnection>>(walk.query, variables);
    expect(page.errors).toBeUndefined();
    const connection: WalkedConnection = page.data![walk.field]!;
    if (walk.total !== undefined) expect(connection.totalCount).toBe(walk.total);
    const pageIds = connection.nodes.map((node) => node.providerId);
    if (forward) ids.push(...pageIds);
    else ids.unshift(...pageIds);
    const more = forward ? connection.pageInfo.hasNextPage : connection.pageInfo.hasPreviousPage;
    if (!more) break;
    cursor = forward ? connection.pageInfo.endCursor : connection.pageInfo.startCursor;
  }
  return ids;
}
