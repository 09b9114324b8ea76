import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships both index.mjs ("module") and index.js ("main"). Node
    // gives every importer index.js; Vite would hand our sources index.mjs
    // while yoga (external) gets index.js, two GraphQLError classes, and
    // instanceof checks that fail only under test. One copy, as in production.
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Both cores: most files wait on loopback sockets and child processes, not the CPU.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
