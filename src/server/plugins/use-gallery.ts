/**
 * The gallery (examples/gallery, built by `npm run gallery`) at /gallery/:
 * its built files, held in memory with their compressed forms once someone
 * opens it. File names are content hashes (immutable); the page is
 * revalidated, and reloaded from disk when a rebuild changed it. Before the
 * first build, the page says how to make one.
 *
 * Files are looked up in the set read from the build folder, never by
 * joining a request's path onto it, so no path reaches outside the folder.
 * Source maps are never served (a build made with them would hand out the
 * app's whole source, 2.5 MB of it).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { SIGN_IN_FILE, signInAsset, signInOrigins, withSignInMeta } from '../gallery-sign-in.js';
import type { GallerySignIn } from '../gallery-sign-in.js';
import { IMMUTABLE, makeAsset, respond } from '../static-assets.js';
import type { StaticAsset } from '../static-assets.js';

export const GALLERY_PATH = '/gallery/';

export interface GalleryOptions {
  /** The build folder (GALLERY_DIR). */
  dir: string;
  /** SANDBOX_AUTH: how the page signs in (server/gallery-sign-in.ts); absent: no sign-in.json. */
  signIn?: GallerySignIn;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * The page runs only its own script and talks only to this gateway (and,
 * with SANDBOX_AUTH, to the identity provider it signs in with); media
 * comes from the providers' CDNs (any origin). Nothing may frame it.
 */
function pageHeaders(signIn: GallerySignIn | undefined): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      ["connect-src 'self'", ...signInOrigins(signIn)].join(' '),
      'img-src * data: blob:',
      'media-src * blob:',
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

const MISSING = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>mediagraph gallery: not built</title></head>
  <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
    <h1>The gallery is not built yet</h1>
    <p>Build it once, from the repository's folder, then reload this page:</p>
    <pre><code>npm run gallery</code></pre>
    <p>It is the React and Relay app in <code>examples/gallery/</code>; the GraphQL API at <a href="/graphql">/graphql</a> works without it.</p>
  </body>
</html>
`;

interface Build {
  pageMtimeMs: number;
  files: Map<string, StaticAsset>;
}

async function readBuild(dir: string, pageMtimeMs: number, signIn: GallerySignIn | undefined): Promise<Build> {
  const headers = pageHeaders(signIn);
  const names = (await readdir(dir, { recursive: true, withFileTypes: true })).filter(
    (entry) => entry.isFile() && extname(entry.name) !== '.map',
  );
  const files = await Promise.all(
    names.map(async (entry) => {
      const full = join(entry.parentPath, entry.name);
      const relative = full
        .slice(dir.length + 1)
        .split(sep)
        .join('/');
      const type = CONTENT_TYPES[extname(entry.name)] ?? 'application/octet-stream';
      const page = relative === 'index.html';
      const body = await readFile(full);
      return makeAsset(
        page ? GALLERY_PATH : `${GALLERY_PATH}${relative}`,
        type,
        page && signIn ? withSignInMeta(body) : body,
        // Vite names everything under assets/ by its content hash.
        relative.startsWith('assets/') ? IMMUTABLE : 'no-cache',
        page ? headers : { 'x-content-type-options': 'nosniff' },
      );
    }),
  );
  return { pageMtimeMs, files: new Map(files.map((file) => [file.path, file])) };
}

export function useGallery({ dir, signIn }: GalleryOptions): Plugin {
  let build: Promise<Build | undefined> | undefined;
  const signInPath = `${GALLERY_PATH}${SIGN_IN_FILE}`;
  // Independent of the build: a client may sign in before (or without) the app.
  const signInFile = signIn && signInAsset(signInPath, signIn);
  const page = join(dir, 'index.html');

  /** The build on disk now: read again only when its page changed (or appeared). */
  async function current(): Promise<Build | undefined> {
    const mtimeMs = await stat(page).then(
      (info) => info.mtimeMs,
      () => undefined,
    );
    if (mtimeMs === undefined) return undefined;
    const known = await build;
    if (known?.pageMtimeMs === mtimeMs) return known;
    build = readBuild(dir, mtimeMs, signIn).catch(() => undefined);
    return build;
  }

  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      const { pathname } = url;
      if (pathname !== '/gallery' && !pathname.startsWith(GALLERY_PATH)) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      if (pathname === '/gallery') {
        endResponse(new fetchAPI.Response(null, { status: 308, headers: { location: GALLERY_PATH } }));
        return;
      }
      if (signInFile && pathname === signInPath) {
        return signInFile.then((file) => endResponse(respond(request, file, fetchAPI)));
      }
      // Only the page checks the disk; its files are named by content and come from the build it named.
      const ready = pathname === GALLERY_PATH ? current() : (build ?? current());
      return ready.then((found) => {
        const file = found?.files.get(pathname);
        if (file) return endResponse(respond(request, file, fetchAPI));
        const notBuilt = !found && pathname === GALLERY_PATH;
        endResponse(
          new fetchAPI.Response(notBuilt ? MISSING : 'Not found', {
            status: 404,
            headers: { 'content-type': notBuilt ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8' },
          }),
        );
      });
    },
  };
}
