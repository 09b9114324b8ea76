/**
 * GraphiQL, served so that it is no bandwidth amplifier. yoga's offline
 * renderer (@graphql-yoga/render-graphiql) inlines 9 MB of script into every
 * page load; here the page is a small HTML document and the script, styles
 * and editor workers are separate same-origin files named by their content
 * hash: immutable, cached for a year, compressed (brotli or gzip, as the
 * browser accepts), and answered 304 to a matching If-None-Match. The page
 * itself is revalidated by its ETag. Nothing loads from a CDN.
 *
 * The package is loaded, and the assets compressed, on the first request
 * that needs them, and kept: its 9 MB of strings cost some 34 MB of heap, which
 * a gateway nobody opens GraphiQL on never pays. Replaces yoga's own GraphiQL
 * (`graphiql: false` in server.ts).
 */
import { createHash } from 'node:crypto';
import { shouldRenderGraphiQL } from 'graphql-yoga';
import type { Plugin } from 'graphql-yoga';
import { digest, IMMUTABLE, makeAsset, respond } from '../static-assets.js';
import type { StaticAsset } from '../static-assets.js';

export const GRAPHIQL_ASSETS_PATH = '/graphiql/';

export interface GraphiQLPageOptions {
  title: string;
  defaultQuery: string;
  /** The GraphQL endpoint the page talks to. @default '/graphql' */
  endpoint?: string;
}

function named(stem: string, extension: string, body: Buffer): string {
  return `${GRAPHIQL_ASSETS_PATH}${stem}.${digest(body)}.${extension}`;
}

/** JSON safe inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** A CSP source allowing exactly this inline script. */
const scriptHash = (script: string) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`;

/**
 * The page runs its own files and its two inline scripts (by their hashes)
 * and talks only to this gateway. The editor (Monaco) adds <style> elements
 * as it goes, hence inline styles; its workers are same-origin files. Nothing
 * may frame it (no clickjacking of a page that can run mutations).
 */
function pageHeaders(inlineScripts: readonly string[]): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'self'",
      `script-src 'self' ${inlineScripts.map(scriptHash).join(' ')}`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "worker-src 'self'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

async function buildAssets(options: GraphiQLPageOptions): Promise<Map<string, StaticAsset>> {
  const parts = await import('@graphql-yoga/render-graphiql/graphiql');
  const files = {
    js: Buffer.from(parts.js),
    css: Buffer.from(parts.css),
    editorWorkerService: Buffer.from(parts.editorWorkerService),
    json: Buffer.from(parts.jsonWorker),
    graphql: Buffer.from(parts.graphqlWorker),
    // A data: URL of 150 KB in the package; a file of its own here.
    favicon: Buffer.from(parts.favicon.slice(parts.favicon.indexOf(',') + 1), 'base64'),
  };
  const paths = {
    js: named('graphiql', 'js', files.js),
    css: named('graphiql', 'css', files.css),
    editorWorkerService: named('editor.worker', 'js', files.editorWorkerService),
    json: named('json.worker', 'js', files.json),
    graphql: named('graphql.worker', 'js', files.graphql),
    favicon: named('favicon', 'ico', files.favicon),
  };
  const workers = { editorWorkerService: paths.editorWorkerService, json: paths.json, graphql: paths.graphql };
  // Exactly as they appear between their tags: the CSP allows them by hash.
  const inline = [
    `
      const workers = ${scriptJson(workers)};
      self['MonacoEnvironment'] = { globalAPI: false, getWorkerUrl: (moduleId, label) => workers[label] };
    `,
    `
      YogaGraphiQL.renderYogaGraphiQL(window.document.querySelector('#root'), ${scriptJson({
        title: options.title,
        defaultQuery: options.defaultQuery,
        endpoint: options.endpoint ?? '/graphql',
      })});
    `,
  ];
  const html = Buffer.from(`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${options.title.replace(/[<>&"]/g, '')}</title>
    <link rel="icon" href="${paths.favicon}" />
    <link rel="stylesheet" href="${paths.css}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    <script>${inline[0]}</script>
    <script src="${paths.js}"></script>
    <script>${inline[1]}</script>
  </body>
</html>
`);
  const js = 'application/javascript; charset=utf-8';
  const assets = await Promise.all([
    makeAsset('page', 'text/html; charset=utf-8', html, 'no-cache', pageHeaders(inline)),
    makeAsset(paths.js, js, files.js, IMMUTABLE),
    makeAsset(paths.css, 'text/css; charset=utf-8', files.css, IMMUTABLE),
    makeAsset(paths.editorWorkerService, js, files.editorWorkerService, IMMUTABLE),
    makeAsset(paths.json, js, files.json, IMMUTABLE),
    makeAsset(paths.graphql, js, files.graphql, IMMUTABLE),
    makeAsset(paths.favicon, 'image/x-icon', files.favicon, IMMUTABLE),
  ]);
  return new Map(assets.map((asset) => [asset.path, asset]));
}

export function useGraphiQLAssets(options: GraphiQLPageOptions): Plugin {
  let assets: Promise<Map<string, StaticAsset>> | undefined;
  const endpoint = options.endpoint ?? '/graphql';
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      const isPage = (url.pathname === endpoint || url.pathname === `${endpoint}/`) && shouldRenderGraphiQL(request);
      const isAsset = url.pathname.startsWith(GRAPHIQL_ASSETS_PATH) && request.method === 'GET';
      if (!isPage && !isAsset) return;
      assets ??= buildAssets(options);
      return assets.then((built) => {
        const asset = built.get(isPage ? 'page' : url.pathname);
        if (!asset) {
          endResponse(new fetchAPI.Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } }));
          return;
        }
        endResponse(respond(request, asset, fetchAPI));
      });
    },
  };
}
