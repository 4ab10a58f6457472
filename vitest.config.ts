import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql ships CJS and ESM copies; vite would load the ESM one for src/ while yoga and
  // Pothos load the CJS one, and two GraphQLError classes break instanceof (stack-notes 2.19).
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 15_000,
    hookTimeout: 15_000,
    // Each file boots its own sandbox on a free port; two workers match the 2-core target.
    maxWorkers: 2,
  },
});
