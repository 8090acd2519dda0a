/**
 * One small driver over both browsers, so a spec is written once and runs under `describe.each(BROWSERS)`:
 * Chromium through playwright-core (persistent context, MV3 build) and Firefox through puppeteer-core over
 * WebDriver BiDi (MV2 build). Both load the real built extension and reach only the local fixture server.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page as PwPage, type Worker as PwWorker } from 'playwright-core';
import puppeteer, { type Browser as PpBrowser, type Page as PpPage } from 'puppeteer-core';
import type Browser from 'webextension-polyfill';
import { chromiumArgs, EXECUTABLES, firefoxProxyPrefs, PACKAGES } from '../../dev/browser-setup';
import type { FixtureServer } from './server';

/** The browsers every spec runs in. */
export const BROWSERS = ['chromium', 'firefox'] as const;
/** One of {@link BROWSERS}. */
export type BrowserName = (typeof BROWSERS)[number];

const ROOT = resolve(import.meta.dirname, '..', '..');
/** Built extension directories (run `npm run build` first). */
export const BUILD_DIRS: Record<BrowserName, string> = {
  chromium: join(ROOT, '.output', 'chrome-mv3'),
  firefox: join(ROOT, '.output', 'firefox-mv2'),
};
/** Firefox's moz-extension UUID is random per profile; pinning it gives a known origin for extension pages. */
const FIREFOX_UUID = '6c656e73-0000-4000-8000-6c656e730001';

/** Something the browser reported: console error, uncaught page error, or an extension error. */
export type LogEntry = { kind: 'console' | 'pageerror' | 'extension'; text: string; url?: string };

/** What `launch` needs: the fixture server, and optionally a profile directory kept across launches. */
export type LaunchOptions = {
  server: FixtureServer;
  /** Reuse this profile (e.g. close and relaunch to test persistence); a fresh temp dir otherwise (removed on close). */
  profileDir?: string;
  /** Viewport of new pages (default 1280×800). */
  viewport?: { width: number; height: number };
  /** The built extension to load instead of BUILD_DIRS (the benches load a copy with a page of their own added). */
  extensionDir?: string;
  /** Extra Firefox prefs (e.g. the browser's own switch that grants optional permission requests without a prompt). */
  firefoxPrefs?: Record<string, string | number | boolean>;
  /**
   * The browser's UI language (`ru`, `en`): Chromium gets `--lang`, the `LANGUAGE` environment and Playwright's
   * locale (GUIDE §4); Firefox asks for it with `intl.locale.requested`, which it honours only with that language's
   * pack installed (Debian's `firefox-esr-l10n-<lang>`). The browser's own default otherwise.
   */
  locale?: string;
};

/** A function serialised into the page: it sees only its one (JSON-like) argument, never the test's closure. */
// biome-ignore lint/suspicious/noExplicitAny: the argument type is the caller's; Parameters<F> carries it through.
export type PageFn = (arg: any) => unknown;

