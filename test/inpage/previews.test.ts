import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { enhancePage, enhancePost } from '../../lib/inpage/enhance';
import { type PreviewController, startPreviews } from '../../lib/inpage/previews';
import type { Post } from '../../lib/model';

const ref = (id: string, n: number) => `<a class="lens-fnref" data-lens-footnote="${id}" href="#${id}">[${n}]</a>`;

const post: Post = {
  id: 'p',
  source: 'text',
  title: 'T',
  html: '',
  headings: [],
  math: [],
  footnotes: [
    { id: 'fn1', number: 1, html: `<p>First note, see ${ref('fn2', 2)}.</p>`, text: 'First note', refIds: ['r1'] },
    {
      id: 'fn2',
      number: 2,
      html: `<p>Second note, back to ${ref('fn1', 1)} and itself ${ref('fn2', 2)}; math <span class="lens-math" data-lens-tex="x^2">x^2</span>.</p>`,
      text: 'Second note',
      refIds: ['r2'],
    },
  ],
};

let controller: PreviewController | undefined;

function mount(renderMath?: (root: HTMLElement) => unknown): HTMLElement {
  document.body.innerHTML = `<main id="post"><p>Body<a id="r1" class="lens-fnref" data-lens-footnote="fn1" href="#fn1">[1]</a> and
    <a id="r2" class="lens-fnref" data-lens-footnote="fn2" href="#fn2">[2]</a> and <a id="plain" href="/x">a link</a>.</p></main>`;
  const root = document.getElementById('post')!;
  controller = enhancePost(root, post, { delay: 150, closeDelay: 300, theme: 'light', renderMath });
  return root;
}

const byId = (id: string) => document.getElementById(id)!;
const shadow = () => controller?.shadow() ?? null;
const previews = () => [...(shadow()?.querySelectorAll<HTMLElement>('.lens-preview') ?? [])];

function pointer(type: 'pointerover' | 'pointerout', target: Element, relatedTarget: Element | null = null) {
  target.dispatchEvent(
    new PointerEvent(type, { bubbles: true, composed: true, pointerType: 'mouse', relatedTarget } as PointerEventInit),
  );
}
const hover = (el: Element) => pointer('pointerover', el);
function keyboardFocus(el: HTMLElement) {
  document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
  el.focus();
}
function press(target: Element, key: string, init: KeyboardEventInit = {}) {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}
/** The focused element, inside the preview layer's shadow root when focus is there. */
function focused(): Element | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}
function pressEscape(from: Element = document.body) {
  from.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
}

