/**
 * `npm run build`: src/main.ts bundled for Node by esbuild into `--outdir`
 * (dist/ by default), with its dynamic imports as chunks of their own.
 * Packages stay in node_modules, but for two, bundled for what every
 * process at rest saves (idle RSS, median of 7 starts):
 * - @pothos/plugin-federation, so that its `@apollo/subgraph` import can be
 *   pointed elsewhere. The plugin prints the subgraph SDL while building
 *   the schema, and that printer loads Apollo's federation-internals
 *   (~700 kB of code) into every process; finishSchema prints the SDL when
 *   a router first asks for it instead, so the build-time print is dropped
 *   (−5 MB).
 * - graphql-scalars, whose index builds all of its ~80 scalars: bundled,
 *   only the five the schema uses are left (the package declares no side
 *   effects) (−2 MB).
 */
import { build } from 'esbuild';
import type { Plugin } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const outdir = process.argv.find((arg) => arg.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';

const federationPlugin = '@pothos/plugin-federation';
const bundled = [federationPlugin, 'graphql-scalars'];

const packagesExceptBundled: Plugin = {
  name: 'packages-except-bundled',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, ({ path, importer }) => {
      if (importer.includes(`/node_modules/${federationPlugin}/`) && path === '@apollo/subgraph') {
        return { path: `${root}src/schema/subgraph-printer-at-build.ts` };
      }
      if (bundled.some((name) => path === name || path.startsWith(`${name}/`))) return undefined;
      return { path, external: true };
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
  plugins: [packagesExceptBundled],
});
