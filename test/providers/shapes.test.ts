/**
 * The instants providers send (src/providers/shapes.ts): the RFC 3339
 * pattern is only a fast way in, so whatever it matches Date.parse must read,
 * and the shape accepts exactly what Date.parse reads, over many generated
 * strings near and far from a date-time.
 */
import { describe, expect, it } from 'vitest';
import { dateTimeShape, RFC_3339_PATTERN } from '../../src/providers/shapes.js';
import { seededRandom as random } from '../helpers/random.js';

const ALPHABET = '0123456789-:.+TtZz ';

function candidates(count: number): string[] {
  const next = random(25);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const two = (max: number) => String(Math.floor(next() * (max + 1))).padStart(2, '0');
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    // Near a date-time: each part sometimes out of range, left out or doubled.
    let text = `${String(Math.floor(next() * 10_000)).padStart(4, '0')}-${two(13)}-${two(32)}${pick(['T', 't', ' ', 'x'])}${two(25)}:${two(61)}`;
    if (next() < 0.8) text += `:${two(61)}`;
    if (next() < 0.4) text += `.${'9'.repeat(1 + Math.floor(next() * 11))}`;
    text += pick(['', 'Z', 'z', `+${two(25)}:${two(61)}`, `-${two(25)}${two(61)}`, `+${two(25)}`]);
    // Sometimes a character replaced: far from a date-time.
    if (next() < 0.25) {
      const at = Math.floor(next() * text.length);
      text = text.slice(0, at) + pick([...ALPHABET]) + text.slice(at + 1);
    }
    out.push(text);
  }
  return out;
}

describe('dateTimeShape', () => {
  it('accepts exactly what Date.parse reads; its pattern matches only such strings', () => {
    let matched = 0;
    let readOnlyByDateParse = 0;
    for (const text of candidates(20_000)) {
      const readable = !Number.isNaN(Date.parse(text));
      if (RFC_3339_PATTERN.test(text)) {
        matched++;
        expect([text, readable]).toEqual([text, true]);
      } else if (readable) readOnlyByDateParse++;
      const parsed = dateTimeShape.safeParse(text);
      expect([text, parsed.success]).toEqual([text, readable]);
      if (parsed.success) expect(parsed.data).toBe(text);
    }
    // Both ways in were taken, many times.
    expect(matched).toBeGreaterThan(1_000);
    expect(readOnlyByDateParse).toBeGreaterThan(100);
  });

  it('refuses what is not a string', () => {
    for (const value of [null, 0, 1_735_689_600_000, {}, ['2025-01-01T00:00:00Z']]) {
      expect(dateTimeShape.safeParse(value).success).toBe(false);
    }
  });
});