describe('footnote previews', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    controller?.destroy();
    controller = undefined;
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  test('hovering a reference opens its preview after the delay, not before', () => {
    mount();
    hover(byId('r1'));
    vi.advanceTimersByTime(100);
    expect(previews()).toHaveLength(0);
    vi.advanceTimersByTime(60);
    expect(previews()).toHaveLength(1);
    expect(previews()[0]!.getAttribute('role')).toBe('tooltip');
    expect(previews()[0]!.textContent).toContain('First note, see [2].');
  });

  test('nothing is rendered and no host is added before the first preview opens', () => {
    mount();
    expect(document.getElementById('lens-preview-host')).toBeNull();
    hover(byId('plain'));
    vi.advanceTimersByTime(500);
    expect(document.getElementById('lens-preview-host')).toBeNull();
  });

  test('moving away before the delay cancels; leaving an open preview closes it after the grace period', () => {
    mount();
    hover(byId('r1'));
    hover(byId('plain'));
    vi.advanceTimersByTime(500);
    expect(previews()).toHaveLength(0);
    hover(byId('r1'));
    vi.advanceTimersByTime(200);
    hover(document.body);
    vi.advanceTimersByTime(200);
    expect(previews()).toHaveLength(1);
    vi.advanceTimersByTime(200);
    expect(previews()).toHaveLength(0);
  });

  test('the pointer can move into the preview and it stays open (hoverable)', () => {
    mount();
    hover(byId('r1'));
    vi.advanceTimersByTime(200);
    hover(previews()[0]!.querySelector('.lens-body p')!);
    vi.advanceTimersByTime(2000);
    expect(previews()).toHaveLength(1);
  });

  test('aria-describedby and aria-expanded are set while open and cleared after', () => {
    mount();
    const r1 = byId('r1');
    hover(r1);
    vi.advanceTimersByTime(200);
    expect(r1.getAttribute('aria-expanded')).toBe('true');
    const describedBy = r1.getAttribute('aria-describedby')!;
    // The page reference points at the host element; its shadow content is the tooltip.
    const described = document.getElementById(describedBy)!;
    expect(described.shadowRoot?.querySelector('[role="tooltip"]')?.textContent).toContain('First note');
    hover(document.body);
    vi.advanceTimersByTime(400);
    expect(r1.getAttribute('aria-expanded')).toBe('false');
    expect(r1.hasAttribute('aria-describedby')).toBe(false);
  });

  test('keyboard focus opens at once; Esc closes and returns focus to the reference', () => {
    mount();
    const r2 = byId('r2');
    keyboardFocus(r2);
    expect(previews()).toHaveLength(1);
    expect(previews()[0]!.textContent).toContain('Second note');
    pressEscape(r2);
    expect(previews()).toHaveLength(0);
    expect(document.activeElement).toBe(r2);
    expect(r2.getAttribute('aria-expanded')).toBe('false');
    // Dismissed stays dismissed while focus is still there (WCAG 1.4.13), then works again after leaving.
    vi.advanceTimersByTime(1000);
    expect(previews()).toHaveLength(0);
    keyboardFocus(byId('plain'));
    vi.advanceTimersByTime(1000);
    keyboardFocus(r2);
    expect(previews()).toHaveLength(1);
  });

  test('Alt+ArrowDown on a focused reference pins its preview as a dialog named "Footnote N" and moves focus into it', () => {
    mount();
    const r1 = byId('r1');
    keyboardFocus(r1);
    expect(previews()[0]!.getAttribute('role')).toBe('tooltip');
    const down = press(r1, 'ArrowDown', { altKey: true });
    expect(down.defaultPrevented).toBe(true);
    const dialog = previews()[0]!;
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(dialog.getAttribute('aria-label')).toBe('Footnote 1');
    expect(focused()).toBe(dialog);
    // Pinned: stays while focus and pointer are elsewhere.
    hover(document.body);
    vi.advanceTimersByTime(5000);
    expect(previews()).toHaveLength(1);
  });

  test('P on a reference opens, pins and focuses its preview even when none was open; Enter still follows the link', () => {
    mount();
    const r2 = byId('r2');
    keyboardFocus(r2);
    expect(press(r2, 'Enter').defaultPrevented).toBe(false);
    // Dismissed with Esc: nothing open while focus stays on the reference.
    pressEscape(r2);
    expect(previews()).toHaveLength(0);
    expect(press(r2, 'p').defaultPrevented).toBe(true);
    expect(previews()).toHaveLength(1);
    expect(previews()[0]!.getAttribute('role')).toBe('dialog');
    expect(focused()).toBe(previews()[0]);
    // Modified keys are left to the page and the browser.
    pressEscape(focused()!);
    r2.focus();
    expect(press(r2, 'p', { ctrlKey: true }).defaultPrevented).toBe(false);
    expect(press(r2, 'ArrowDown').defaultPrevented).toBe(false);
    expect(previews().filter((p) => p.getAttribute('role') === 'dialog')).toHaveLength(0);
  });

  test('Tab moves through the dialog; past its last control or before its start, focus goes back to the reference', () => {
    mount();
    const r1 = byId('r1');
    keyboardFocus(r1);
    press(r1, 'ArrowDown', { altKey: true });
    const dialog = previews()[0]!;
    // Shift+Tab from the dialog itself returns to the reference; the pinned dialog stays open.
    expect(press(dialog, 'Tab', { shiftKey: true }).defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(r1);
    expect(previews()).toHaveLength(1);
    const controls = [...dialog.querySelectorAll<HTMLElement>('button, a[href]')];
    expect(controls.map((c) => c.className)).toEqual(['lens-pin', 'lens-close', 'lens-fnref']);
    // Tab inside the dialog is left to the browser, except from the last control.
    controls[1]!.focus();
    expect(press(controls[1]!, 'Tab').defaultPrevented).toBe(false);
    controls[2]!.focus();
    expect(press(controls[2]!, 'Tab').defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(r1);
  });

  test('the Close button closes the dialog and returns focus to the reference', () => {
    mount();
    const r1 = byId('r1');
    keyboardFocus(r1);
    press(r1, 'p');
    const close = previews()[0]!.querySelector<HTMLButtonElement>('button.lens-close')!;
    close.focus();
    close.click();
    expect(previews()).toHaveLength(0);
    expect(document.activeElement).toBe(r1);
    expect(r1.getAttribute('aria-expanded')).toBe('false');
  });

  test('a reference focused inside a dialog opens a nested preview; Esc closes the innermost and refocuses its opener', () => {
    mount();
    const r1 = byId('r1');
    keyboardFocus(r1);
    press(r1, 'ArrowDown', { altKey: true });
    const inner = previews()[0]!.querySelector<HTMLElement>('.lens-body a.lens-fnref')!;
    keyboardFocus(inner);
    expect(previews()).toHaveLength(2);
    expect(previews()[1]!.textContent).toContain('Second note');
    // Into the nested one too, then out again one level at a time.
    press(inner, 'p');
    expect(focused()).toBe(previews()[1]);
    pressEscape(focused()!);
    expect(previews()).toHaveLength(1);
    expect(focused()).toBe(inner);
    pressEscape(inner);
    expect(previews()).toHaveLength(0);
    expect(document.activeElement).toBe(r1);
  });

  test('a note citing another note opens a nested preview on top, and both stay while the pointer is in the inner one', () => {
    mount();
    hover(byId('r1'));
    vi.advanceTimersByTime(200);
    const inner = previews()[0]!.querySelector('.lens-body a.lens-fnref')!;
    hover(inner);
    vi.advanceTimersByTime(200);
    expect(previews()).toHaveLength(2);
    expect(previews()[1]!.textContent).toContain('Second note');
    expect(inner.getAttribute('aria-describedby')).toBe(previews()[1]!.id);
    hover(previews()[1]!.querySelector('.lens-body')!);
    vi.advanceTimersByTime(2000);
    expect(previews()).toHaveLength(2);
    // Esc closes the top one first.
    pressEscape();
    expect(previews()).toHaveLength(1);
    expect(previews()[0]!.textContent).toContain('First note');
  });

  test('a note already open in the ancestor stack shows as a plain link and does not reopen', () => {
    mount();
    hover(byId('r1'));
    vi.advanceTimersByTime(200);
    hover(previews()[0]!.querySelector('.lens-body a.lens-fnref')!);
    vi.advanceTimersByTime(200);
    const second = previews()[1]!;
    const cycles = [...second.querySelectorAll('a.lens-cycle')];
    expect(cycles.map((a) => a.textContent)).toEqual(['[1]', '[2]']);
    hover(cycles[0]!);
    vi.advanceTimersByTime(500);
    expect(previews()).toHaveLength(2);
  });

  test('a pinned preview stays after the pointer leaves, becomes a dialog, and closes with its close button', () => {
    mount();
    hover(byId('r1'));
    vi.advanceTimersByTime(200);
    const pin = previews()[0]!.querySelector<HTMLButtonElement>('button.lens-pin')!;
    pin.click();
    hover(document.body);
    vi.advanceTimersByTime(5000);
    expect(previews()).toHaveLength(1);
    expect(previews()[0]!.getAttribute('role')).toBe('dialog');
    // Hovering another reference opens a second preview next to the pinned one.
    hover(byId('r2'));
    vi.advanceTimersByTime(200);
    expect(previews()).toHaveLength(2);
    previews()[0]!.querySelector<HTMLButtonElement>('button.lens-close')!.click();
    expect(previews().map((p) => p.textContent?.includes('Second note'))).toEqual([true]);
  });

  test('only one unpinned preview is open at a time', () => {
    mount();
    keyboardFocus(byId('r1'));
    keyboardFocus(byId('r2'));
    expect(previews()).toHaveLength(1);
    expect(previews()[0]!.textContent).toContain('Second note');
  });

  test('math inside a note is handed to the math renderer', () => {
    const renderMath = vi.fn();
    mount(renderMath);
    keyboardFocus(byId('r2'));
    expect(renderMath).toHaveBeenCalledOnce();
    expect((renderMath.mock.calls[0]![0] as HTMLElement).querySelector('.lens-math')).toBeTruthy();
  });

  test('the theme is applied to the layer and follows updates', () => {
    mount();
    keyboardFocus(byId('r1'));
    const layer = shadow()!.querySelector<HTMLElement>('.lens-layer')!;
    expect(layer.dataset.theme).toBe('light');
    controller!.update({ theme: 'dark' });
    expect(layer.dataset.theme).toBe('dark');
  });

  test('an exception in the math renderer is reported with [Lens] and does not escape', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    mount(() => {
      throw new Error('boom');
    });
    expect(() => keyboardFocus(byId('r2'))).not.toThrow();
    expect(previews()).toHaveLength(1);
    expect(error).toHaveBeenCalledWith('[Lens]', expect.any(Error));
  });

  test('destroy removes the host and the listeners', () => {
    mount();
    keyboardFocus(byId('r1'));
    controller!.destroy();
    expect(document.getElementById('lens-preview-host')).toBeNull();
    keyboardFocus(byId('r2'));
    expect(document.getElementById('lens-preview-host')).toBeNull();
  });
});

