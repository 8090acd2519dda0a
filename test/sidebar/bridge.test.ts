import { afterEach, beforeEach, describe, expect, type Mock, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { BACK_HOST_ID, FLASH_ATTR, type SidebarBridge, startSidebarBridge } from '../../lib/inpage/sidebar-bridge';
import type { Request } from '../../lib/messages';
import type { Post } from '../../lib/model';

const post = (id: string, headingIds: string[], refIds: string[] = []): Post => ({
  id,
  source: 'text',
  title: id,
  html: '',
  headings: headingIds.map((h) => ({ id: h, level: 2, text: h })),
  footnotes: refIds.length ? [{ id: `${id}-fn1`, number: 1, html: 'n', text: 'n', refIds }] : [],
  math: [],
});

// happy-dom does no layout: each element gets a fixed document y, and its rect follows window.scrollY.
function place(el: Element, top: number, height = 40): void {
  el.getBoundingClientRect = () => {
    const y = top - window.scrollY;
    return {
      top: y,
      bottom: y + height,
      left: 0,
      right: 100,
      width: 100,
      height,
      x: 0,
      y,
      toJSON: () => ({}),
    } as DOMRect;
  };
}

const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));

async function scrollTo(y: number): Promise<void> {
  window.scrollTo({ top: y, behavior: 'auto' });
  window.dispatchEvent(new Event('scroll'));
  await frame();
  await frame();
}

const command = (c: Request<'sidebar-command'>['command']) =>
  fakeBrowser.runtime.onMessage.trigger({ type: 'sidebar-command', command: c }, {});

