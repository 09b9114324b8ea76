/**
 * /gallery/ as the gateway serves it, before and after a build, without a
 * browser: the page that says how to build, the files of a build, caching,
 * and nothing outside the build folder.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack } from '../helpers/stack.js';
import type { Stack } from '../helpers/stack.js';

const dir = mkdtempSync(join(tmpdir(), 'mediagraph-gallery-'));
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ gateway: { galleryDir: join(dir, 'dist') } });
});
afterAll(async () => {
  await stack.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) =>
  stack.gateway.fetch(`http://gateway${path}`, { headers: { accept: 'text/html', ...headers } });

describe('the gallery’s files', () => {
  it('says how to build the gallery until it is built, then serves the build without a restart', async () => {
    const missing = await get('/gallery/');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('npm run gallery');

    mkdirSync(join(dir, 'dist/assets'), { recursive: true });
    writeFileSync(
      join(dir, 'dist/index.html'),
      '<!doctype html><script type="module" src="/gallery/assets/app-1.js"></script>',
    );
    writeFileSync(join(dir, 'dist/assets/app-1.js'), 'console.log("gallery");'.repeat(50));
    // A build made with source maps: the maps hold the app's whole source.
    writeFileSync(join(dir, 'dist/assets/app-1.js.map'), '{"version":3,"sourcesContent":["the source"]}');
    const page = await get('/gallery/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await page.text()).toContain('app-1.js');

    const script = await get('/gallery/assets/app-1.js', { 'accept-encoding': 'br' });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(script.headers.get('content-encoding')).toBe('br');
    // In process, nothing decodes the body on the way.
    expect(brotliDecompressSync(Buffer.from(await script.arrayBuffer())).toString()).toBe(
      'console.log("gallery");'.repeat(50),
    );
    const again = await get('/gallery/assets/app-1.js', { 'if-none-match': script.headers.get('etag')! });
    expect(again.status).toBe(304);
    const map = await get('/gallery/assets/app-1.js.map');
    expect(map.status).toBe(404);
    expect(await map.text()).not.toContain('the source');

    // A rebuild: the page is read again; the old build's files go with it.
    writeFileSync(
      join(dir, 'dist/index.html'),
      '<!doctype html><script type="module" src="/gallery/assets/app-2.js"></script>',
    );
    writeFileSync(join(dir, 'dist/assets/app-2.js'), 'console.log("rebuilt");');
    rmSync(join(dir, 'dist/assets/app-1.js'));
    utimesSync(join(dir, 'dist/index.html'), new Date(), new Date(Date.now() + 5_000));
    const rebuilt = await get('/gallery/');
    expect(await rebuilt.text()).toContain('app-2.js');
    expect(rebuilt.headers.get('etag')).not.toBe(page.headers.get('etag'));
    expect((await get('/gallery/assets/app-2.js')).status).toBe(200);
    expect((await get('/gallery/assets/app-1.js')).status).toBe(404);
  });

  it('redirects /gallery to /gallery/, refuses other methods, and serves nothing outside the build', async () => {
    const bare = await get('/gallery');
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/gallery/');
    const post = await stack.gateway.fetch('http://gateway/gallery/', { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    writeFileSync(join(dir, 'secret.txt'), 'not for the web');
    for (const path of [
      '/gallery/../secret.txt',
      '/gallery/%2e%2e/secret.txt',
      '/gallery/..%2fsecret.txt',
      '/gallery/assets/../../secret.txt',
      '/gallery/%2e%2e%2f%2e%2e%2fpackage.json',
      '/gallery/index.html/',
    ]) {
      const response = await get(path);
      expect([404, 308], path).toContain(response.status);
      expect(await response.text(), path).not.toContain('not for the web');
    }
    // The GraphQL endpoint is untouched by it.
    const answer = await stack.query<{ __typename: string }>('{ __typename }');
    expect(answer.data).toEqual({ __typename: 'Query' });
  });
});
