import { describe, expect, test } from 'vitest';
import type Browser from 'webextension-polyfill';
import { BROWSERS, launch, makeProfileDir, removeProfile } from './browsers';
import { browserRun } from './run';
import { NEUTRAL_HOST, startFixtureServer } from './server';

describe.each(BROWSERS)('%s: the built extension', (name) => {
  const run = browserRun(name, { keepProfile: false });

  test('loads with the expected extension origin', async () => {
    const browser = await run.open();
    if (name === 'chromium') {
      expect(browser.extensionOrigin).toMatch(/^chrome-extension:\/\/[a-p]{32}$/);
      const url = await browser.evaluateBackground(
        () => (globalThis as unknown as { location: Location }).location.href,
      );
      expect(url).toBe(`${browser.extensionOrigin}/background.js`);
    } else {
      expect(browser.extensionId).toBe('lens@lens-reader.dev');
      expect(browser.extensionOrigin).toMatch(/^moz-extension:\/\/[0-9a-f-]{36}$/);
    }
  });

  test('its options page opens and shows the "Lens settings" heading', async () => {
    const browser = await run.open();
    const page = await browser.openExtensionPage('options.html');
    await page.waitForSelector('h1');
    expect(await page.evaluate(() => document.querySelector('h1')?.textContent)).toBe('Lens settings');
    await page.close();
  });

  test('pages load through the fixture server under their real host names', async () => {
    const browser = await run.open();
    const url = run.server.html('www.lesswrong.com', '/e2e/hello', '<!doctype html><title>Hello</title><p>hello</p>');
    run.server.html(NEUTRAL_HOST, '/', '<!doctype html><title>Elsewhere</title><p>elsewhere</p>');
    const page = await browser.newPage();
    await page.goto(url);
    expect(await page.url()).toBe('http://www.lesswrong.com/e2e/hello');
    expect(await page.evaluate(() => document.title)).toBe('Hello');
    await page.goto(`http://${NEUTRAL_HOST}/`);
    expect(await page.evaluate(() => document.title)).toBe('Elsewhere');
    expect(run.server.requests.some((r) => r.host === 'www.lesswrong.com' && r.path === '/e2e/hello')).toBe(true);
    await page.close();
  });

  test('the toolbar action can be clicked for a tab, and the tab id is known', async () => {
    const browser = await run.open();
    const lw = await browser.newPage();
    await lw.goto(run.server.html('www.lesswrong.com', '/e2e/tab', '<!doctype html><title>Tab</title>'));
    const page = await browser.newPage();
    await page.goto(`http://${NEUTRAL_HOST}/`);
    const ids = [await browser.tabId(lw), await browser.tabId(page)];
    expect(ids[0]).toBeGreaterThan(0);
    expect(ids[1]).not.toBe(ids[0]);
    // A listener added for this test records the click and proves activeTab was granted on a host Lens has no
    // permission for (the real toolbar handler may also run; it must not mind).
    await browser.evaluateBackground(() => {
      type Api = Pick<Browser.Browser, 'scripting' | 'action' | 'browserAction'>;
      const g = globalThis as unknown as { browser?: Api; chrome: Api; __e2eClicks?: string[] };
      const api = g.browser ?? g.chrome;
      g.__e2eClicks = [];
      (api.action ?? api.browserAction).onClicked.addListener(async (tab) => {
        try {
          const [r] = await api.scripting.executeScript({
            target: { tabId: tab.id ?? -1 },
            func: () => document.title,
          });
          g.__e2eClicks?.push(String(r?.result));
        } catch (e) {
          g.__e2eClicks?.push(`error: ${String(e)}`);
        }
      });
    });
    const clickAndRead = async () => {
      await browser.triggerAction(page);
      for (let i = 0; i < 50; i++) {
        const c = await browser.evaluateBackground(() => {
          const g = globalThis as unknown as { __e2eClicks: string[] };
          return g.__e2eClicks.splice(0);
        });
        if (c.length > 0) return c;
        await new Promise((r) => setTimeout(r, 100)); // polls the background for the click, up to 5 s
      }
      return [];
    };
    let clicks = await clickAndRead();
    // Chromium's synthetic click (CDP Extensions.triggerAction) now and then reaches the handler before the activeTab
    // grant does (seen 2 times in about 10 full runs); one more click is what a reader would do, and it must work.
    if (clicks.length === 1 && clicks[0]!.startsWith('error:') && name === 'chromium') {
      console.warn(`[e2e] first toolbar click was refused (${clicks[0]}); clicking again`);
      clicks = await clickAndRead();
    }
    expect(clicks).toEqual(['Elsewhere']);
    await page.close();
    await lw.close();
  });

  test('no errors from the extension', async () => {
    const browser = await run.open();
    expect(await browser.extensionErrors()).toEqual([]);
  });
});

describe.each(BROWSERS)('%s: a relaunch with the same profile', (name) => {
  test('keeps the extension origin, storage and IndexedDB, with the fixture server stopped', async () => {
    const server = await startFixtureServer();
    const profileDir = makeProfileDir(name);
    let browser = await launch(name, { server, profileDir });
    try {
      const origin = browser.extensionOrigin;
      const page = await browser.openExtensionPage('options.html');
      await page.evaluate(async () => {
        const g = globalThis as unknown as Record<'browser' | 'chrome', Pick<Browser.Browser, 'storage'> | undefined>;
        // Firefox's chrome.* is callback-style in MV2; its browser.* returns promises.
        const api = (g.browser ?? g.chrome) as Pick<Browser.Browser, 'storage'>;
        await api.storage.local.set({ e2eMark: 'kept' });
        await new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('e2e-restart', 1);
          open.onupgradeneeded = () => open.result.createObjectStore('s');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('s', 'readwrite');
            tx.objectStore('s').put('kept', 'mark');
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
          };
        });
      });
      await browser.close();
      await server.stop();

      browser = await launch(name, { server, profileDir });
      expect(browser.extensionOrigin).toBe(origin);
      const again = await browser.openExtensionPage('options.html');
      const kept = await again.evaluate(async () => {
        const g = globalThis as unknown as Record<'browser' | 'chrome', Pick<Browser.Browser, 'storage'> | undefined>;
        // Firefox's chrome.* is callback-style in MV2; its browser.* returns promises.
        const api = (g.browser ?? g.chrome) as Pick<Browser.Browser, 'storage'>;
        const local = (await api.storage.local.get('e2eMark')).e2eMark;
        const idb = await new Promise<unknown>((resolve, reject) => {
          const open = indexedDB.open('e2e-restart', 1);
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const req = open.result.transaction('s').objectStore('s').get('mark');
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(req.error);
          };
        });
        return { local, idb };
      });
      expect(kept).toEqual({ local: 'kept', idb: 'kept' });
      const offline = await browser.newPage();
      await expect(offline.goto(server.url('www.lesswrong.com', '/posts/x'), { timeout: 10_000 })).rejects.toThrow();
    } finally {
      await browser.close();
      removeProfile(profileDir);
    }
  });
});
