/**
 * providers/http/pool.ts takes undici's Pool from its own module, not from
 * undici's index (which loads fetch, WebSocket, caches and mocks too): it
 * must stay the very class the index exports, whatever undici version the
 * lock file brings.
 */
import { Pool as IndexPool } from 'undici';
import Pool from 'undici/lib/dispatcher/pool.js';
import { describe, expect, it } from 'vitest';
import { createProviderPool } from '../../src/providers/http/pool.js';

describe("undici's Pool from its own module", () => {
  it('is the class undici exports', () => {
    expect(Pool).toBe(IndexPool);
  });

  it('is what provider pools are made of', async () => {
    const { pool, basePath } = createProviderPool({ baseUrl: 'http://127.0.0.1:9/v1/', timeoutMs: 1_000 });
    expect(pool).toBeInstanceOf(IndexPool);
    expect(basePath).toBe('/v1');
    await pool.close();
  });
});
