// Issue 13 in real browsers: a two-chapter sequence of 13 posts saved from the side panel on its page, against the
// fixture server's /graphql, which graphql-js answers by executing each query against LessWrong's schema over the
// corpus's real post bodies (test/fixtures-store/lesswrong-api.ts). A 429 comes in the middle of the job; the job
// slows down and completes. Then the browser restarts with the server stopped: the library shows the sequence, its
// page lists the posts in order, a post opens offline and Next opens the following one. In Chromium the service
// worker is stopped mid-job (CDP) and the job still ends with exactly the sequence's posts.
import type { Page as PwPage } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { answerGraphql, type FakeSite, sequenceSite } from '../fixtures-store/lesswrong-api';
import { BROWSERS, type LensPage, launch } from './browsers';
import { browserRun, clickButton, textMatching } from './run';
import type { FixtureServer } from './server';

const SEQUENCE_PATH = '/s/fixtureSequence01';
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>A Fixture Sequence</title></head>
<body><h1>A Fixture Sequence</h1><p>Thirteen posts in two chapters.</p></body></html>`;

type Served = { site: FakeSite; postRequests: string[]; busyOn: number; latencyMs: number };

/** Registers the sequence page and the GraphQL endpoint; `busyOn` makes that post request answer 429 once. */
function serve(server: FixtureServer, served: Served): string {
  let n = 0;
  server.route(
    'www.lesswrong.com',
    '/graphql',
    async (_req, _url, body) => {
      const request = JSON.parse(body) as { query: string; variables?: { id?: string } };
      const isPost = request.query.includes('LensSequencePost');
      if (isPost) {
        served.postRequests.push(request.variables?.id ?? '');
        n++;
        if (n === served.busyOn) return { status: 429, body: 'slow down', headers: { 'retry-after': '1' } };
      }
      if (served.latencyMs) await new Promise((r) => setTimeout(r, served.latencyMs));
      return answerGraphql(served.site, body);
    },
    { contentType: 'application/json' },
  );
  return server.html('www.lesswrong.com', SEQUENCE_PATH, PAGE);
}

async function buttonNamed(page: LensPage, pattern: string, timeout = 30_000): Promise<string> {
  return (await page.waitFor(
    (p: string) =>
      [...document.querySelectorAll('button')]
        .map((b) => b.textContent?.trim() ?? '')
        .find((t) => new RegExp(p).test(t)) ?? null,
    pattern,
    { timeout },
  ))!;
}

/** The side panel's job line once it matches `pattern`. */
function jobStatus(page: LensPage, pattern: string, timeout = 90_000): Promise<string> {
  return textMatching(page, '.job-count', pattern, timeout);
}

/** The posts in the library as the reader's own IndexedDB holds them: id and number of earlier versions. */
async function stored(page: LensPage): Promise<{ id: string; versions: number }[]> {
  return page.evaluate(
    () =>
      new Promise<{ id: string; versions: number }[]>((resolve, reject) => {
        const open = indexedDB.open('lens-library');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('records').objectStore('records').getAll();
          all.onsuccess = () => {
            resolve(
              (all.result as { id: string; versions: unknown[] }[]).map((r) => ({
                id: r.id,
                versions: r.versions.length,
              })),
            );
            open.result.close();
          };
        };
      }),
  );
}

describe.each(BROWSERS)('%s: saving a whole sequence', (name) => {
  const run = browserRun(name);

  test('saved from the side panel through a 429, then read in order offline after a restart', async () => {
    const served: Served = { site: sequenceSite({ chapterSizes: [7, 6] }), postRequests: [], busyOn: 4, latencyMs: 0 };
    const order = [...served.site.sequences.get('fixtureSequence01')!.chapters]
      .sort((a, b) => a.number - b.number)
      .flatMap((c) => c.postIds);
    const titles = order.map((id) => served.site.posts.get(id)!.title);
    const url = serve(run.server, served);
    let browser = await run.open();
    const site = await browser.newPage();
    await site.goto(url);
    const panel = await browser.openExtensionPage(`sidepanel.html?tab=${await browser.tabId(site)}`);
    expect(await buttonNamed(panel, '^Save the whole sequence')).toBe('Save the whole sequence (13 posts)');
    await clickButton(panel, 'Save the whole sequence (13 posts)');
    expect(await jobStatus(panel, '^Saved: 13 of 13$')).toBe('Saved: 13 of 13');
    // The refused request was asked again after the wait; every other post once.
    expect(served.postRequests).toHaveLength(14);
    expect(new Set(served.postRequests)).toEqual(new Set(order));
    expect((await stored(panel)).map((r) => r.id).sort()).toEqual([...order].sort());
    await run.close();

    await run.server.stop();
    browser = await run.open();
    const reader = await browser.openExtensionPage('reader.html');
    const card = await reader.waitFor(
      () => document.querySelector('.lens-sequence-card')?.textContent ?? null,
      undefined,
      { timeout: 30_000 },
    );
    expect(card).toContain('A Fixture Sequence');
    expect(card).toContain('0 of 13 read');
    await reader.evaluate(() => (document.querySelector('.lens-sequence-card h3 a') as HTMLAnchorElement).click());
    const listed = await reader.waitFor(
      () => {
        const items = [...document.querySelectorAll('.lens-sequence-chapter li a')].map((a) => a.textContent ?? '');
        return items.length ? items : null;
      },
      undefined,
      { timeout: 30_000 },
    );
    expect(listed).toEqual(titles);
    await reader.evaluate(() => (document.querySelector('.lens-sequence-chapter li a') as HTMLAnchorElement).click());
    const first = await reader.waitFor(
      () => {
        const place = document.querySelector('.lens-sequence-place')?.textContent;
        const title = document
          .querySelector('.lens-post-body')
          ?.closest('article, main')
          ?.querySelector('h1')?.textContent;
        return place && title ? { place, title } : null;
      },
      undefined,
      { timeout: 30_000 },
    );
    expect(first).toEqual({ place: 'Chapter 1 of the fixture · 1 of 13', title: titles[0] });
    await reader.press(']');
    const second = await reader.waitFor(
      (want: string) => {
        const title = document
          .querySelector('.lens-post-body')
          ?.closest('article, main')
          ?.querySelector('h1')?.textContent;
        return title === want ? document.querySelector('.lens-sequence-place')?.textContent : null;
      },
      titles[1],
      { timeout: 30_000 },
    );
    expect(second).toBe('Chapter 1 of the fixture · 2 of 13');
    const origin = browser.extensionOrigin;
    expect(reader.errors.filter((e) => e.kind === 'pageerror' || e.url?.startsWith(origin))).toEqual([]);
    await run.close();
    await run.server.start();
  });
});

// Only Chromium has a service worker to stop (Firefox's MV2 background is a page that lives as long as the browser).
describe('chromium: the service worker stopped in the middle of a job', () => {
  const name = 'chromium' as const;
  const run = browserRun(name, { keepProfile: false });

  test.runIf(name === 'chromium')(
    'the service worker stopped mid-job: the job finishes with exactly the posts',
    async () => {
      run.server.clear();
      const served: Served = {
        site: sequenceSite({ chapterSizes: [8, 6], sequenceId: 'fixtureSequence02', prefix: 'seqtwo' }),
        postRequests: [],
        busyOn: 0,
        latencyMs: 300,
      };
      const order = served.site.sequences.get('fixtureSequence02')!.chapters.flatMap((c) => c.postIds);
      run.server.route(
        'www.lesswrong.com',
        '/graphql',
        async (_req, _url, body) => {
          const request = JSON.parse(body) as { query: string; variables?: { id?: string } };
          if (request.query.includes('LensSequencePost')) served.postRequests.push(request.variables?.id ?? '');
          await new Promise((r) => setTimeout(r, served.latencyMs));
          return answerGraphql(served.site, body);
        },
        { contentType: 'application/json' },
      );
      const url = run.server.html('www.lesswrong.com', '/s/fixtureSequence02', PAGE);
      const fresh = await launch(name, { server: run.server });
      try {
        const site = await fresh.newPage();
        await site.goto(url);
        const panel = await fresh.openExtensionPage(`sidepanel.html?tab=${await fresh.tabId(site)}`);
        await buttonNamed(panel, '^Save the whole sequence \\(14 posts\\)');
        await clickButton(panel, 'Save the whole sequence (14 posts)');
        await jobStatus(panel, '^Saving: [3-9] of 14');
        const raw = panel.raw as PwPage;
        const cdp = await raw.context().newCDPSession(raw);
        const states: string[] = [];
        cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: { runningStatus: string }[] }) => {
          for (const v of e.versions) states.push(v.runningStatus);
        });
        await cdp.send('ServiceWorker.enable');
        await cdp.send('ServiceWorker.stopAllWorkers');
        // The panel's port reconnects, which starts the worker again; it resumes the job from IndexedDB.
        expect(await jobStatus(panel, '^Saved: 14 of 14$', 120_000)).toBe('Saved: 14 of 14');
        // The worker did stop, and a new one ran the rest.
        expect(states).toContain('stopped');
        expect(states.lastIndexOf('running')).toBeGreaterThan(states.indexOf('stopped'));
        const records = await stored(panel);
        expect(records.map((r) => r.id).sort()).toEqual([...order].sort());
        expect(records.every((r) => r.versions === 0)).toBe(true);
        expect(new Set(served.postRequests)).toEqual(new Set(order));
      } finally {
        await fresh.close();
      }
    },
  );
});

/** Types an address into the reader's Add by URL box, presses its Save button and returns the message it shows. */
async function addByUrl(reader: LensPage, url: string, expect: string): Promise<string> {
  await reader.evaluate((u: string) => {
    const input = document.querySelector('#lens-add-url-input') as HTMLInputElement;
    input.value = u;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, url);
  await reader.waitFor(
    (u: string) => (document.querySelector('#lens-add-url-input') as HTMLInputElement | null)?.value === u,
    url,
  );
  await reader.click('.lens-add-url button[type=submit]');
  return (await reader.waitFor(
    (p: string) => {
      const text = document.querySelector('.lens-add-url [role=status]')?.textContent ?? '';
      return new RegExp(p).test(text) ? text : null;
    },
    expect,
    { timeout: 30_000 },
  ))!;
}

describe.each(BROWSERS)("%s: the reader's Add by URL", (name) => {
  const run = browserRun(name, { keepProfile: false });

  test('garbage and foreign addresses are refused in words; a post URL saves the post; a sequence URL saves the sequence', async () => {
    const served: Served = { site: sequenceSite({ chapterSizes: [2, 1] }), postRequests: [], busyOn: 0, latencyMs: 0 };
    const origin = new URL(serve(run.server, served)).origin;
    const first = served.site.posts.get('seqpost0000000001')!;
    const browser = await run.open();
    const reader = await browser.openExtensionPage('reader.html');
    await reader.waitForSelector('#lens-add-url-input', { timeout: 30_000 });
    const refused = 'not a post, sequence or collection of LessWrong';
    expect(await addByUrl(reader, 'not a link at all', refused)).toContain('Nothing was saved.');
    expect(await addByUrl(reader, 'https://example.com/s/fixtureSequence01', refused)).toContain('Nothing was saved.');
    expect(await addByUrl(reader, `${origin}/s/noSuchSequence001`, 'no public sequence')).toMatch(/no public sequence/);
    expect(await stored(reader)).toEqual([]);
    expect(served.postRequests).toEqual([]);
    expect(await reader.evaluate(() => document.querySelectorAll('.lens-sequence-card').length)).toBe(0);

    // A post address: that one post is saved, no sequence.
    await addByUrl(reader, `${origin}/posts/${first._id}/${first.slug}`, '^Saving the post');
    const saved = await reader.waitFor(
      () => {
        const text = document.querySelector('.lens-live')?.textContent ?? '';
        return /^Saved /.test(text) ? text : null;
      },
      undefined,
      { timeout: 30_000 },
    );
    expect(saved).toBe(`Saved “${first.title}” to Lens.`);
    expect((await stored(reader)).map((r) => r.id)).toEqual([first._id]);
    expect(await reader.evaluate(() => document.querySelectorAll('.lens-sequence-card').length)).toBe(0);

    // A sequence address: the whole sequence is saved and shown as a card.
    expect(await addByUrl(reader, `${origin}/s/fixtureSequence01`, 'saving')).toBe(
      'Lens is saving “A Fixture Sequence” (3 posts); the library shows its progress.',
    );
    const card = await reader.waitFor(
      () => {
        const text = document.querySelector('.lens-sequence-card')?.textContent ?? '';
        return text.includes('A Fixture Sequence') && text.includes('0 of 3 read') && !/saved/i.test(text)
          ? text
          : null;
      },
      undefined,
      { timeout: 60_000 },
    );
    expect(card).toContain('Sequence · 2 chapters');
    expect((await stored(reader)).map((r) => r.id).sort()).toEqual([...served.site.posts.keys()].sort());
    const ext = browser.extensionOrigin;
    expect(reader.errors.filter((e) => e.kind === 'pageerror' || e.url?.startsWith(ext))).toEqual([]);
  });
});
