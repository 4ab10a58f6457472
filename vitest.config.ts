import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 15_000,
    hookTimeout: 15_000,
    // Each file boots its own sandbox on a free port; two workers match the 2-core target.
    maxWorkers: 2,
  },
});
