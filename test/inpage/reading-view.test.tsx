import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { extractDumpText } from '../../lib/inpage/dump-text';
import { parseInSlices, sliceAtDiscuss } from '../../lib/inpage/parse-slices';
import { mountReadingView, type ReadingViewHandle } from '../../lib/inpage/reading-view';
import { startSidebarBridge } from '../../lib/inpage/sidebar-bridge';
import type { Request } from '../../lib/messages';
import type { Post } from '../../lib/model';
import { createKatexApi } from '../../lib/render/katex-core';
import type { RenderMathOptions } from '../../lib/render/math';

const api = createKatexApi(readFileSync('node_modules/katex/dist/katex.min.css', 'utf8'));
const math: RenderMathOptions = { katex: async () => api, fontUrl: (file) => `/katex/fonts/${file}` };

function post(n: number, extra: Partial<Post> = {}): Post {
  return {
    id: `post-${n}`,
    source: 'text',
    title: `Post number ${n}`,
    html: `<h3 id="h-${n}">Section ${n}</h3><p>Body ${n} with a note<a class="lens-fnref" data-lens-footnote="fn1" id="fnref1" href="#fn1">[1]</a>.</p><ul><li>item</li></ul>`,
    headings: [{ id: `h-${n}`, level: 3, text: `Section ${n}` }],
    footnotes: [
      { id: 'fn1', number: 1, html: `<p>Note of post ${n}</p>`, text: `Note of post ${n}`, refIds: ['fnref1'] },
    ],
    math: [],
    ...extra,
  };
}

let view: ReadingViewHandle | undefined;
afterEach(() => {
  view?.destroy();
  view = undefined;
  document.body.innerHTML = '';
  document.body.removeAttribute('style');
});

