import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page as PwPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Post } from '../../lib/model';
import { BROWSERS, type LensBrowser, type LensPage, launch, makeProfileDir, removeProfile } from './browsers';
import { type FixtureServer, NEUTRAL_HOST, startFixtureServer } from './server';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SHELL = resolve(ROOT, 'test/fixtures/lw-abstract-entropy-page-shell');
const PAGE = readFileSync(resolve(SHELL, 'input.html'), 'utf8');
// The parser's reviewed output for this page: the panel must show exactly these headings and notes.
const EXPECTED = JSON.parse(readFileSync(resolve(SHELL, 'expected.json'), 'utf8')) as Post;
const POST_PATH = '/posts/REA49tL5jsh69X3aM/introduction-to-abstract-entropy';
const CORPUS = resolve(ROOT, 'test/fixtures/dump-lesswrong-ru-aggregator/input.txt');
const DUMP = readFileSync(existsSync(CORPUS) ? CORPUS : '/work/shared/fixtures/dumps/000_9d9642a96f038558.txt', 'utf8');
const AXE = readFileSync(resolve(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// The aggregator as Drupal serves it, one <p> per line of the dump (as in reading-view.e2e.ts).
function aggregatorPage(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('\n');
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Новости LessWrong.com | LessWrong на русском</title></head><body><div id="page"><main><div class="region-content">${lines}</div></main></div></body></html>`;
}

type PanelView = { title: string; count: string; headings: string[]; current: string | null; progress: number };

function panelView(panel: LensPage): Promise<PanelView> {
  return panel.evaluate(() => {
    const outline = document.querySelector('nav[aria-label="Outline"]');
    return {
      title: outline?.querySelector('.post-title')?.textContent ?? '',
      count: document.querySelector('.post-count')?.textContent ?? '',
      headings: [...(outline?.querySelectorAll('.outline-text') ?? [])].map((e) => e.textContent ?? ''),
      current: outline?.querySelector('[aria-current="location"]')?.getAttribute('data-heading-id') ?? null,
      progress: Number(outline?.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow') ?? -1),
    };
  });
}

// Chromium's waitForFunction polls on animation frames, which a background tab never gets: the page and the panel
// (a side panel sits beside the page; here it is a second tab) each come to the front before being watched.
async function watch(p: LensPage): Promise<LensPage> {
  await p.bringToFront();
  return p;
}

async function waitForCurrent(panel: LensPage, headingId: string): Promise<unknown> {
  await panel.bringToFront();
  return panel.waitFor(
    (id: string) => document.querySelector('[aria-current="location"]')?.getAttribute('data-heading-id') === id,
    headingId,
    { timeout: 15_000 },
  );
}

async function openTab(panel: LensPage, name: string): Promise<void> {
  await panel.bringToFront();
  await panel.click(`#tab-${name}`);
  await panel.waitFor(
    (n: string) => document.getElementById(`tab-${n}`)?.getAttribute('aria-selected') === 'true',
    name,
  );
}

async function axeViolations(panel: LensPage): Promise<string[]> {
  const raw = panel.raw as PwPage;
  // A string is evaluated by the DevTools protocol itself, so the extension page's CSP (no eval) does not apply.
  if ((await raw.evaluate('typeof window.axe')) === 'undefined') await raw.evaluate(AXE);
  const violations = (await raw.evaluate(
    "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))",
  )) as string[];
  return violations;
}

describe.each(BROWSERS)('%s: the side panel', (name) => {
  let server: FixtureServer;
  let browser: LensBrowser;
  let profileDir: string;
  let postUrl: string;
  let aggregator: string;
  let dumpUrl: string;
  let page: LensPage;
  let panel: LensPage;

  beforeAll(async () => {
    server = await startFixtureServer();
    postUrl = server.html('www.lesswrong.com', POST_PATH, PAGE);
    aggregator = server.html('lesswrong.ru', '/aggregator/sources/1', aggregatorPage(DUMP));
    dumpUrl = server.text(NEUTRAL_HOST, '/dumps/lesswrong-ru.txt', DUMP);
    profileDir = makeProfileDir(name);
    browser = await launch(name, { server, profileDir });
    page = await browser.newPage();
    await page.goto(postUrl);
    const tabId = await browser.tabId(page);
    panel = await browser.openExtensionPage(`sidepanel.html?tab=${tabId}`);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (profileDir) removeProfile(profileDir);
  });

  test('bound to the post tab, it lists exactly the post\'s 12 headings and 17 footnotes with every "cited from" link', async () => {
    await panel.waitFor(
      () => document.querySelectorAll('nav[aria-label="Outline"] .outline-entry').length >= 12,
      undefined,
      {
        timeout: 30_000,
      },
    );
    const view = await panelView(panel);
    expect(view.title).toBe(EXPECTED.title);
    expect(view.headings).toEqual(EXPECTED.headings.map((h) => h.text));
    expect(EXPECTED.headings).toHaveLength(12);

    await openTab(panel, 'footnotes');
    // The outline comes first (a summary of the post); the notes with the whole post, as soon as the page has read it.
    await panel.waitFor(() => document.querySelectorAll('.footnote-item').length > 0, undefined, { timeout: 30_000 });
    const notes = await panel.evaluate(() =>
      [...document.querySelectorAll('.footnote-item')].map((li) => ({
        number: li.querySelector('.footnote-number')?.textContent ?? '',
        cites: [...li.querySelectorAll<HTMLElement>('.cite-link')].map((b) => b.dataset.refId ?? ''),
        text: (li.querySelector('.footnote-text')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      })),
    );
    expect(EXPECTED.footnotes).toHaveLength(17);
    expect(notes.map((n) => n.number)).toEqual(EXPECTED.footnotes.map((f) => `${f.number}.`));
    expect(notes.map((n) => n.cites)).toEqual(EXPECTED.footnotes.map((f) => f.refIds));
    // Notes with equations show them rendered by KaTeX, not as TeX source.
    const withMath = EXPECTED.footnotes.map((f, i) => (f.html.includes('lens-math') ? i : -1)).filter((i) => i >= 0);
    expect(withMath.length).toBeGreaterThan(0);
    await panel.waitFor(() => document.querySelectorAll('.footnote-item .katex').length > 0, undefined, {
      timeout: 15_000,
    });
    const katex = await panel.evaluate(() =>
      [...document.querySelectorAll('.footnote-item')].map((li) => li.querySelectorAll('.katex').length),
    );
    for (const i of withMath) expect(katex[i], `note ${i + 1}`).toBeGreaterThan(0);
    await openTab(panel, 'outline');
  });

  test('clicking an outline entry scrolls the page to that heading, and the highlight follows', async () => {
    const target = EXPECTED.headings.find((h) => h.text === 'Negentropy')!;
    await (await watch(panel)).click(`button[data-heading-id="${target.id}"]`);
    const top = await (await watch(page)).waitFor(
      (text: string) => {
        const h = [...document.querySelectorAll('#postContent h2, #postContent h3')].find(
          (el) => el.textContent?.trim() === text,
        );
        const y = h?.getBoundingClientRect().top ?? -1;
        return window.scrollY > 1000 && y >= 0 && y < 120 ? y : null;
      },
      target.text,
      { timeout: 15_000 },
    );
    expect(top).toBeGreaterThanOrEqual(0);
    await waitForCurrent(panel, target.id);
  });

  test('scrolling the page moves the highlight and the progress', async () => {
    const before = (await panelView(await watch(panel))).progress;
    const target = EXPECTED.headings.find((h) => h.text === 'Macrostates')!;
    await (await watch(page)).evaluate((text: string) => {
      const h = [...document.querySelectorAll('#postContent h2')].find((el) => el.textContent?.trim() === text)!;
      window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 10);
    }, target.text);
    await waitForCurrent(panel, target.id);
    expect((await panelView(panel)).progress).toBeLessThan(before);
  });

  test('a note\'s "cited from" link focuses its reference in the page, marks it, and "back" returns', async () => {
    await (await watch(page)).evaluate(() => window.scrollTo(0, 0));
    await openTab(panel, 'footnotes');
    const refId = EXPECTED.footnotes[8]!.refIds[0]!;
    await panel.click(`button[data-ref-id="${refId}"]`);
    const state = await (await watch(page)).waitFor(
      (id: string) => {
        const ref = document.getElementById(id);
        if (!ref?.hasAttribute('data-lens-flash')) return null;
        return { focused: ref.contains(document.activeElement), y: window.scrollY };
      },
      refId,
      { timeout: 15_000 },
    );
    expect(state?.focused).toBe(true);
    expect(state?.y).toBeGreaterThan(1000);
    await (await watch(panel)).waitFor(() => !!document.querySelector('button.back'), undefined, { timeout: 15_000 });
    await panel.click('button.back');
    await (await watch(page)).waitFor(() => window.scrollY < 50, undefined, { timeout: 15_000 });
    await openTab(panel, 'outline');
  });

  test('axe-core finds no violations in any tab of the panel', async () => {
    for (const tab of ['outline', 'footnotes', 'saved']) {
      await openTab(panel, tab);
      expect(await axeViolations(panel), tab).toEqual([]);
    }
    await openTab(panel, 'outline');
  });

  test('on the aggregator the panel shows the outline of the post in view and switches as the reader scrolls', async () => {
    const agg = await browser.newPage();
    await agg.goto(aggregator);
    await agg.waitFor(
      () => {
        const root = document.querySelector('lens-reading-view')?.shadowRoot;
        return root && !root.querySelector('progress') && root.querySelectorAll('article').length === 20;
      },
      undefined,
      { timeout: 45_000 },
    );
    const tabId = await browser.tabId(agg);
    const side = await browser.openExtensionPage(`sidepanel.html?tab=${tabId}`);
    await (await watch(side)).waitFor(
      () => document.querySelector('.post-count')?.textContent === 'Post 1 of 20',
      undefined,
      {
        timeout: 20_000,
      },
    );
    const titles = await (await watch(agg)).evaluate(() => {
      const root = document.querySelector('lens-reading-view')!.shadowRoot!;
      return [...root.querySelectorAll('article')].map(
        (a) => root.getElementById(a.getAttribute('aria-labelledby') ?? '')?.textContent?.trim() ?? '',
      );
    });
    expect((await panelView(await watch(side))).title).toBe(titles[0]);
    for (const index of [4, 12]) {
      await (await watch(agg)).evaluate((i: number) => {
        const article = document
          .querySelector('lens-reading-view')!
          .shadowRoot!.querySelector(`article[data-index="${i}"]`)!;
        window.scrollTo(0, article.getBoundingClientRect().top + window.scrollY + 20);
      }, index);
      await side.waitFor(
        (n: number) => document.querySelector('.post-count')?.textContent === `Post ${n} of 20`,
        index + 1,
        {
          timeout: 15_000,
        },
      );
      expect((await panelView(side)).title).toBe(titles[index]);
    }
    await side.close();
    await agg.close();
  });

  test('a tab without a post gets the empty state; the toolbar button then runs Lens and the panel follows', async () => {
    const dump = await browser.newPage();
    await dump.goto(dumpUrl);
    const tabId = await browser.tabId(dump);
    const side = await browser.openExtensionPage(`sidepanel.html?tab=${tabId}`);
    await (await watch(side)).waitFor(() => document.body.textContent?.includes('No post here yet'), undefined, {
      timeout: 15_000,
    });
    expect(
      await side.evaluate(() => [...document.querySelectorAll('.empty button')].map((b) => b.textContent)),
    ).toEqual(['Run Lens on this page', 'Open library']);
    if (name === 'chromium') expect(await axeViolations(side)).toEqual([]);
    const follows = async (timeout: number) =>
      (await watch(side))
        .waitFor(() => document.querySelector('.post-count')?.textContent === 'Post 1 of 20', undefined, { timeout })
        .then(
          () => true,
          () => false,
        );
    await browser.triggerAction(dump);
    // Chromium's synthetic click (CDP Extensions.triggerAction) is now and then not delivered with its activeTab grant
    // (seen in ~1 of 10 full runs); a reader would click again, and that click must work.
    if (!(await follows(12_000))) {
      console.warn('[e2e] the panel did not follow the first toolbar click; clicking again');
      await browser.triggerAction(dump);
      expect(await follows(35_000)).toBe(true);
    }
    await side.close();
    await dump.close();
  });

  test('Save puts the post in the saved list, and it is still there after a browser restart', async () => {
    await openTab(panel, 'saved');
    await panel.waitFor(() => document.querySelector('.saved-state')?.textContent === 'Not saved', undefined, {
      timeout: 15_000,
    });
    await panel.click('.saved-current button.primary');
    await panel.waitFor(
      (title: string) =>
        document.querySelector('.saved-state')?.textContent === 'Saved for offline reading' &&
        [...document.querySelectorAll('.saved-title')].some((e) => e.textContent === title),
      EXPECTED.title,
      { timeout: 15_000 },
    );
    await browser.close();
    browser = await launch(name, { server, profileDir });
    panel = await browser.openExtensionPage('sidepanel.html');
    await openTab(panel, 'saved');
    await panel.waitFor(
      (title: string) => [...document.querySelectorAll('.saved-title')].some((e) => e.textContent === title),
      EXPECTED.title,
      { timeout: 15_000 },
    );
  });
});
