import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  // WxtVitest does not take the Vite plugins from wxt.config.ts (GUIDE §4), so Preact is added here too.
  plugins: [WxtVitest(), preact()],
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'happy-dom',
    mockReset: true,
    restoreMocks: true,
    testTimeout: 60_000,
    setupFiles: ['test/setup.ts', 'test/setup-i18n.ts'],
  },
});
