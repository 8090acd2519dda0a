import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { IMAGE_HOST_PATTERNS, LENS_HOSTS } from './lib/hosts';

export default defineConfig({
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    // Every word of the manifest comes from public/_locales/<lang>/messages.json (issue 11): English and Russian.
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // Chrome only: `offscreen` gives its DOM-less service worker a document to parse and sanitise posts in when saving
    // (no install warning); Firefox's MV2 background page has a DOM of its own.
    permissions: [
      'storage',
      'activeTab',
      'scripting',
      'contextMenus',
      ...(browser === 'firefox' ? [] : ['sidePanel', 'offscreen']),
    ],
    host_permissions: LENS_HOSTS,
    // Saved posts' images (issue 4) live on other hosts: optional only, never granted at install; the Save click asks
    // for the one origin a post's images come from (MV2 Firefox lists optional hosts under optional_permissions).
    ...(browser === 'firefox'
      ? { optional_permissions: IMAGE_HOST_PATTERNS }
      : { optional_host_permissions: IMAGE_HOST_PATTERNS }),
    // The toolbar button (no popup): runs Lens on the current tab through activeTab; browser tests click it too.
    action: { default_title: '__MSG_lensName__' },
    // KaTeX fonts (issue 3): the page document loads them through @font-face, and a page opened through activeTab
    // can be on any origin, so these woff2 files (and nothing else) are reachable from all URLs; Chromium hands
    // them out under a per-session dynamic id so a site cannot probe for Lens with a fixed URL.
    web_accessible_resources: [
      { resources: ['katex/fonts/*.woff2'], matches: ['<all_urls>'], use_dynamic_url: browser !== 'firefox' },
    ],
    // Side panel shortcuts (issue 5) and the save shortcut (issue 4). Firefox opens its sidebar through the reserved `_execute_sidebar_action`.
    commands: {
      ...(browser === 'firefox'
        ? {
            _execute_sidebar_action: {
              suggested_key: { default: 'Alt+Shift+L' },
              description: '__MSG_commandOpenSidebar__',
            },
          }
        : { 'open-sidebar': { suggested_key: { default: 'Alt+Shift+L' }, description: '__MSG_commandOpenSidebar__' } }),
      'next-heading': { suggested_key: { default: 'Alt+Shift+J' }, description: '__MSG_commandNextHeading__' },
      'previous-heading': {
        suggested_key: { default: 'Alt+Shift+K' },
        description: '__MSG_commandPreviousHeading__',
      },
      // Saving (issue 4). Chrome allows at most four suggested keys per extension: this is the fourth.
      'save-page': { suggested_key: { default: 'Alt+Shift+S' }, description: '__MSG_commandSavePage__' },
    },
    browser_specific_settings:
      browser === 'firefox'
        ? {
            gecko: {
              id: 'lens@lens-reader.dev',
              strict_min_version: '115.0',
              // addons.mozilla.org asks every new add-on to declare what it collects: nothing leaves the browser.
              data_collection_permissions: { required: ['none'] },
            },
          }
        : undefined,
  }),
  // `npm run zip`: Firefox's add-on site asks for sources it can rebuild the package from (docs/store/BUILD.md). WXT
  // zips them for Firefox; beyond its defaults (dotfiles, node_modules, *.test.ts), tests, fixtures, the demo and
  // screenshots stay out: they take no part in the build.
  zip: { excludeSources: ['test/**', 'dev/**', 'docs/*.png', 'vitest*.config.ts'] },
  hooks: {
    // KaTeX fonts ship as files (woff2 only), never inlined into CSS and never from a CDN (GUIDE §4).
    'build:publicAssets': (_wxt, files) => {
      const dir = resolve('node_modules/katex/dist/fonts');
      for (const name of readdirSync(dir).filter((f) => f.endsWith('.woff2'))) {
        files.push({ absoluteSrc: resolve(dir, name), relativeDest: `katex/fonts/${name}` });
      }
    },
  },
  vite: () => ({
    plugins: [preact()],
    build: {
      // Vite 8 writes KaTeX's \uFFFF raw and Chromium then refuses the content script as not UTF-8 (GUIDE §4).
      rollupOptions: { output: { charset: 'ascii' } },
    },
  }),
});
