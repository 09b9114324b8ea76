/**
 * The opaque-cursor window (Krea's GET /styles), against a model upstream
 * that pages by a cursor of its own: walks at any size deliver the list
 * exactly once in order, and a walk at a constant size asks `first` items
 * a page (it never re-reads what it delivered).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeOpaqueCursor, encodeOpaqueCursor, opaqueAsk, opaqueWindow } from '../../src/pagination/opaque.js';
import type { OpaquePosition } from '../../src/pagination/opaque.js';

/** An upstream whose cursor is an unrelated token naming an offset. */
function upstream(total: number) {
  const items = Array.from({ length: total }, (_, i) => `style-${i}`);
  const tokens = new Map<string, number>();
  let asked = 0;
  return {
    items,
    asked: () => asked,
    list(cursor: string | undefined, limit: number) {
      const from = cursor === undefined ? 0 : tokens.get(cursor)!;
      const page = items.slice(from, from + limit);
      asked += page.length;
      const end = from + page.length;
      let next: string | null = null;
      if (end < total) {
        next = `tok:${Math.random().toString(36).slice(2)}`;
        tokens.set(next, end);
      }
      return { items: page, nextCursor: next };
    },
  };
}

describe('opaqueWindow', () => {
  it('walks every list exactly once, at every page size, reading each item once', () => {
    fc.assert(
      fc.property(fc.nat({ max: 300 }), fc.integer({ min: 1, max: 100 }), (total, size) => {
        const api = upstream(total);
        const seen: string[] = [];
        let position: OpaquePosition | undefined;
        for (let page = 0; page < 400; page++) {
          const ask = opaqueAsk(size, position);
          expect(ask.limit).toBe(size);
          const result = opaqueWindow(size, position, api.list(ask.cursor, ask.limit));
          seen.push(...result.edges.map((edge) => edge.item));
          if (!result.hasNextPage) break;
          position = result.edges[result.edges.length - 1]!.position;
        }
        expect(seen).toEqual(api.items);
        expect(api.asked()).toBe(total);
      }),
    );
  });

  it('resumes after any edge of any page, even in the middle of a batch', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 50 }), fc.nat(), (total, size, pick) => {
        const api = upstream(total);
        const first = opaqueWindow(size, undefined, api.list(undefined, size));
        const chosen = first.edges[pick % first.edges.length]!;
        const ask = opaqueAsk(size, chosen.position);
        const next = opaqueWindow(size, chosen.position, api.list(ask.cursor, ask.limit));
        const from = api.items.indexOf(chosen.item) + 1;
        expect(next.edges.map((edge) => edge.item)).toEqual(api.items.slice(from, from + size));
      }),
    );
  });

  it('round-trips positions through cursors, and refuses one made with other arguments', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.integer({ min: -1, max: 999 }), (start, index) => {
        const cursor = encodeOpaqueCursor('krea-styles', { start, index }, 'digest1');
        expect(decodeOpaqueCursor('krea-styles', cursor, 'digest1')).toEqual({ start, index });
        expect(() => decodeOpaqueCursor('krea-styles', cursor, 'digest2')).toThrow();
      }),
    );
  });
});
