/**
 * Request ids (server/request-log.ts): a client's sane X-Request-Id is
 * kept, anything else replaced by a new id; new ids are 128 random bits in
 * base64url, drawn from entropy fetched 256 ids at a time. The oracle for
 * "sane" is the header's own rule, restated here: a token of word
 * characters, dots, colons and dashes, 1–64 long.
 */
import { describe, expect, it } from 'vitest';
import { newRequestId, requestIdOf } from '../src/server/request-log.js';

const SANE = /^[A-Za-z0-9_.:-]{1,64}$/;

describe('request ids', () => {
  it('are new, distinct, sane 22-character tokens of 16 bytes, across many refills of their entropy', () => {
    const seen = new Set<string>();
    for (let index = 0; index < 5_000; index += 1) {
      const id = newRequestId();
      expect(id).toMatch(SANE);
      expect(Buffer.from(id, 'base64url')).toHaveLength(16);
      seen.add(id);
    }
    expect(seen.size).toBe(5_000);
  });

  it('keep a sane id a client sends, and replace any other with a new one', () => {
    for (const sent of ['abc', 'a.b:c-d_e', 'x'.repeat(64)]) expect(requestIdOf(sent)).toBe(sent);
    for (const sent of ['', 'x'.repeat(65), 'a b', 'a"b', 'line\nbreak', '__proto__\r', null, undefined]) {
      const id = requestIdOf(sent);
      expect(id).not.toBe(sent);
      expect(id).toMatch(SANE);
      expect(id).toHaveLength(22);
    }
  });
});
