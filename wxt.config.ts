import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// Hosts Lens runs on by itself; everything else only through activeTab on the reader's click.
export const LENS_HOSTS = [
  '*://lesswrong.com/*',
  '*://www.lesswrong.com/*',
  '*://alignmentforum.org/*',
  '*://www.alignmentforum.org/*',
  '*://forum.effectivealtruism.org/*',
  '*://greaterwrong.com/*',
  '*://www.greaterwrong.com/*',
  '*://ea.greaterwrong.com/*',
  '*://lesswrong.ru/*',
  '*://www.lesswrong.ru/*',
];

export default defineConfig({
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    name: 'Lens for LessWrong',
    description:
      'Footnote previews, rendered math, an outline and an offline library for LessWrong, the Alignment Forum, the EA Forum and GreaterWrong.',
    permissions: ['storage', 'activeTab', 'scripting', 'contextMenus', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    host_permissions: LENS_HOSTS,
    browser_specific_settings:
      browser === 'firefox' ? { gecko: { id: 'lens@lens-reader.dev', strict_min_version: '115.0' } } : undefined,
  }),
  vite: () => ({
    plugins: [preact()],
    build: {
      // Vite 8 writes KaTeX's \uFFFF raw and Chromium then refuses the content script as not UTF-8 (GUIDE §4).
      rollupOptions: { output: { charset: 'ascii' } },
    },
  }),
});