describe('live site pages (enhancePage)', () => {
  afterEach(() => {
    controller?.destroy();
    controller = undefined;
    document.body.innerHTML = '';
    document.getElementById('lens-suppress-site-cards')?.remove();
  });

  const sitePost: Post = {
    ...post,
    footnotes: [
      { id: 'fnabc', number: 1, html: '<p>Site note.</p>', text: 'Site note.', refIds: ['fnrefabc'] },
      { id: 'fn:2', number: 2, html: '<p>Colon note.</p>', text: 'Colon note.', refIds: ['fnref:2'] },
    ],
  };

  function mountSite(suppressSiteCards: boolean) {
    document.body.innerHTML = `<div id="postContent"><p>Text<span class="footnote-reference" id="fnrefabc"><sup><span><a href="#fnabc">[1]</a></span></sup></span>
      and <sup class="footnote-ref"><a href="#fn:2" id="fnref:2">[2]</a></sup> and <a href="#fnrefabc">^</a></p></div>
      <div id="comments"><a id="c" href="#fnabc">[1]</a></div>`;
    const root = document.getElementById('postContent')!;
    controller = enhancePage(root, sitePost, { delay: 0, theme: 'light', suppressSiteCards });
    return root;
  }

  test('the site’s own anchors are matched to footnotes by their #id, colons included', () => {
    const root = mountSite(true);
    const [a1, a2, back] = [...root.querySelectorAll('a')];
    expect(a1!.getAttribute('aria-expanded')).toBe('false');
    a1!.focus();
    a1!.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
    expect(previews().at(-1)?.textContent).toContain('Site note.');
    a2!.focus();
    expect(previews().at(-1)?.textContent).toContain('Colon note.');
    back!.focus();
    expect(back!.hasAttribute('aria-expanded')).toBe(false);
  });

  test('references outside the post body (comments) are left alone', () => {
    mountSite(true);
    byId('c').focus();
    expect(previews()).toHaveLength(0);
  });

  test('with suppression on, the site never sees mouseover on a reference, and its card is hidden by a style', () => {
    const root = mountSite(true);
    const seen = vi.fn();
    document.addEventListener('mouseover', seen);
    root.querySelector('a')!.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    byId('c').dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    expect(seen).toHaveBeenCalledTimes(1);
    expect(document.getElementById('lens-suppress-site-cards')?.textContent).toContain('FootnotePreview-hovercard');
    controller!.update({ suppressSiteCards: false });
    expect(document.getElementById('lens-suppress-site-cards')).toBeNull();
    root.querySelector('a')!.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    expect(seen).toHaveBeenCalledTimes(2);
    document.removeEventListener('mouseover', seen);
  });
});