describe('mountReadingView', () => {
  test('renders every post with its title, headings, footnotes and back-links, and announces itself', async () => {
    document.title = 'Новости LessWrong.com';
    view = mountReadingView(document, [post(1), post(2), post(3)]);
    await view.loaded();
    const root = view.shadowRoot;
    expect(root.querySelector('nav')?.getAttribute('aria-label')).toBe('Lens reading view');
    expect(root.querySelector('main h1')?.textContent).toBe('Новости LessWrong.com');
    const articles = [...root.querySelectorAll('article')];
    expect(articles.map((a) => a.querySelector('h2')?.textContent)).toEqual([
      'Post number 1',
      'Post number 2',
      'Post number 3',
    ]);
    expect(articles[1]?.getAttribute('aria-labelledby')).toBe(articles[1]?.querySelector('h2')?.id);
    expect(articles[0]?.querySelector('h3')?.textContent).toBe('Section 1');
    const note = articles[2]?.querySelector('.lens-footnotes li');
    expect(note?.textContent).toContain('Note of post 3');
    const back = note?.querySelector('a.lens-backlink');
    expect(back?.getAttribute('href')).toBe('#fnref1');
    expect(back?.getAttribute('aria-label')).toBe('Back to reference 1');
    expect(root.querySelector('[role="status"]')?.textContent).toBe('3 posts');
  });

  test('a back-link returns to the reference in its own post, not a same-id one elsewhere', async () => {
    view = mountReadingView(document, [post(1), post(2)]);
    await view.loaded();
    const second = view.shadowRoot.querySelectorAll('article')[1]!;
    second.querySelector<HTMLElement>('a.lens-backlink')!.click();
    expect(view.shadowRoot.activeElement).toBe(second.querySelector('#fnref1'));
  });

  test('calls enhance on each post and renders its math', async () => {
    const enhance = vi.fn();
    const withMath = post(1, {
      html: '<p>Let <span class="lens-math" data-lens-tex="N" data-lens-display="false">N</span> be big.</p>',
    });
    view = mountReadingView(document, [withMath, post(2)], { enhance, math });
    await view.loaded();
    expect(enhance).toHaveBeenCalledTimes(2);
    expect(enhance.mock.calls[0]?.[1]).toBe(withMath);
    const equation = view.shadowRoot.querySelector<HTMLElement>('.lens-math');
    expect(equation?.querySelector('.katex')).not.toBeNull();
    expect(equation?.tabIndex).toBe(0);
    expect(view.shadowRoot.querySelector('style#lens-katex-css')).not.toBeNull();
    expect(document.getElementById('lens-katex-fonts')).not.toBeNull();
  });

  test('"Back to original page" brings back the very same page, untouched, where the reader was', async () => {
    document.body.innerHTML = '<div id="page"><p>Original <b>content</b></p><input id="field"></div>';
    const page = document.getElementById('page')!;
    (document.getElementById('field') as HTMLInputElement).value = 'typed';
    const before = page.outerHTML;
    window.scrollTo(0, 120);
    const scrollY = window.scrollY;
    view = mountReadingView(document, [post(1)]);
    await view.loaded();
    expect(view.isOpen()).toBe(true);
    // Hidden by `display: none` (Firefox) or a collapsed, `content-visibility: hidden` body (Chromium): whichever the
    // engine does cheaper on a 10 MB page.
    expect(document.body.getAttribute('style')).toMatch(/display: none|content-visibility: hidden/);
    expect(document.getElementById('page')).toBe(page);
    view.shadowRoot.querySelector<HTMLButtonElement>('.lens-back')!.click();
    expect(view.isOpen()).toBe(false);
    expect(document.body.getAttribute('style') ?? '').toBe('');
    expect(document.getElementById('page')).toBe(page);
    expect(page.outerHTML).toBe(before);
    expect((document.getElementById('field') as HTMLInputElement).value).toBe('typed');
    expect(window.scrollY).toBe(scrollY);
    view.open();
    expect(view.isOpen()).toBe(true);
  });

  test('only offers the view when asked not to open it, and opens from the offer', async () => {
    view = mountReadingView(document, [post(1)], { open: false });
    const offer = view.shadowRoot.querySelector<HTMLButtonElement>('.lens-offer')!;
    expect(offer.hidden).toBe(false);
    expect(view.isOpen()).toBe(false);
    expect(view.shadowRoot.querySelector('article')).toBeNull();
    offer.click();
    await view.loaded();
    expect(view.isOpen()).toBe(true);
    expect(view.shadowRoot.querySelectorAll('article')).toHaveLength(1);
  });

  test('reads dump text slice by slice, reporting progress and letting timers run in between', async () => {
    const block = (n: number) => `Title ${n}\n${'Some words of the post body. '.repeat(40)}\nDiscuss\n`;
    const text = Array.from({ length: 60 }, (_, n) => block(n)).join('');
    // A stand-in parser: one Post per block, so the test does not depend on parseText.
    const parse = (slice: string): Post[] =>
      slice
        .split(/^Discuss\n?/m)
        .filter((b) => b.trim())
        .map((b, i) => post(i, { title: b.split('\n')[0]!, footnotes: [] }));
    const progress: number[] = [];
    let ticks = 0;
    const heartbeat = setInterval(() => ticks++, 0);
    view = mountReadingView(document, { text, parse }, { sliceSize: 4000, onProgress: (p) => progress.push(p.done) });
    await view.loaded();
    clearInterval(heartbeat);
    expect(view.shadowRoot.querySelectorAll('article')).toHaveLength(60);
    expect(view.shadowRoot.querySelectorAll('article h2')[59]?.textContent).toBe('Title 59');
    expect(progress.length).toBeGreaterThan(5);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(text.length);
    expect(ticks).toBeGreaterThan(0);
  });

  test('a big dump shows placeholders and fills each post in as it nears the viewport', async () => {
    const observed: Element[] = [];
    let notify: ((entries: Partial<IntersectionObserverEntry>[]) => void) | undefined;
    class FakeObserver {
      constructor(callback: (entries: Partial<IntersectionObserverEntry>[]) => void) {
        notify = callback;
      }
      observe(el: Element) {
        observed.push(el);
      }
      unobserve(el: Element) {
        observed.splice(observed.indexOf(el), 1);
      }
      disconnect() {}
    }
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    try {
      const enhanced: string[] = [];
      const posts = Array.from({ length: 5 }, (_, i) => post(i));
      view = mountReadingView(document, posts, { lazy: true, enhance: (_, p) => enhanced.push(p.id) });
      await view.loaded();
      const root = view.shadowRoot;
      const articles = [...root.querySelectorAll<HTMLElement>('article')];
      expect(articles).toHaveLength(5);
      // Every post has its title and the sidebar's data attributes; no body yet.
      expect(articles.map((a) => a.querySelector('h2')?.textContent)).toEqual(posts.map((p) => p.title));
      expect(articles[3]?.dataset.postId).toBe('post-3');
      expect(root.querySelectorAll('.lens-post-body')).toHaveLength(0);
      expect(root.querySelectorAll('.lens-pending')).toHaveLength(5);
      expect(observed).toHaveLength(5);
      notify?.([
        { isIntersecting: true, target: articles[3]! },
        { isIntersecting: false, target: articles[4]! },
      ]);
      await vi.waitFor(() => expect(articles[3]?.querySelector('.lens-post-body h3')?.textContent).toBe('Section 3'));
      await vi.waitFor(() => expect(enhanced).toEqual(['post-3']));
      expect(articles[3]?.querySelector('.lens-footnotes li')?.textContent).toContain('Note of post 3');
      expect(articles[4]?.querySelector('.lens-post-body')).toBeNull();
      expect(observed).not.toContain(articles[3]);
      expect(root.querySelector('[role="status"]')?.textContent).toBe('5 posts');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  test('a side-panel jump into a post still shown as a placeholder fills it in and lands on the heading', async () => {
    // An observer that never reports: only the jump can fill a post in.
    class StillObserver {
      observe() {}
      unobserve() {}
      disconnect() {}
    }
    vi.stubGlobal('IntersectionObserver', StillObserver);
    fakeBrowser.reset();
    const posts = Array.from({ length: 5 }, (_, i) => post(i));
    view = mountReadingView(document, posts, { lazy: true });
    await view.loaded();
    const root = view.shadowRoot;
    const send = vi.fn(async () => ({ ok: true }) as unknown);
    const current = view;
    const bridge = startSidebarBridge({ onInvalidated: () => {} }, posts, {
      root,
      send,
      prepare: (index) => current.fill(index),
    });
    try {
      expect(root.querySelector('#h-4')).toBeNull();
      const jump = (command: Request<'sidebar-command'>['command']) =>
        fakeBrowser.runtime.onMessage.trigger({ type: 'sidebar-command', command }, {});
      expect(await jump({ kind: 'scroll-to-heading', postIndex: 4, headingId: 'h-4' })).toEqual([{ ok: true }]);
      const article = root.querySelector<HTMLElement>('article[data-index="4"]');
      expect(article?.hasAttribute('data-pending')).toBe(false);
      expect(article?.querySelector('#h-4')?.textContent).toBe('Section 4');
      expect(root.activeElement?.id).toBe('h-4');
      // The other placeholders stay placeholders; filling a post already in full resolves at once.
      expect(root.querySelectorAll('article[data-pending]')).toHaveLength(4);
      await current.fill(4);
      expect(await jump({ kind: 'jump-to-reference', postIndex: 2, refId: 'fnref1' })).toEqual([{ ok: true }]);
      expect(root.querySelectorAll('article[data-pending]')).toHaveLength(3);
    } finally {
      bridge.stop();
      vi.unstubAllGlobals();
    }
  });

  test('shows an error in the bar instead of throwing when parsing fails', async () => {
    const parse = () => {
      throw new Error('bad dump');
    };
    view = mountReadingView(document, { text: 'x\nDiscuss\n', parse });
    await view.loaded();
    expect(view.shadowRoot.querySelector('[role="status"]')?.textContent).toContain('bad dump');
  });
});

describe('sliceAtDiscuss', () => {
  const text = Array.from({ length: 30 }, (_, n) => `Post ${n}\n${'x'.repeat(100 + n * 7)}\nDiscuss\n`).join('');

  test.each([50, 300, 1000, 100_000])('cuts only after Discuss lines and loses nothing (slice size %i)', (size) => {
    const slices = sliceAtDiscuss(text, size);
    expect(slices.join('')).toBe(text);
    for (const slice of slices.slice(0, -1)) expect(slice.endsWith('Discuss\n')).toBe(true);
  });

  test('keeps text without any Discuss line whole', () => {
    expect(sliceAtDiscuss('a\nb\n'.repeat(1000), 10)).toHaveLength(1);
  });

  test('parseInSlices covers the whole text', async () => {
    let last = 0;
    for await (const slice of parseInSlices(text, () => [], 500)) last = slice.done;
    expect(last).toBe(text.length);
  });
});

describe('extractDumpText', () => {
  test('gives one line per block and marks list items', async () => {
    document.body.innerHTML =
      '<div id="main"><p>Вы здесь</p><h2>Title</h2><p>First  paragraph\n with <em>markup</em>.</p><ul><li>one</li><li>two</li></ul><ol><li>a</li></ol><script>x()</script></div>';
    expect(await extractDumpText(document)).toBe('Вы здесь\nTitle\nFirst paragraph with markup.\n- one\n- two\n1. a');
  });

  test('gives a plain-text page its text unchanged', async () => {
    document.body.innerHTML = '<pre>Line one\n  Line two\nDiscuss\n</pre>';
    expect(await extractDumpText(document)).toBe('Line one\n  Line two\nDiscuss\n');
  });
});
