/**
 * `npm run build`: src/main.ts bundled for Node by esbuild into `--outdir`
 * (dist/ by default), with its dynamic imports as chunks of their own.
 *
 * Most packages stay in node_modules. Bundled are the families that
 * declare no side effects and of which the gateway uses a part, so that
 * esbuild leaves the rest out: yoga and what it is made of (@graphql-yoga,
 * @graphql-tools, @envelop, @whatwg-node) and graphql-scalars (its index
 * builds some eighty scalars; the schema uses five). Each module a process
 * loads costs it memory for good (its source, bytecode and records), and
 * these families are most of what the gateway loads at start: idle RSS
 * −8 MB, median of 7 starts. What they import is bundled with them, but for
 * graphql (one copy: its classes are compared by identity) and the
 * gateway's own dependencies, shared with src/ whenever node would resolve
 * them from dist/ to the same file the package gets.
 *
 * Pothos' federation plugin is bundled too, so that its `@apollo/subgraph`
 * import can point elsewhere: it prints the subgraph SDL while building the
 * schema, and that printer loads Apollo's federation-internals (~700 kB of
 * code) into every process (−5 MB). finishSchema prints the SDL from the
 * schema as served when a router first asks for it instead.
 */
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname } from 'node:path';
import { build } from 'esbuild';
import type { Plugin } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const outdir = process.argv.find((arg) => arg.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';
const dependencies = Object.keys(
  (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { dependencies: Record<string, string> }).dependencies,
);

const FEDERATION_PLUGIN = '@pothos/plugin-federation';
/** Packages (a name, or a scope ending in `/`) bundled wherever they are imported. */
const BUNDLED = [
  'graphql-yoga',
  '@graphql-yoga/',
  '@graphql-tools/',
  '@envelop/',
  '@whatwg-node/',
  'graphql-scalars',
  FEDERATION_PLUGIN,
];
/** Loaded on the first GraphiQL request only, and 9 MB: left in node_modules. */
const LEFT_OUT = ['@graphql-yoga/render-graphiql'];

/** `@scope/name` or `name` of a bare specifier. */
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

const isBundled = (name: string) =>
  !LEFT_OUT.includes(name) && BUNDLED.some((entry) => (entry.endsWith('/') ? name.startsWith(entry) : name === entry));

/** Marks our own esbuild.resolve calls, which this plugin must not answer. */
const PROBE = Symbol('probe');

const bundleFamilies: Plugin = {
  name: 'bundle-families',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, async ({ path, importer, kind, pluginData }) => {
      // Our own esbuild.resolve calls below: esbuild resolves them as it would without this plugin.
      if (pluginData === PROBE) return undefined;
      if (isBuiltin(path)) return { path, external: true };
      if (importer.includes(`/node_modules/${FEDERATION_PLUGIN}/`) && path === '@apollo/subgraph') {
        return { path: `${root}src/schema/subgraph-printer-at-build.ts` };
      }
      const name = packageOf(path);
      if (isBundled(name)) return undefined;
      // The gateway's own code: every other package stays in node_modules.
      if (!importer.includes('/node_modules/')) return { path, external: true };
      // A bundled package's import: shared when node would find the same file from dist/.
      if (name === 'graphql' || dependencies.includes(name)) {
        const [own, fromDist] = await Promise.all([
          esbuild.resolve(path, { resolveDir: dirname(importer), kind, pluginData: PROBE }),
          esbuild.resolve(path, { resolveDir: root, kind, pluginData: PROBE }),
        ]);
        if (own.errors.length === 0 && own.path === fromDist.path) return { path, external: true };
        // Two copies of graphql fail at run time (a schema from one, a document from the other).
        if (name === 'graphql') return { errors: [{ text: `${importer} gets another graphql than the gateway` }] };
      }
      return undefined;
    });
  },
};

await build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  splitting: true,
  sourcemap: true,
  logLevel: 'warning',
  outdir,
  // Bundled CommonJS modules call require (node's built-ins, mostly), which an ES module has not.
  banner: {
    js: "import { createRequire as createRequireOfBundle } from 'node:module';\nconst require = createRequireOfBundle(import.meta.url);",
  },
  plugins: [bundleFamilies],
});
