import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);
// The federation packages are CommonJS and `graphql` is dual: pin one copy, or schemas built by
// one copy are rejected by the other ("Cannot use GraphQLSchema from another module or realm").
const graphqlPath = require.resolve('graphql', { paths: [`${import.meta.dirname}/packages/kit`] });

// Files share their worker's module graph instead of importing the platform afresh each time
// (measured: importing was over half of the suite's time; six e2e files went from 65 s to 47 s).
// Safe because no test mocks modules or stubs the environment, and every file builds its own
// servers, database and Redis prefix.
const isolate = false;

const shared = {
  resolve: { conditions: ['ukp-source'], alias: { graphql: graphqlPath.replace(/index\.js$/, 'index.js') } },
  ssr: { resolve: { conditions: ['ukp-source'], externalConditions: ['ukp-source'] } },
};

export default defineConfig({
  ...shared,
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          isolate,
          include: [
            '{packages,subgraphs,gateway,platform,schema}/**/src/**/*.test.ts',
            'scripts/**/*.test.ts',
            'infra/test/**/*.test.ts',
          ],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        ...shared,
        test: {
          name: 'integration',
          isolate,
          include: ['{packages,subgraphs,gateway,platform}/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['packages/kit/src/testing/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        ...shared,
        test: {
          name: 'e2e',
          isolate,
          include: ['test/e2e/**/*.test.ts'],
          exclude: ['test/e2e/soak.test.ts', '**/node_modules/**'],
          globalSetup: ['packages/kit/src/testing/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        ...shared,
        test: {
          // Minutes of load on real processes: alone, after every other project has finished,
          // so it neither starves the parallel files nor is starved by them.
          name: 'soak',
          include: ['test/e2e/soak.test.ts'],
          globalSetup: ['packages/kit/src/testing/global-setup.ts'],
          sequence: { groupOrder: 1 },
          testTimeout: 240_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