/** A tab, with the same helpers in both browsers. Selectors are plain CSS in the page's light DOM. */
export type LensPage = {
  readonly browserName: BrowserName;
  /** The driver's own page object (playwright Page or puppeteer Page) for anything not wrapped here. */
  readonly raw: PwPage | PpPage;
  /** Navigates and waits for `load` (or `domcontentloaded`). */
  goto(url: string, options?: { waitUntil?: 'load' | 'domcontentloaded'; timeout?: number }): Promise<void>;
  /** The document's URL as the page itself sees it. */
  url(): Promise<string>;
  /** Runs a function in the page (main world) with one serialisable argument. */
  evaluate<F extends PageFn>(fn: F, arg?: Parameters<F>[0]): Promise<Awaited<ReturnType<F>>>;
  /** Polls a page function until it returns a truthy value; returns that value. */
  waitFor<F extends PageFn>(
    fn: F,
    arg?: Parameters<F>[0],
    options?: { timeout?: number },
  ): Promise<Awaited<ReturnType<F>>>;
  /** Waits until `selector` matches in the document. */
  waitForSelector(selector: string, options?: { timeout?: number }): Promise<void>;
  /** Moves the real mouse onto the centre of the first match (scrolls it into view first). */
  hover(selector: string): Promise<void>;
  /** Moves the mouse to a point in the viewport (e.g. away from a preview). */
  mouseMove(x: number, y: number): Promise<void>;
  /** Real mouse click on the centre of the first match. */
  click(selector: string): Promise<void>;
  /** Focuses the first match from script (like a programmatic focus); use `press('Tab')` for keyboard traversal. */
  focus(selector: string): Promise<void>;
  /** A real key press through the driver's keyboard (`Tab`, `Escape`, `Enter`, `Shift+Tab`, `a`…). */
  press(key: string): Promise<void>;
  /** PNG of the viewport (or the full page); written to `path` when given. */
  screenshot(options?: { path?: string; fullPage?: boolean }): Promise<Uint8Array>;
  /** Makes this the selected tab (the toolbar action acts on the selected tab). */
  bringToFront(): Promise<void>;
  /** Console errors and uncaught errors of this page so far. */
  readonly errors: LogEntry[];
  close(): Promise<void>;
};

/** A launched browser with the built extension installed. */
export type LensBrowser = {
  readonly name: BrowserName;
  /** Chromium: the extension id; Firefox: the gecko id from the manifest. */
  readonly extensionId: string;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`, no trailing slash. */
  readonly extensionOrigin: string;
  /** The profile directory in use (pass it to a second `launch` to restart with the same profile). */
  readonly profileDir: string;
  /** Every console error, uncaught page error and extension error seen so far, from all tabs and the background. */
  readonly log: LogEntry[];
  /** Opens a new tab. */
  newPage(): Promise<LensPage>;
  /** Opens an extension page (`options.html`, `sidepanel.html?tab=3`, `reader.html`…) in a new tab and waits for load. */
  openExtensionPage(path: string): Promise<LensPage>;
  /** The browser's tab id of a page (for `sidepanel.html?tab=<id>`), read from the extension's side. */
  tabId(page: LensPage): Promise<number>;
  /** Clicks the extension's toolbar button for `page` (real action: fires onClicked and grants activeTab). */
  triggerAction(page: LensPage): Promise<void>;
  /**
   * Runs a function with the extension's privileges: Chromium in the service worker; Firefox in a long-lived extension
   * tab (the MV2 background page is unreachable and forbids eval), where `browser.runtime.getBackgroundPage()` gives
   * the background's globals. State kept on `globalThis` survives between calls in both.
   */
  evaluateBackground<F extends PageFn>(fn: F, arg?: Parameters<F>[0]): Promise<Awaited<ReturnType<F>>>;
  /** Errors attributed to the extension: its pages, its background, and the browser's own extension log. */
  extensionErrors(): Promise<LogEntry[]>;
  /** Closes the browser; removes the profile unless it was passed in. */
  close(): Promise<void>;
};

/** Launches `name` with the built extension, mapped onto the fixture server. */
export async function launch(name: BrowserName, options: LaunchOptions): Promise<LensBrowser> {
  const dir = options.extensionDir ?? BUILD_DIRS[name];
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`${dir}/manifest.json missing: run \`npm run build\``);
  if (!existsSync(EXECUTABLES[name]))
    throw new Error(`${EXECUTABLES[name]} missing (apt-get install ${PACKAGES[name]})`);
  // A stopped server is fine ("offline" relaunch); its port must be known for the resolver map and the proxy.
  if (options.server.port === 0) throw new Error('start the fixture server once before launching');
  return name === 'chromium' ? launchChromium(dir, options) : launchFirefox(dir, options);
}