test('startPreviews works with any resolver', () => {
  document.body.innerHTML = '<div id="r"><a id="x" href="#n">x</a></div>';
  const c = startPreviews(byId('r'), () => ({ id: 'n', number: 7, html: '<p>Seven</p>', text: 'Seven', refIds: [] }), {
    delay: 0,
    theme: 'dark',
  });
  document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
  byId('x').focus();
  expect(c.shadow()?.textContent).toContain('Seven');
  c.destroy();
});

test('moving between elements inside a preview is seen through pointermove alone (Chromium sends no pointerover there)', () => {
  vi.useFakeTimers();
  mount();
  hover(byId('r1'));
  vi.advanceTimersByTime(200);
  const inner = previews()[0]!.querySelector('.lens-body a.lens-fnref')!;
  inner.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, composed: true, pointerType: 'mouse' }));
  vi.advanceTimersByTime(200);
  expect(previews()).toHaveLength(2);
  controller?.destroy();
  vi.useRealTimers();
});

test('enhancePage with a lazy post parses only when a possible reference is first used, and only once', () => {
  document.body.innerHTML =
    '<div id="postContent"><p><a id="plain" href="/elsewhere">x</a><a id="ref" href="#fnabc">[1]</a></p><ol><li id="fnabc">Note</li></ol></div>';
  const root = byId('postContent');
  const parse = vi.fn(
    (): Post => ({
      ...post,
      footnotes: [{ id: 'fnabc', number: 1, html: '<p>Lazy note.</p>', text: 'Lazy note.', refIds: [] }],
    }),
  );
  controller = enhancePage(root, parse, { delay: 0, theme: 'light' });
  expect(parse).not.toHaveBeenCalled();
  document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
  byId('plain').focus();
  expect(parse).not.toHaveBeenCalled();
  byId('ref').focus();
  byId('plain').focus();
  byId('ref').focus();
  expect(parse).toHaveBeenCalledOnce();
  expect(shadow()?.textContent).toContain('Lazy note.');
  controller.destroy();
  controller = undefined;
});

