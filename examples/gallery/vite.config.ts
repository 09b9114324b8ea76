import { defineConfig } from 'vite';
import relay from 'vite-plugin-relay';

// Served by the gateway at /gallery/ (src/server/plugins/use-gallery.ts).
export default defineConfig({
  base: '/gallery/',
  plugins: [relay],
  // React, ReactDOM and Relay are most of the 550 KB (150 KB gzipped): one file, cached for a year.
  // No source maps: the gateway would not serve them (use-gallery.ts); `vite dev` has its own.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 700 },
  server: { proxy: { '/graphql': 'http://127.0.0.1:4000' } },
});
