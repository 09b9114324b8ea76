import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cursorInteger, decodeCursor, encodeCursor } from '../../src/pagination/cursor.js';
import { PaginationInputError } from '../../src/pagination/errors.js';
import { decodeOffsetCursor, encodeOffsetCursor } from '../../src/pagination/pages.js';
import { decodeTimestampCursor, encodeTimestampCursor } from '../../src/pagination/timestamp.js';

const field = fc.stringMatching(/^[A-Za-z0-9._-]{0,40}$/);

describe('cursor codec', () => {
  it('round-trips any fields of the allowed alphabet', () => {
    fc.assert(
      fc.property(fc.array(field, { maxLength: 6 }), (fields) => {
        const cursor = encodeCursor('kind', fields);
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeCursor('kind', cursor, fields.length)).toEqual(fields);
      }),
    );
  });

  it('rejects every single-character edit', () => {
    const cursor = encodeTimestampCursor('krea-assets', {
      ms: 1_790_855_460_000,
      rank: 2,
      id: 'e658d9db-24f7-4acb-a2de-8717ea679b80',
    });
    let edits = 0;
    for (let i = 0; i < cursor.length; i++) {
      for (const replacement of ['A', 'z', '0', '_']) {
        if (cursor[i] === replacement) continue;
        const edited = cursor.slice(0, i) + replacement + cursor.slice(i + 1);
        // An edit of the last character's padding bits can leave the decoded text unchanged.
        if (Buffer.from(edited, 'base64url').equals(Buffer.from(cursor, 'base64url'))) continue;
        edits++;
        expect(() => decodeTimestampCursor('krea-assets', edited), edited).toThrow(PaginationInputError);
      }
    }
    expect(edits).toBeGreaterThan(cursor.length * 3 - 10);
  });

  it('rejects a cursor of another connection, another version, or another field count', () => {
    const krea = encodeTimestampCursor('krea-assets', { ms: 1, rank: 1, id: 'a' });
    expect(() => decodeTimestampCursor('krea-jobs', krea)).toThrow(PaginationInputError);
    expect(() => decodeOffsetCursor('argil-assets', krea, 'x')).toThrow(PaginationInputError);
    const v2 = Buffer.from('2:krea-assets:1:1:a:00000000').toString('base64url');
    expect(() => decodeTimestampCursor('krea-assets', v2)).toThrow(PaginationInputError);
    expect(() => decodeCursor('k', encodeCursor('k', ['1', '2']), 3)).toThrow(PaginationInputError);
  });

  it('rejects an offset cursor made for other filters', () => {
    const cursor = encodeOffsetCursor('argil-assets', 7, 'aaaa');
    expect(decodeOffsetCursor('argil-assets', cursor, 'aaaa')).toBe(7);
    expect(() => decodeOffsetCursor('argil-assets', cursor, 'bbbb')).toThrow(/other filter/);
  });

  it('rejects NaN, negative and unsafe numbers inside a well-formed cursor', () => {
    for (const bad of ['NaN', '-1', '1e3', '99999999999999999', '']) {
      const cursor = encodeCursor('argil-assets', [bad, 'd']);
      expect(() => decodeOffsetCursor('argil-assets', cursor, 'd'), bad).toThrow(PaginationInputError);
    }
    expect(cursorInteger('42')).toBe(42);
  });

  it('answers arbitrary strings with a PaginationInputError, never anything else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), (text) => {
        try {
          decodeTimestampCursor('krea-assets', text);
        } catch (error) {
          expect(error).toBeInstanceOf(PaginationInputError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