test("enhancePage sanitises a note of the page's own parse (made without DOMPurify) when its preview shows it", () => {
  document.body.innerHTML =
    '<div id="postContent"><p><a id="ref" href="#fnraw">[1]</a></p><ol><li id="fnraw">Note</li></ol></div>';
  const parse = vi.fn(
    (): Post => ({
      ...post,
      footnotes: [
        {
          id: 'fnraw',
          number: 1,
          html: '<p>Raw note<img src="x" onerror="alert(1)"><script>alert(2)</script></p>',
          text: 'Raw note',
          refIds: [],
        },
      ],
    }),
  );
  controller = enhancePage(byId('postContent'), parse, { delay: 0, theme: 'light' });
  document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
  byId('ref').focus();
  expect(parse).toHaveBeenCalledOnce();
  const body = previews()[0]!.querySelector('.lens-body')!;
  expect(body.textContent).toBe('Raw note');
  expect(body.querySelector('[onerror]')).toBeNull();
  expect(body.querySelector('script')).toBeNull();
  controller.destroy();
  controller = undefined;
});

test('a tap opens the preview instead of jumping to the note, and a second tap closes it', () => {
  mount();
  const r1 = byId('r1');
  const tap = () => {
    r1.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true, pointerType: 'touch' }));
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, composed: true });
    r1.dispatchEvent(click);
    return click.defaultPrevented;
  };
  expect(tap()).toBe(true);
  expect(previews()).toHaveLength(1);
  tap();
  expect(previews()).toHaveLength(0);
  controller?.destroy();
  controller = undefined;
});

test('enhancePage previews a footnote item straight from the live page, without the full parse', () => {
  document.body.innerHTML = `<div id="postContent"><p>Claim<span class="footnote-reference" id="fnrefq1"><sup><a id="ref" href="#fnq1">[1]</a></sup></span></p>
    <ol class="footnotes"><li class="footnote-item" data-footnote-index="1" id="fnq1"><span class="footnote-back-link"><sup><strong><a href="#fnrefq1">^</a></strong></sup></span><div class="footnote-content"><p>Live note<img src="x" onerror="alert(1)"></p></div></li></ol></div>`;
  const parse = vi.fn((): Post | null => null);
  controller = enhancePage(byId('postContent'), parse, { delay: 0, theme: 'light' });
  document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
  byId('ref').focus();
  expect(parse).not.toHaveBeenCalled();
  const preview = previews()[0]!;
  expect(preview.textContent).toContain('Footnote 1');
  expect(preview.querySelector('.lens-body')!.textContent).toBe('Live note');
  expect(preview.querySelector('[onerror]')).toBeNull();
  controller.destroy();
  controller = undefined;
});