function profile(options: LaunchOptions, name: BrowserName): { dir: string; owned: boolean } {
  if (options.profileDir) return { dir: options.profileDir, owned: false };
  return { dir: mkdtempSync(join(tmpdir(), `lens-e2e-${name}-`)), owned: true };
}

/** A fresh profile directory that survives `close()`, for restart tests; remove it with `removeProfile`. */
export function makeProfileDir(name: BrowserName): string {
  return mkdtempSync(join(tmpdir(), `lens-e2e-${name}-kept-`));
}

/** Deletes a profile directory made by `makeProfileDir`. */
export function removeProfile(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

function pageFunction(fn: PageFn): (arg: unknown) => unknown {
  return fn as (arg: unknown) => unknown;
}

// ─── Chromium (playwright-core) ────────────────────────────────────────────────────────────────────────────────────

async function launchChromium(dir: string, options: LaunchOptions): Promise<LensBrowser> {
  const { dir: profileDir, owned } = profile(options, 'chromium');
  const log: LogEntry[] = [];
  const context: BrowserContext = await chromium.launchPersistentContext(profileDir, {
    executablePath: EXECUTABLES.chromium,
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    ...(options.locale
      ? { locale: options.locale, env: { ...process.env, LANGUAGE: options.locale, LANG: `${options.locale}.UTF-8` } }
      : {}),
    // Playwright disables extensions by default; keep its other defaults.
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      ...chromiumArgs(dir, options.server.port),
      // Extensions.triggerAction (the toolbar click) needs this and a pipe connection, which Playwright uses.
      '--enable-unsafe-extension-debugging',
      ...(options.locale ? [`--lang=${options.locale}`] : []),
    ],
    // Chromium reports a refused content script or manifest problem only on stderr (GUIDE §4).
    logger: {
      isEnabled: (n) => n === 'browser',
      log: (_n, _severity, message) => {
        const text = String(message);
        if (/ERROR:.*(extension|content script|manifest|UTF-8)/i.test(text)) log.push({ kind: 'extension', text });
      },
    },
  });

  const attachWorker = (w: PwWorker) =>
    w.on('console', (m) => {
      if (m.type() === 'error') log.push({ kind: 'console', text: m.text(), url: w.url() });
    });
  context.on('serviceworker', attachWorker);
  let worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  worker ??= await context.waitForEvent('serviceworker', {
    predicate: (w) => w.url().startsWith('chrome-extension://'),
    timeout: 20_000,
  });
  for (const w of context.serviceWorkers()) if (w !== worker) attachWorker(w);
  attachWorker(worker);
  const extensionId = new URL(worker.url()).host;
  const extensionOrigin = `chrome-extension://${extensionId}`;
  const browser = context.browser();
  if (!browser) throw new Error('playwright did not expose the browser of the persistent context');
  const browserSession = await browser.newBrowserCDPSession();

  // The first tab of a persistent context is blank; keep it so the browser never runs out of windows.
  const wrap = (page: PwPage): LensPage => {
    const errors: LogEntry[] = [];
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const entry: LogEntry = { kind: 'console', text: m.text(), url: m.location().url || page.url() };
      errors.push(entry);
      log.push(entry);
    });
    page.on('pageerror', (e) => {
      const entry: LogEntry = { kind: 'pageerror', text: `${e.name}: ${e.message}\n${e.stack ?? ''}`, url: page.url() };
      errors.push(entry);
      log.push(entry);
    });
    const center = async (selector: string) => {
      const loc = page.locator(selector).first();
      await loc.scrollIntoViewIfNeeded();
      const box = await loc.boundingBox();
      if (!box) throw new Error(`${selector} has no box`);
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    };
    return {
      browserName: 'chromium',
      raw: page,
      errors,
      async goto(url, o = {}) {
        await page.goto(url, { waitUntil: o.waitUntil ?? 'load', timeout: o.timeout ?? 30_000 });
      },
      url: async () => page.evaluate(() => location.href),
      evaluate: (fn, arg) => page.evaluate(pageFunction(fn), arg as never) as never,
      async waitFor(fn, arg, o = {}) {
        const handle = await page.waitForFunction(pageFunction(fn), arg as never, { timeout: o.timeout ?? 15_000 });
        return (await handle.jsonValue()) as never;
      },
      async waitForSelector(selector, o = {}) {
        await page.waitForSelector(selector, { state: 'attached', timeout: o.timeout ?? 15_000 });
      },
      async hover(selector) {
        const p = await center(selector);
        await page.mouse.move(p.x, p.y, { steps: 4 });
      },
      mouseMove: (x, y) => page.mouse.move(x, y, { steps: 4 }),
      async click(selector) {
        const p = await center(selector);
        await page.mouse.click(p.x, p.y);
      },
      async focus(selector) {
        await page.locator(selector).first().focus();
      },
      press: (key) => page.keyboard.press(key),
      screenshot: async (o = {}) => page.screenshot({ path: o.path, fullPage: o.fullPage }),
      bringToFront: () => page.bringToFront(),
      close: () => page.close(),
    };
  };
  const pages = new Map<PwPage, LensPage>();
  const wrapped = (p: PwPage): LensPage => {
    const known = pages.get(p);
    if (known) return known;
    const w = wrap(p);
    pages.set(p, w);
    return w;
  };

  const tabTargetId = async (page: LensPage): Promise<string> => {
    const raw = page.raw as PwPage;
    const session = await context.newCDPSession(raw);
    try {
      const { targetInfo } = await session.send('Target.getTargetInfo');
      // Extensions.triggerAction wants the tab target, the parent of the page target.
      const { targetInfos } = await browserSession.send('Target.getTargets', { filter: [{ type: 'tab' }] });
      const info = targetInfo as typeof targetInfo & { parentId?: string };
      const byParent = targetInfos.find((t) => t.targetId === info.parentId);
      if (byParent) return byParent.targetId;
      const byUrl = targetInfos.filter((t) => t.url === targetInfo.url);
      if (byUrl.length === 1 && byUrl[0]) return byUrl[0].targetId;
      throw new Error(`no unique tab target for ${targetInfo.url}`);
    } finally {
      await session.detach().catch(() => {});
    }
  };

  const currentWorker = () =>
    context.serviceWorkers().find((w) => w.url().startsWith(extensionOrigin)) ?? (worker as PwWorker);

  const api: LensBrowser = {
    name: 'chromium',
    extensionId,
    extensionOrigin,
    profileDir,
    log,
    newPage: async () => wrapped(await context.newPage()),
    async openExtensionPage(path) {
      const page = wrapped(await context.newPage());
      await page.goto(`${extensionOrigin}/${path.replace(/^\//, '')}`);
      return page;
    },
    async tabId(page) {
      const url = await page.url();
      await page.bringToFront();
      // Without the "tabs" permission a tab's url is visible only on LENS_HOSTS, so the selected tab of the focused
      // window is the answer; its url is checked whenever the extension may see it.
      return currentWorker().evaluate(async (u) => {
        const { chrome } = globalThis as unknown as { chrome: Pick<Browser.Browser, 'tabs'> };
        const [tab, ...more] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
        if (tab?.id === undefined || more.length > 0) throw new Error(`no single selected tab for ${u}`);
        if (tab.url !== undefined && tab.url !== u) throw new Error(`selected tab is ${tab.url}, not ${u}`);
        return tab.id;
      }, url);
    },
    async triggerAction(page) {
      await page.bringToFront();
      await browserSession.send(
        'Extensions.triggerAction' as never,
        {
          id: extensionId,
          targetId: await tabTargetId(page),
        } as never,
      );
    },
    evaluateBackground: (fn, arg) => currentWorker().evaluate(pageFunction(fn), arg as never) as never,
    extensionErrors: async () => log.filter((e) => e.kind === 'extension' || e.url?.startsWith(extensionOrigin)),
    async close() {
      await context.close().catch(() => {});
      if (owned) rmSync(profileDir, { recursive: true, force: true });
    },
  };
  return api;
}

