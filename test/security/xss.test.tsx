import { cleanup, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { PostView } from '../../components/PostView';
import { App, type AppProps } from '../../entrypoints/reader/App';
import { importLibrary } from '../../lib/export/backup';
import { extractDumpText } from '../../lib/inpage/dump-text';
import type { Post } from '../../lib/model';
import { parseDocument, parseText } from '../../lib/parse';
import { createKatexApi } from '../../lib/render/katex-core';
import { directMathOptions } from '../../lib/render/katex-direct';
import { renderMath } from '../../lib/render/math';
import type { LensDatabase } from '../../lib/store/db';
import { allSaved, getSaved, savePost, setTags } from '../../lib/store/saved-posts';
import { LibrarySearch } from '../../lib/store/search';
import { freshDB, makePost, sanitize } from '../store/helpers';
import { htmlProblems, problems } from './inert';
import { TEX_VECTORS, XSS_VECTORS } from './xss-corpus';

type Canary = { __pwned?: unknown };

function props(db: LensDatabase): AppProps {
  return {
    db,
    search: new LibrarySearch(db),
    deps: async () => ({ sanitize, dump: { parseText, parseDocument, extractText: extractDumpText } }),
    download: () => {},
  };
}

function hostile(payload: string, i: number): Post {
  return makePost({
    id: `xss${String(i).padStart(14, '0')}`,
    title: `T${i} ${payload}`,
    author: payload,
    url: `javascript:window.__pwned=${i}`,
    html: `<h2 id="h${i}">${payload}</h2><p>before ${payload} after</p>${payload}`,
    headings: [{ id: `h${i}`, level: 2, text: payload }],
    footnotes: [{ id: 'fn1', number: 1, html: `<p>${payload}</p>`, text: payload, refIds: ['fnref1'] }],
  });
}

function storedHtml(s: { record: { post: Post; versions: { post: Post }[] } }): string[] {
  return [s.record.post, ...s.record.versions.map((v) => v.post)].flatMap((p) => [
    p.html,
    ...p.footnotes.map((f) => f.html),
  ]);
}

beforeEach(() => {
  (window as unknown as Canary).__pwned = undefined;
  location.hash = '';
});
afterEach(cleanup);

describe('XSS corpus', () => {
  test('has at least 50 vectors, every one a canary', () => {
    expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(50);
    expect(new Set(XSS_VECTORS.map((v) => v.name)).size).toBe(XSS_VECTORS.length);
  });

  test.each(XSS_VECTORS.map((v, i) => [v.name, v.payload, i] as const))(
    '%s in title, author, body, footnote and tags is inert once stored and rendered',
    async (_name, payload, i) => {
      const db = await freshDB();
      const r = await savePost(db, hostile(payload, i), { sanitize });
      expect(r.ok).toBe(true);
      await setTags(db, hostile(payload, i).id, [payload]);
      const saved = (await getSaved(db, hostile(payload, i).id))!;
      for (const html of storedHtml(saved)) expect(htmlProblems(html)).toEqual([]);
      expect(saved.record.post.url).toBeUndefined();
      const { container } = render(
        <PostView post={saved.record.post} entry={saved.entry} sanitize={sanitize} onTags={() => {}} />,
      );
      await renderMath(container, directMathOptions);
      expect(problems(container)).toEqual([]);
      expect((window as unknown as Canary).__pwned).toBeUndefined();
    },
  );

  test('the whole corpus in one library list and one post page stays inert', async () => {
    const db = await freshDB();
    for (const [i, v] of XSS_VECTORS.entries()) {
      await savePost(db, hostile(v.payload, i), { sanitize });
      await setTags(db, hostile(v.payload, i).id, [v.payload.slice(0, 60)]);
    }
    const view = render(<App {...props(db)} />);
    await waitFor(() =>
      // One card (and its title) per post; a card's tags are a list of their own.
      expect(
        within(screen.getByRole('region', { name: 'Saved posts' })).getAllByRole('heading', { level: 3 }).length,
      ).toBe(50),
    );
    // The page's own controls (the paste form of the dump import) are not post content: check what posts fill.
    expect(problems(screen.getByRole('region', { name: 'Saved posts' }))).toEqual([]);
    expect(view.container.querySelectorAll('script, iframe, [onerror], [onload], [onclick]')).toHaveLength(0);
    view.unmount();
    location.hash = `#post=${hostile('', 0).id}`;
    const page = render(<App {...props(db)} />);
    await screen.findByRole('heading', { level: 1 });
    expect(problems(page.container.querySelector('article')!)).toEqual([]);
    expect((window as unknown as Canary).__pwned).toBeUndefined();
  });

  test('a text dump full of payloads imports as inert posts', async () => {
    const db = await freshDB();
    const dump = [
      'Вы здесь',
      'Новости LessWrong.com',
      ...XSS_VECTORS.flatMap((v, i) => [`Post ${i} ${v.payload}`, `Body ${v.payload} text.`, 'Discuss']),
    ].join('\n');
    const posts = parseText(dump);
    expect(posts.length).toBeGreaterThan(0);
    for (const p of posts) await savePost(db, p, { sanitize });
    for (const s of await allSaved(db)) {
      for (const html of storedHtml(s)) expect(htmlProblems(html)).toEqual([]);
      const { container, unmount } = render(<PostView post={s.record.post} entry={s.entry} sanitize={sanitize} />);
      expect(problems(container)).toEqual([]);
      unmount();
    }
  });

  test('a JSON backup full of payloads imports as inert posts, versions included', async () => {
    const db = await freshDB();
    const posts = XSS_VECTORS.map((v, i) => {
      const p = hostile(v.payload, i);
      return {
        post: { ...p, url: undefined },
        versions: [{ post: { ...p, html: `<p>old</p>${v.payload}` }, savedAt: 1, hash: 'x' }],
        tags: [v.payload],
        read: false,
        savedAt: 1,
        updatedAt: 2,
        updatedSinceSaved: false,
        urls: [`javascript:window.__pwned=${i}`],
      };
    });
    const report = await importLibrary(
      db,
      JSON.stringify({ format: 'lens-backup', version: 1, exportedAt: '2026-01-01T00:00:00Z', posts }),
      sanitize,
    );
    expect(report).toMatchObject({ ok: true, added: XSS_VECTORS.length });
    for (const s of await allSaved(db)) for (const html of storedHtml(s)) expect(htmlProblems(html)).toEqual([]);
    location.hash = `#post=${hostile('', 3).id}`;
    const page = render(<App {...props(db)} />);
    await screen.findByRole('heading', { level: 1 });
    expect(problems(page.container.querySelector('article')!)).toEqual([]);
  });

  test.each(TEX_VECTORS)('KaTeX renders %s without a script URL or handler', (tex) => {
    const api = createKatexApi('');
    const html = api.render(tex, false) ?? '';
    const box = document.createElement('div');
    box.innerHTML = html;
    expect(problems(box).filter((p) => !p.includes('outside KaTeX'))).toEqual([]);
    // The TeX source may show up as text (the MathML annotation, an error message); only markup matters.
    expect([...box.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))).toEqual([]);
  });
});

describe('one DOMPurify pass', () => {
  test('handlers after a removed element are cleaned too (the NodeIterator of happy-dom stops at the removal)', async () => {
    const { sanitizeFully } = await import('../../lib/store/clean');
    const html =
      '<p>a<script>x</script></p><img src=x onerror=alert(3)><p onclick=1>b</p><style>p{}</style><a href="javascript:1">c</a>';
    expect(htmlProblems(sanitizeFully(html))).toEqual([]);
    expect(sanitizeFully(html)).toBe('<p>a</p><img src="x"><p>b</p><a>c</a>');
  });

  test.each(XSS_VECTORS.map((v) => [v.name, v.payload]))(
    '%s: one pass leaves nothing active and a second pass changes nothing',
    async (_name, payload) => {
      const { sanitizeFully } = await import('../../lib/store/clean');
      const html = `<h2>${payload}</h2><p>before ${payload} after</p>${payload}`;
      const once = sanitizeFully(html);
      expect(htmlProblems(once)).toEqual([]);
      expect(sanitizeFully(once)).toBe(once);
    },
  );
});
