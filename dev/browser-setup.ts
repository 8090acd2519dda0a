/**
 * How Lens's browsers are started, shared by the browser tests (headless) and `npm start` (a real window): which
 * executable, which Debian package provides it, and how each browser is pointed at the local fixture server.
 */
import { FIXTURE_HOSTS } from './fixture-server';

/** The two browsers Lens is built and tested for. */
export type BrowserKind = 'chromium' | 'firefox';

/** The browser executables (Debian's packages; CHROMIUM_PATH / FIREFOX_PATH point elsewhere). */
export const EXECUTABLES: Record<BrowserKind, string> = {
  chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  firefox: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
};

/** The Debian package that installs each browser, for "install X" messages. */
export const PACKAGES: Record<BrowserKind, string> = { chromium: 'chromium', firefox: 'firefox-esr' };

/** Chromium's resolver rules sending every fixture host to the server on `port` (127.0.0.1 itself stays direct). */
export function hostResolverRules(port: number): string {
  return [...FIXTURE_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`), 'EXCLUDE 127.0.0.1'].join(', ');
}

/**
 * Chromium switches that load the built extension from `extensionDir` and, when `port` is given, map every fixture host
 * onto the local server; no network services of the browser's own (sync, component updates, background fetches).
 */
export function chromiumArgs(extensionDir: string, port?: number): string[] {
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    ...(port === undefined ? [] : [`--host-resolver-rules=${hostResolverRules(port)}`]),
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ];
}

/**
 * Firefox prefs that make the fixture server on `port` the HTTP proxy for every host (Firefox has no host-resolver
 * switch, GUIDE §4), with HTTPS-first off so the fixtures' http:// URLs load as they are.
 */
export function firefoxProxyPrefs(port: number): Record<string, string | number | boolean> {
  return {
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': port,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': true,
    'dom.security.https_first': false,
    'dom.security.https_only_mode': false,
  };
}