// ─── Firefox (puppeteer-core over WebDriver BiDi) ──────────────────────────────────────────────────────────────────

type BidiSend = { send(method: string, params: object): Promise<{ result: unknown }> };

async function launchFirefox(dir: string, options: LaunchOptions): Promise<LensBrowser> {
  const { dir: profileDir, owned } = profile(options, 'firefox');
  const log: LogEntry[] = [];
  const viewport = options.viewport ?? { width: 1280, height: 800 };
  const browser: PpBrowser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: EXECUTABLES.firefox,
    headless: true,
    userDataDir: profileDir,
    defaultViewport: viewport,
    // Chrome-scope script evaluation over BiDi, used only to click the toolbar button and read the error console.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      ...firefoxProxyPrefs(options.server.port),
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId(dir)]: FIREFOX_UUID }),
      'browser.shell.checkDefaultBrowser': false,
      // The add-on is reinstalled (temporary) on every launch: keep its storage and IndexedDB across restarts.
      'extensions.webextensions.keepStorageOnUninstall': true,
      'extensions.webextensions.keepUuidOnUninstall': true,
      ...(options.locale ? { 'intl.locale.requested': options.locale } : {}),
      ...options.firefoxPrefs,
    },
  });
  const extensionId = await browser.installExtension(dir);
  const extensionOrigin = `moz-extension://${FIREFOX_UUID}`;
  const bidi = (browser as unknown as { connection: BidiSend }).connection;

  const chromeContext = async (): Promise<string> => {
    const res = (await bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 })) as {
      result: { contexts: { context: string; url: string }[] };
    };
    const win = res.result.contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml');
    if (!win) throw new Error('no Firefox browser window found in chrome scope');
    return win.context;
  };
  const chromeEvalOnce = async <R>(expression: string): Promise<R> => {
    const res = (await bidi.send('script.evaluate', {
      expression,
      target: { context: await chromeContext() },
      awaitPromise: true,
      resultOwnership: 'none',
      'moz:scope': 'chrome',
    })) as { result: { type: string; result?: { value?: unknown }; exceptionDetails?: { text: string } } };
    if (res.result.type === 'exception')
      throw new Error(`chrome-scope script failed: ${res.result.exceptionDetails?.text}`);
    return JSON.parse(String(res.result.result?.value ?? 'null')) as R;
  };
  // Firefox's remote agent now and then reports a chrome-scope evaluation as ended without a value ("right-hand side
  // of 'in' should be an object, got null"); the expressions used here are idempotent, so poll until one answers.
  const chromeEval = async <R>(expression: string): Promise<R> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        return await chromeEvalOnce<R>(expression);
      } catch (error) {
        if (!/right-hand side of 'in'/.test(String(error)) || Date.now() > deadline) throw error;
      }
      await new Promise((r) => setTimeout(r, 100)); // the polling interval
    }
  };

  // The extension's background and its pages report uncaught errors to the browser console, not to BiDi.
  await chromeEval(`(() => {
    if (window.__lensErrors) return 'null';
    const errors = (window.__lensErrors = []);
    Services.console.registerListener({ observe(m) {
      try {
        if (!(m instanceof Ci.nsIScriptError) || (m.flags & Ci.nsIScriptError.warningFlag)) return;
        // Closing a tab while its content script awaits a message is teardown, not an extension bug.
        if (String(m.errorMessage).startsWith('Promise rejected after context unloaded')) return;
        if (String(m.sourceName).startsWith(${JSON.stringify(extensionOrigin)}) || String(m.errorMessage).includes(${JSON.stringify(extensionOrigin)}))
          errors.push({ text: m.errorMessage, url: m.sourceName });
      } catch {}
    } });
    return 'null';
  })()`);
  const firefoxExtensionErrors = async () =>
    chromeEval<{ text: string; url: string }[]>('JSON.stringify(window.__lensErrors ?? [])').catch(() => []);

  const wrap = (page: PpPage): LensPage => {
    const errors: LogEntry[] = [];
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const entry: LogEntry = { kind: 'console', text: m.text(), url: m.location().url || page.url() };
      errors.push(entry);
      log.push(entry);
    });
    page.on('pageerror', (e) => {
      const err = e as Error;
      const entry: LogEntry = {
        kind: 'pageerror',
        text: `${err.name}: ${err.message}\n${err.stack ?? ''}`,
        url: page.url(),
      };
      errors.push(entry);
      log.push(entry);
    });
    const center = async (selector: string) => {
      const handle = await page.waitForSelector(selector, { timeout: 15_000 });
      if (!handle) throw new Error(`${selector} not found`);
      await handle.evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'center' }));
      const box = await handle.boundingBox();
      await handle.dispose();
      if (!box) throw new Error(`${selector} has no box`);
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    };
    const self: LensPage = {
      browserName: 'firefox',
      raw: page,
      errors,
      async goto(url, o = {}) {
        if (/^moz-extension:/.test(url)) {
          // puppeteer's BiDi navigation never reports the load of a moz-extension page (it stays "about:blank"),
          // so navigate without waiting and poll the document instead.
          void page.goto(url, { timeout: o.timeout ?? 30_000 }).catch(() => {});
          // Polled by hand: an evaluation that races the navigation ends without a value ("right-hand side of 'in'
          // should be an object, got null") and would fail waitForFunction.
          const deadline = Date.now() + (o.timeout ?? 30_000);
          for (;;) {
            // Each probe is bounded too: one that lands in the discarded about:blank realm may never answer.
            const done = await Promise.race([
              page.evaluate((u: string) => location.href === u && document.readyState === 'complete', url),
              new Promise<boolean>((r) => setTimeout(() => r(false), 2_000)), // a bound on one probe, not a wait
            ]).catch(() => false);
            if (done) break;
            if (Date.now() > deadline) throw new Error(`timed out opening ${url}`);
            await new Promise((r) => setTimeout(r, 100)); // the polling interval
          }
          return;
        }
        await page.goto(url, { waitUntil: o.waitUntil ?? 'load', timeout: o.timeout ?? 30_000 });
      },
      url: async () => page.evaluate(() => location.href),
      evaluate: (fn, arg) => page.evaluate(pageFunction(fn) as never, arg as never) as never,
      async waitFor(fn, arg, o = {}) {
        const handle = await page.waitForFunction(
          pageFunction(fn) as (arg: unknown) => unknown,
          { timeout: o.timeout ?? 15_000, polling: 50 },
          arg,
        );
        return (await handle.jsonValue()) as never;
      },
      async waitForSelector(selector, o = {}) {
        await page.waitForSelector(selector, { timeout: o.timeout ?? 15_000 });
      },
      async hover(selector) {
        const p = await center(selector);
        await page.mouse.move(p.x, p.y, { steps: 4 });
      },
      mouseMove: (x, y) => page.mouse.move(x, y, { steps: 4 }),
      async click(selector) {
        const p = await center(selector);
        await page.mouse.click(p.x, p.y);
      },
      async focus(selector) {
        await page.focus(selector);
      },
      press: (key) => pressKey(page, key),
      async screenshot(o = {}) {
        return page.screenshot({ path: o.path as `${string}.png` | undefined, fullPage: o.fullPage });
      },
      bringToFront: () => page.bringToFront(),
      async close() {
        // Closing a tab aborts the font downloads it started, and Firefox logs each abort of a moz-extension font
        // (KaTeX's) in the browser-wide console that extensionErrors() reads, where a later test would see it. A
        // reader closing a tab is no Lens error: let the downloads already asked for finish first (bounded, in case
        // the page cannot answer).
        await Promise.race([
          page.evaluate(async () => {
            // A layout flush (no frame: a background tab gets none) starts the loads the page's text asks for.
            document.documentElement.getBoundingClientRect();
            await document.fonts.ready;
          }),
          new Promise((r) => setTimeout(r, 5_000)), // a bound on a page that cannot answer, not a wait
        ]).catch(() => {});
        await page.close();
      },
    };
    return self;
  };

  let backgroundProxy: LensPage | undefined;
  const api: LensBrowser = {
    name: 'firefox',
    extensionId,
    extensionOrigin,
    profileDir,
    log,
    newPage: async () => wrap(await browser.newPage()),
    async openExtensionPage(path) {
      const page = wrap(await browser.newPage());
      await page.goto(`${extensionOrigin}/${path.replace(/^\//, '')}`);
      return page;
    },
    async tabId(page) {
      await page.bringToFront();
      return chromeEval<number>(
        `(() => { const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
          return String(ExtensionParent.apiManager.global.tabTracker.getId(gBrowser.selectedTab)); })()`,
      );
    },
    async triggerAction(page) {
      await page.bringToFront();
      // The real toolbar button: pin the widget (as a user would) and click it; this fires browserAction.onClicked
      // and grants activeTab exactly like a reader's click.
      const widget = `${makeWidgetId(extensionId)}-browser-action`;
      await chromeEval(`(() => {
        const id = ${JSON.stringify(widget)};
        if (!CustomizableUI.getPlacementOfWidget(id) || CustomizableUI.getPlacementOfWidget(id).area !== CustomizableUI.AREA_NAVBAR)
          CustomizableUI.addWidgetToArea(id, CustomizableUI.AREA_NAVBAR);
        const node = document.getElementById(id);
        if (!node) throw new Error('no toolbar button ' + id + ' (does the manifest declare an action?)');
        // Clicked from a fresh task: a synchronous click inside the BiDi evaluation sometimes ends it abruptly.
        setTimeout(() => (node.querySelector('.unified-extensions-item-action-button') ?? node).click(), 0);
        return 'null';
      })()`);
    },
    evaluateBackground: async (fn, arg) => {
      // The MV2 background page runs in the extension process, out of reach of BiDi, and its CSP forbids eval. So the
      // function runs in one long-lived extension tab (same origin, same browser.* APIs; listeners it adds stay alive);
      // inside, `await browser.runtime.getBackgroundPage()` reaches the background's own globals.
      if (!backgroundProxy) {
        const current = await browser.pages().then((ps) => ps.at(-1));
        backgroundProxy = await api.openExtensionPage('options.html');
        await current?.bringToFront();
      }
      return backgroundProxy.evaluate(fn, arg) as never;
    },
    async extensionErrors() {
      const fromPages = log.filter((e) => e.url?.startsWith(extensionOrigin));
      const fromConsole = (await firefoxExtensionErrors()).map((e): LogEntry => ({ kind: 'extension', ...e }));
      return [...fromPages, ...fromConsole];
    },
    async close() {
      await browser.close().catch(() => {});
      if (owned) rmSync(profileDir, { recursive: true, force: true });
    },
  };
  return api;
}

/** Firefox's widget id rule (ExtensionCommon.makeWidgetId): lower case, non-alphanumerics become `_`. */
function makeWidgetId(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
}

function geckoId(dir: string): string {
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const id = m.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${dir}/manifest.json has no gecko id`);
  return id;
}

async function pressKey(page: PpPage, key: string): Promise<void> {
  const parts = key.split('+');
  const main = parts.pop() as string;
  for (const m of parts) await page.keyboard.down(m as never);
  await page.keyboard.press(main as never);
  for (const m of parts.reverse()) await page.keyboard.up(m as never);
}
