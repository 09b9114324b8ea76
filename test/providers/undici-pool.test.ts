/**
 * providers/http/pool.ts takes undici's Pool from its own module, not from
 * undici's index (which loads fetch, WebSocket, caches and mocks too): it
 * must stay the very class the index exports, whatever undici version the
 * lock file brings, and, loaded alone as the gateway loads it, have what the
 * gateway calls (dispatch, close) and not what only the index adds (which
 * its type leaves out).
 */
import { spawnSync } from 'node:child_process';
import { Pool as IndexPool } from 'undici';
import Pool from 'undici/lib/dispatcher/pool.js';
import { describe, expect, it } from 'vitest';
import { createProviderPool } from '../../src/providers/http/pool.js';

const root = new URL('../..', import.meta.url).pathname;

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

  it("has dispatch and close without undici's index, and not the index's request", () => {
    // In a process of its own: this test file's import of the index gave every pool here the index's methods.
    const child = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import Pool from 'undici/lib/dispatcher/pool.js';
         const pool = new Pool('http://127.0.0.1:9');
         console.log(JSON.stringify(['dispatch', 'close', 'request', 'stream'].map((name) => typeof pool[name])));
         await pool.close();`,
      ],
      { cwd: root, encoding: 'utf8', timeout: 20_000 },
    );
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual(['function', 'function', 'undefined', 'undefined']);
  });
});