describe('startSidebarBridge', () => {
  let invalidate: (() => void)[] = [];
  const ctx = { onInvalidated: (cb: () => void) => invalidate.push(cb) };
  let send: Mock<(message: Request) => Promise<unknown>>;
  let bridge: SidebarBridge | undefined;
  const sent = (type: string) => send.mock.calls.map((c) => c[0] as Request).filter((m) => m.type === type);

  beforeEach(() => {
    fakeBrowser.reset();
    invalidate = [];
    send = vi.fn(async (_message: Request) => ({ ok: true }) as unknown);
    Object.defineProperty(window, 'innerHeight', { value: 1000, configurable: true });
    window.scrollTo(0, 0);
    document.body.innerHTML = '';
  });
  afterEach(() => bridge?.stop());

  test('with no posts it announces an empty page and still answers', async () => {
    bridge = startSidebarBridge(ctx, [], { send });
    expect(sent('sidebar-posts')[0]).toMatchObject({ posts: [] });
    expect(sent('sidebar-position')[0]).toMatchObject({ position: { postIndex: -1, headingId: null } });
    expect(await command({ kind: 'next-heading' })).toEqual([{ ok: false }]);
  });

  test('announces the posts and the position; scrolling moves the current heading; nothing repeats while it is unchanged', async () => {
    document.body.innerHTML = '<div id="postContent"><h2 id="a">A</h2><p>x</p><h2 id="b">B</h2><p>y</p></div>';
    place(document.getElementById('postContent')!, 100, 4000);
    place(document.getElementById('a')!, 300);
    place(document.getElementById('b')!, 2000);
    bridge = startSidebarBridge(ctx, [post('p', ['a', 'b'])], { send });
    expect(sent('sidebar-posts')[0]).toMatchObject({ posts: [{ id: 'p' }] });
    expect(sent('sidebar-position').at(-1)).toMatchObject({ position: { postIndex: 0, headingId: null } });

    await scrollTo(150);
    expect(bridge.position().headingId).toBe('a');
    await scrollTo(1850);
    expect(bridge.position().headingId).toBe('b');
    expect(bridge.position().progress).toBeGreaterThan(0.5);
    const count = sent('sidebar-position').length;
    await scrollTo(1850);
    expect(sent('sidebar-position')).toHaveLength(count);
  });

  test('on a page of several posts it reports the post in view and switches as the reader scrolls', async () => {
    document.body.innerHTML =
      '<article data-lens-post-id="one"><h2 id="one-a">A</h2></article><article data-lens-post-id="two"><h2 id="two-a">A</h2></article>';
    const [one, two] = document.querySelectorAll('article');
    place(one!, 0, 3000);
    place(two!, 3000, 3000);
    place(document.getElementById('one-a')!, 50);
    place(document.getElementById('two-a')!, 3050);
    bridge = startSidebarBridge(ctx, [post('one', ['one-a']), post('two', ['two-a'])], { send });
    await scrollTo(500);
    expect(bridge.position()).toMatchObject({ postIndex: 0, headingId: 'one-a' });
    await scrollTo(3000);
    expect(bridge.position()).toMatchObject({ postIndex: 1, headingId: 'two-a' });
  });

  test('inside a shadow-root view whose posts repeat heading ids, each post finds its own headings', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML =
      '<article class="lens-post" data-index="0" data-post-id="one"><h3 id="intro">Intro</h3><a id="r" href="#fn1">[1]</a></article>' +
      '<article class="lens-post" data-index="1" data-post-id="two"><h3 id="intro">Intro</h3><a id="r" href="#fn1">[1]</a></article>';
    const [one, two] = shadow.querySelectorAll('article');
    place(one!, 0, 3000);
    place(two!, 3000, 3000);
    const [introOne, introTwo] = shadow.querySelectorAll('h3');
    place(introOne!, 100);
    place(introTwo!, 3100);
    const [, refTwo] = shadow.querySelectorAll('a');
    place(refTwo!, 3500, 20);
    bridge = startSidebarBridge(ctx, [post('one', ['intro'], ['r']), post('two', ['intro'], ['r'])], {
      send,
      root: shadow,
    });
    await scrollTo(3000);
    expect(bridge.position()).toMatchObject({ postIndex: 1, headingId: 'intro' });
    await command({ kind: 'jump-to-reference', postIndex: 1, refId: 'r' });
    expect(refTwo!.getAttribute(FLASH_ATTR)).toBe('true');
    expect(shadow.querySelectorAll(`[${FLASH_ATTR}]`)).toHaveLength(1);
  });

  test("headings without the parser's ids are found by their text, in order", async () => {
    document.body.innerHTML =
      '<div id="postContent"><h2 id="site-own">Intro</h2><p><strong>Intro</strong></p><h3>Long   heading\ntext</h3></div>';
    const [h2, strong, h3] = document.querySelectorAll<HTMLElement>('h2, strong, h3');
    place(document.getElementById('postContent')!, 0, 5000);
    place(h2!, 100);
    place(strong!, 1000);
    place(h3!, 2000);
    const p = post('p', ['Intro', 'Intro1', 'Long_heading_text']);
    p.headings[1]!.text = 'Intro';
    p.headings[2]!.text = 'Long heading text';
    bridge = startSidebarBridge(ctx, [p], { send });
    await scrollTo(1900);
    expect(bridge.position().headingId).toBe('Long_heading_text');
    await scrollTo(900);
    expect(bridge.position().headingId).toBe('Intro1');
    const scroll = vi.spyOn(window, 'scrollTo');
    expect(await command({ kind: 'scroll-to-heading', postIndex: 0, headingId: 'Long_heading_text' })).toEqual([
      { ok: true },
    ]);
    expect(scroll).toHaveBeenLastCalledWith(expect.objectContaining({ top: 2000 - 8 }));
  });

  test('scroll-to-heading scrolls the page to the heading and focuses it', async () => {
    document.body.innerHTML = '<h2 id="a">A</h2><h2 id="b">B</h2>';
    place(document.getElementById('a')!, 100);
    place(document.getElementById('b')!, 2500);
    const scroll = vi.spyOn(window, 'scrollTo');
    bridge = startSidebarBridge(ctx, [post('p', ['a', 'b'])], { send });
    expect(await command({ kind: 'scroll-to-heading', postIndex: 0, headingId: 'b' })).toEqual([{ ok: true }]);
    expect(scroll).toHaveBeenLastCalledWith(expect.objectContaining({ top: 2500 - 8 }));
    expect(document.activeElement?.id).toBe('b');
    expect(await command({ kind: 'scroll-to-heading', postIndex: 0, headingId: 'missing' })).toEqual([{ ok: false }]);
  });

  test('jump-to-reference focuses the reference, marks it briefly and offers a way back', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    document.body.innerHTML =
      '<h2 id="a">A</h2><p><span id="ref1" class="footnote-reference"><sup><a href="#fn1">[1]</a></sup></span></p><button id="before">x</button>';
    place(document.getElementById('a')!, 100);
    place(document.getElementById('ref1')!, 3000, 20);
    document.getElementById('before')!.focus();
    window.scrollTo(0, 40);
    bridge = startSidebarBridge(ctx, [post('p', ['a'], ['ref1'])], { send, flashMs: 1000 });
    expect(await command({ kind: 'jump-to-reference', postIndex: 0, refId: 'ref1' })).toEqual([{ ok: true }]);
    const ref = document.getElementById('ref1')!;
    expect(document.activeElement).toBe(ref.querySelector('a'));
    expect(ref.getAttribute(FLASH_ATTR)).toBe('true');
    expect(document.getElementById(BACK_HOST_ID)).toBeTruthy();
    expect(sent('sidebar-position').at(-1)).toMatchObject({ position: { canGoBack: true } });
    vi.advanceTimersByTime(1000);
    expect(ref.hasAttribute(FLASH_ATTR)).toBe(false);
    vi.useRealTimers();

    const scroll = vi.spyOn(window, 'scrollTo');
    expect(await command({ kind: 'back' })).toEqual([{ ok: true }]);
    expect(scroll).toHaveBeenLastCalledWith(expect.objectContaining({ top: 40 }));
    expect(document.activeElement?.id).toBe('before');
    expect(document.getElementById(BACK_HOST_ID)).toBeNull();
    expect(sent('sidebar-position').at(-1)).toMatchObject({ position: { canGoBack: false } });
    expect(await command({ kind: 'back' })).toEqual([{ ok: false }]);
  });

  test('the in-page back button returns too', async () => {
    document.body.innerHTML = '<p><a id="r" href="#fn1">[1]</a></p>';
    place(document.getElementById('r')!, 3000, 20);
    bridge = startSidebarBridge(ctx, [post('p', [], ['r'])], { send });
    await command({ kind: 'jump-to-reference', postIndex: 0, refId: 'r' });
    const button = document.getElementById(BACK_HOST_ID)!.shadowRoot!.querySelector('button')!;
    expect(button.textContent).toContain('Back to where you were');
    button.click();
    expect(document.getElementById(BACK_HOST_ID)).toBeNull();
  });

  test('next and previous heading step through the headings of every post', async () => {
    document.body.innerHTML = '<h2 id="a">A</h2><h2 id="b">B</h2><h2 id="c">C</h2>';
    place(document.getElementById('a')!, 100);
    place(document.getElementById('b')!, 1500);
    place(document.getElementById('c')!, 3000);
    const scroll = vi.spyOn(window, 'scrollTo');
    bridge = startSidebarBridge(ctx, [post('p', ['a', 'b']), post('q', ['c'])], { send });
    window.scrollTo(0, 1492);
    await command({ kind: 'next-heading' });
    expect(scroll).toHaveBeenLastCalledWith(expect.objectContaining({ top: 3000 - 8 }));
    window.scrollTo(0, 1492);
    await command({ kind: 'previous-heading' });
    expect(scroll).toHaveBeenLastCalledWith(expect.objectContaining({ top: 100 - 8 }));
  });

  test("answers the background's hello by announcing again", async () => {
    bridge = startSidebarBridge(ctx, [post('p', [])], { send });
    send.mockClear();
    await fakeBrowser.runtime.onMessage.trigger({ type: 'sidebar-hello' }, {});
    expect(sent('sidebar-posts')).toHaveLength(1);
  });

  test('a second start replaces the first, and invalidation stops it', async () => {
    const first = startSidebarBridge(ctx, [post('p', [])], { send });
    bridge = startSidebarBridge(ctx, [post('q', [])], { send });
    send.mockClear();
    await fakeBrowser.runtime.onMessage.trigger({ type: 'sidebar-hello' }, {});
    expect(sent('sidebar-posts').map((m) => (m as Request<'sidebar-posts'>).posts[0]?.id)).toEqual(['q']);
    for (const cb of invalidate) cb();
    send.mockClear();
    await fakeBrowser.runtime.onMessage.trigger({ type: 'sidebar-hello' }, {}).catch(() => {});
    expect(send).not.toHaveBeenCalled();
    first.stop();
  });

  test('a dump of 800 posts is announced as summaries: only the post in view goes in full, the next one when it comes into view', async () => {
    const big = (i: number): Post => ({
      id: `post-${i}`,
      source: 'text',
      title: `Post ${i}`,
      html: `<h2 id="h-${i}">Heading ${i}</h2><p>${'word '.repeat(2500)}<a href="#fn-${i}" id="ref-${i}">1</a></p>`,
      headings: [{ id: `h-${i}`, level: 2, text: `Heading ${i}` }],
      footnotes: [
        {
          id: `fn-${i}`,
          number: 1,
          html: `<p>${'note '.repeat(200)}</p>`,
          text: 'note '.repeat(200),
          refIds: [`ref-${i}`],
        },
      ],
      math: [],
    });
    const posts = Array.from({ length: 800 }, (_, i) => big(i));
    document.body.innerHTML = posts
      .map((p, i) => `<article data-index="${i}" data-post-id="${p.id}"><h2 id="h-${i}">Heading ${i}</h2></article>`)
      .join('');
    document.querySelectorAll('article').forEach((el, i) => {
      place(el, i * 2000, 2000);
      place(el.querySelector('h2')!, i * 2000 + 10);
    });
    bridge = startSidebarBridge(ctx, posts, { send });

    const total = JSON.stringify(posts).length;
    const first = send.mock.calls[0]![0] as Request<'sidebar-posts'>;
    expect(first.type).toBe('sidebar-posts');
    const size = JSON.stringify(first).length;
    expect(total).toBeGreaterThan(10_000_000);
    expect(size).toBeLessThan(total / 50);
    // Every message of the start together stays small too.
    expect(send.mock.calls.reduce((n, c) => n + JSON.stringify(c[0]).length, 0)).toBeLessThan(total / 50);
    // Each post keeps what the panel lists for it; only the one in view has its body and footnotes.
    expect(first.posts).toHaveLength(800);
    expect(first.posts[0]).toEqual(posts[0]);
    expect(first.posts[1]).toMatchObject({ id: 'post-1', title: 'Post 1', headings: posts[1]!.headings });
    expect(first.posts[1]).toMatchObject({ partial: true, footnoteCount: 1, html: '', footnotes: [] });
    expect(first.posts.filter((p) => !p.partial)).toHaveLength(1);

    send.mockClear();
    await scrollTo(2000);
    const types = send.mock.calls.map((c) => (c[0] as Request).type);
    expect(types).toEqual(['sidebar-post', 'sidebar-position']);
    expect(send.mock.calls[0]![0]).toEqual({
      type: 'sidebar-post',
      url: window.location.href,
      index: 1,
      post: posts[1],
    });
    expect(send.mock.calls[1]![0]).toMatchObject({ position: { postIndex: 1, headingId: 'h-1' } });

    // Scrolling within the post sends no post again; the background may still ask for one.
    send.mockClear();
    await scrollTo(2600);
    expect(sent('sidebar-post')).toEqual([]);
    const reply = await fakeBrowser.runtime.onMessage.trigger({ type: 'sidebar-need-post', index: 7 }, {});
    expect(reply.find(Boolean)).toEqual({ ok: true });
    expect(sent('sidebar-post')).toEqual([
      { type: 'sidebar-post', url: window.location.href, index: 7, post: posts[7] },
    ]);
  });
});
