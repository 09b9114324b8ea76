/**
 * A provider's body against its shape (src/providers/http/body.ts): a
 * byte-identical answer for the same credential gives the very same checked
 * output (not parsed again); another credential, another text or a large
 * body is checked afresh, and a body of the wrong shape is refused every time.
 */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { parseBody } from '../../src/providers/http/body.js';
import { ProviderError } from '../../src/providers/errors.js';

const shape = z.object({ items: z.array(z.object({ id: z.string().transform((id) => id.toLowerCase()) })) });
const body = (ids: string[]) => JSON.stringify({ items: ids.map((id) => ({ id })) });

describe('parseBody', () => {
  it('answers a byte-identical body of the same credential with the same output', () => {
    const first = parseBody('krea', body(['A', 'B']), shape, 'json', 'tenant-1');
    expect(first).toEqual({ items: [{ id: 'a' }, { id: 'b' }] });
    expect(parseBody('krea', body(['A', 'B']), shape, 'json', 'tenant-1')).toBe(first);
    // Another credential: its own output, equal but not shared.
    const other = parseBody('krea', body(['A', 'B']), shape, 'json', 'tenant-2');
    expect(other).toEqual(first);
    expect(other).not.toBe(first);
    // Another text: checked afresh.
    expect(parseBody('krea', body(['C']), shape, 'json', 'tenant-2')).toEqual({ items: [{ id: 'c' }] });
  });

  it('keeps a list page but no larger body, and refuses a wrong shape every time', () => {
    // A 1,000-item page's size is kept…
    const page = body(Array.from({ length: 10_000 }, (_, i) => `ID-${i}`));
    expect(page.length).toBeGreaterThan(100_000);
    expect(parseBody('krea', page, shape, 'json', 't')).toBe(parseBody('krea', page, shape, 'json', 't'));
    // …a body over 512K characters is not.
    const large = body(Array.from({ length: 40_000 }, (_, i) => `ID-${i}`));
    expect(large.length).toBeGreaterThan(512 * 1024);
    const once = parseBody('krea', large, shape, 'json', 't');
    expect(parseBody('krea', large, shape, 'json', 't')).not.toBe(once);
    for (let i = 0; i < 2; i++) {
      expect(() => parseBody('krea', '{"items":[{"id":1}]}', shape, 'json', 't')).toThrow(ProviderError);
      expect(() => parseBody('krea', '{"items":', shape, 'json', 't')).toThrow(/not JSON/);
    }
  });
});
