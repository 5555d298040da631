import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: files share Postgres and the CPU, so run two at a time.
    maxWorkers: 2,
    pool: 'forks',
    // CI also writes a machine-readable summary (.ci/run prints its totals as the closing line).
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]] : ['default'],
  },
});
