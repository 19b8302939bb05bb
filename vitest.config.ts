import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // One graphql-js instance, as under Node: packages Node loads (Apollo, graphql-tools, graphql-armor)
  // get graphql's CommonJS entry, and our sources must too, or graphql-js refuses a schema "from
  // another module or realm" when src/limits validates Apollo's schema.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration and conformance suites start real HTTP servers; keep parallelism modest on 2 cores.
    pool: 'forks',
    maxWorkers: 2,
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: '.test-results/vitest.json' }]],
  },
});
