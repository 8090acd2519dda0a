// Issue 15: a page view with no Lens feature used parses nothing (the content script marks `lens:parse-start` at every
// parse), and each feature still works from such a cold page: a preview, a preview that needs the whole post, the
// side panel, a save.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BROWSERS, type LensBrowser, type LensPage, launch } from './browsers';
import { type FixtureServer, startFixtureServer } from './server';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SHELL = readFileSync(resolve(ROOT, 'test/fixtures/lw-abstract-entropy-page-shell/input.html'), 'utf8');
const POST_PATH = '/posts/REA49tL5jsh69X3aM/introduction-to-abstract-entropy';
// Google Docs notes (test/fixtures/html-google-docs-footnotes): the target of a reference is an anchor in a paragraph,
// not a footnote item the page can answer alone, so its preview needs the whole post parsed.
const GDOCS = readFileSync(resolve(ROOT, 'test/fixtures/html-google-docs-footnotes/input.html'), 'utf8');
const GDOCS_PATH = '/posts/gD0cs2Pst8abcdefg/pasted';
const GDOCS_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pasted from Google Docs</title></head><body><div id="postContent">${GDOCS.replace(/<title>.*<\/title>/, '')}</div></body></html>`;

const parses = (page: LensPage) => page.evaluate(() => performance.getEntriesByName('lens:parse-start').length);

async function cold(browser: LensBrowser, url: string): Promise<LensPage> {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitFor(() => performance.getEntriesByName('lens:previews-ready').length > 0, undefined, {
    timeout: 30_000,
  });
  return page;
}

const previewText = (page: LensPage) =>
  page.waitFor(
    () =>
      document.getElementById('lens-preview-host')?.shadowRoot?.querySelector('.lens-preview .lens-body')
        ?.textContent ?? null,
    undefined,
    { timeout: 15_000 },
  );

describe.each(BROWSERS)('%s: a page view pays for what it uses', (name) => {
  let server: FixtureServer;
  let browser: LensBrowser;
  let postUrl: string;

  beforeAll(async () => {
    server = await startFixtureServer();
    postUrl = server.html('www.lesswrong.com', POST_PATH, SHELL);
    server.html('www.lesswrong.com', GDOCS_PATH, GDOCS_PAGE);
    browser = await launch(name, { server });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a page view parses nothing, not even once the page has been idle for a while, and a hover reads its note alone', async () => {
    const page = await cold(browser, postUrl);
    // Nothing can signal that nothing happened: watch two idle periods spanning more than the second after which the
    // deferred parse used to start.
    await page.evaluate(
      () =>
        new Promise<void>((done) => {
          const idle = (fn: () => void) =>
            typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 50);
          idle(() => setTimeout(() => idle(() => done()), 1500));
        }),
    );
    expect(await parses(page)).toBe(0);
    await page.hover('#postContent a[href="#fna26yynbcolo"]');
    expect(await previewText(page)).toMatch(/\S/);
    expect(await page.evaluate(() => performance.getEntriesByName('lens:note').length)).toBe(1);
    expect(await parses(page)).toBe(0);
    // (The page's own errors are the shell's MathJax fonts it cannot fetch offline; Lens's are counted here.)
    expect(await browser.extensionErrors()).toEqual([]);
    await page.close();
  });

  test('a preview that needs the whole post parses it, once, from a cold page', async () => {
    const page = await cold(browser, server.html('www.lesswrong.com', GDOCS_PATH, GDOCS_PAGE));
    expect(await parses(page)).toBe(0);
    await page.hover('#postContent a[href="#ftnt1"]');
    expect(await previewText(page)).toContain('The first Google Docs note.');
    expect(await parses(page)).toBe(1);
    expect(await browser.extensionErrors()).toEqual([]);
    await page.close();
  });

  test('the side panel opened on a cold page gets the outline (the page parses then)', async () => {
    const page = await cold(browser, postUrl);
    const tabId = await browser.tabId(page);
    expect(await parses(page)).toBe(0);
    const panel = await browser.openExtensionPage(`sidepanel.html?tab=${tabId}`);
    const headings = await panel.waitFor(
      () => {
        const n = document.querySelectorAll('nav[aria-label="Outline"] .outline-entry').length;
        return n > 0 ? n : null;
      },
      undefined,
      { timeout: 30_000 },
    );
    expect(headings).toBe(12);
    expect(await parses(page)).toBe(1);
    // The panel's notes came from a parse without DOMPurify: it sanitised them when it showed them (no script, no
    // inline handler made it into the panel).
    await panel.click('#tab-footnotes');
    const notes = await panel.waitFor(() => document.querySelectorAll('.footnote-item').length || null, undefined, {
      timeout: 30_000,
    });
    expect(notes).toBe(17);
    // Its equations rendered and their fonts in (a panel closed while KaTeX's fonts download logs failed downloads).
    await panel.waitFor(
      () => !!document.querySelector('.footnote-item .katex') && document.fonts.status === 'loaded',
      undefined,
      {
        timeout: 30_000,
      },
    );
    await panel.close();
    await page.close();
    expect(await browser.extensionErrors()).toEqual([]);
  });

  test('a panel already open when the page loads gets its outline without being asked again', async () => {
    const first = await cold(browser, postUrl);
    const tabId = await browser.tabId(first);
    const panel = await browser.openExtensionPage(`sidepanel.html?tab=${tabId}`);
    await panel.waitFor(
      () => document.querySelectorAll('nav[aria-label="Outline"] .outline-entry').length === 12,
      undefined,
      {
        timeout: 30_000,
      },
    );
    // The same tab navigates to another post: its new page says it is ready, and the background answers that a
    // panel follows it, so it parses and announces at once.
    await first.bringToFront();
    await first.goto(server.html('www.lesswrong.com', GDOCS_PATH, GDOCS_PAGE));
    await panel.bringToFront();
    const title = await panel.waitFor(
      () =>
        document.querySelector('nav[aria-label="Outline"] .post-title')?.textContent?.includes('Google Docs') || null,
      undefined,
      { timeout: 30_000 },
    );
    expect(title).toBe(true);
    await first.bringToFront();
    expect(await parses(first)).toBe(1);
    await panel.close();
    await first.close();
  });

  test('saving from a cold page parses and stores the post', async () => {
    const page = await cold(browser, postUrl);
    const tabId = await browser.tabId(page);
    expect(await parses(page)).toBe(0);
    const reply = await browser.evaluateBackground(async (id: number) => {
      type Tabs = { tabs: { sendMessage: (t: number, m: unknown) => Promise<{ handled: boolean; ok?: boolean }> } };
      const g = globalThis as unknown as { browser?: Tabs; chrome: Tabs };
      return (g.browser ?? g.chrome).tabs.sendMessage(id, { type: 'page-save' });
    }, tabId);
    expect(reply).toMatchObject({ handled: true, ok: true });
    expect(await parses(page)).toBe(1);
    // Asked from an extension page: Chrome's worker does not receive its own runtime messages.
    const options = await browser.openExtensionPage('options.html');
    const saved = await options.evaluate(async () => {
      type Runtime = { runtime: { sendMessage: (m: unknown) => Promise<{ saved: boolean }> } };
      const g = globalThis as unknown as { browser?: Runtime; chrome: Runtime };
      return (g.browser ?? g.chrome).runtime.sendMessage({ type: 'is-saved', id: 'REA49tL5jsh69X3aM' });
    });
    expect(saved).toEqual({ saved: true });
    await options.close();
    await page.close();
  });
});
