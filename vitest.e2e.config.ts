import { defineConfig } from 'vitest/config';

// Browser end-to-end tests: the built extension (.output/) in real Chromium and Firefox. `npm run build` first.
// One file at a time and no retries: browsers are heavy on 2 cores, and a flaky test must show, not hide.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    retry: 0,
    testTimeout: 90_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    reporters: process.env.CI ? ['verbose'] : ['default'],
  },
});
