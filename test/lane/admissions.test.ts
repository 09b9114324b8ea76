/**
 * The lane's memo of admitted texts (src/server/lane/admissions.ts): only
 * texts that carry their own document are kept, GET and POST apart, short
 * ones only, and never more than its bound.
 */
import { describe, expect, it } from 'vitest';
import { Admissions } from '../../src/server/lane/admissions.js';
import type { Admission } from '../../src/server/lane/admissions.js';

function admissionOf(params: Admission['params']): Admission {
  return { params, prepared: {} as Admission['prepared'], operation: {} as Admission['operation'] };
}

describe('admissions', () => {
  it('finds a text it was given, by kind, and nothing else', () => {
    const memo = new Admissions();
    const admission = admissionOf({ query: '{ a }' });
    memo.remember('post', '{"query":"{ a }"}', admission);
    expect(memo.get('post', '{"query":"{ a }"}')).toBe(admission);
    expect(memo.get('get', '{"query":"{ a }"}')).toBeUndefined();
    expect(memo.get('post', '{"query":"{ a }" }')).toBeUndefined();
  });

  it('keeps no text whose document is persisted or named by an extension, and no long text', () => {
    const memo = new Admissions();
    memo.remember('post', 'apq', admissionOf({ query: '{ a }', extensions: { persistedQuery: { version: 1 } } }));
    memo.remember('post', 'id', admissionOf({ documentId: 'x' } as Admission['params']));
    const long = `{"query":"{ a }","x":"${'y'.repeat(5_000)}"}`;
    memo.remember('post', long, admissionOf({ query: '{ a }' }));
    expect(memo.get('post', 'apq')).toBeUndefined();
    expect(memo.get('post', 'id')).toBeUndefined();
    expect(memo.get('post', long)).toBeUndefined();
  });

  it('holds at most 256 texts at any size of traffic, the newest ones', () => {
    for (const count of [1, 255, 256, 257, 1_000, 5_000]) {
      const memo = new Admissions();
      for (let i = 0; i < count; i += 1) memo.remember('post', `text ${i}`, admissionOf({ query: `{ a${i} }` }));
      const kept = Array.from({ length: count }, (_, i) => memo.get('post', `text ${i}`) !== undefined);
      expect(kept.filter(Boolean).length).toBe(Math.min(count, 256));
      // The kept ones are the last min(count, 256) given.
      expect(kept.slice(count - Math.min(count, 256)).every(Boolean)).toBe(true);
    }
  });
});
