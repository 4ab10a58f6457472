// Ends a run with one plain line, `vitest: N passed, N failed, N skipped`, which CI reads
// whatever the runner.
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const count = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') count.passed++;
        else if (state === 'failed') failedHere++;
        else count.skipped++;
      }
      // A file can fail with no failed test: it did not load, or a beforeAll/afterAll threw.
      count.failed += failedHere > 0 ? failedHere : module.ok() ? 0 : 1;
    }
    count.failed += unhandledErrors.length;
    console.log(`\nvitest: ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`);
  }
}
