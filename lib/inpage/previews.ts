import { h, render } from 'preact';
import { FootnotePreview } from '../../components/FootnotePreview';
import { t } from '../i18n';
import { FOOTNOTE_ATTR, type Footnote } from '../model';
import { IDLE, type IntentEvent, type IntentState, nextIntent } from './hover-intent';
import { placePreview } from './position';
import { PREVIEW_CSS } from './preview-styles';
import { siteSidenotes } from './sidenotes';

/** Options of a preview controller; all can change live through `update`. */
export type PreviewOptions = {
  /** Milliseconds of hover before a preview opens. */
  delay: number;
  /** Grace period in milliseconds after the pointer or focus leaves, before an unpinned preview closes. */
  closeDelay?: number;
  theme: 'light' | 'dark';
  /** Renders `.lens-math` inside a freshly opened preview (engineer E's renderMath); absent means math stays as TeX. */
  renderMath?: (root: HTMLElement) => unknown;
  /**
   * Stop the site's own footnote hover card from reacting to references Lens handles (lesswrong.com and family), and
   * leave a mouse hover to the site's sidenote where it shows the note whole (see sidenotes.ts).
   */
  suppressSiteCards?: boolean;
};

/** A running preview controller for one post's references. */
export type PreviewController = {
  update(options: Partial<PreviewOptions>): void;
  /** Closes every open preview, pinned ones too. */
  closeAll(): void;
  /** Closes everything, removes listeners, the shadow host and any attribute Lens set on the page. */
  destroy(): void;
  /** The shadow root of the preview layer, once a preview has been opened (for tests and screenshots). */
  shadow(): ShadowRoot | null;
  /** Does deferred preparation now (enhancePage: parse, and mark references `aria-expanded="false"`). */
  prepare?: () => void;
};

/** Finds the Footnote a reference anchor stands for, or undefined when the anchor is not a footnote reference. */
export type RefResolver = (anchor: HTMLAnchorElement) => Footnote | undefined;

/** Id of the fixed, zero-size element that hosts the preview layer's shadow root. */
export const HOST_ID = 'lens-preview-host';

const SUPPRESS_STYLE_ID = 'lens-suppress-site-cards';
// LessWrong's native card (FM FootnotePreview.tsx, rendered through LWPopper); the CSS rule is only the fallback,
// the main guard is that its mouseover never reaches React's root listener (see onMouseGate).
const SUPPRESS_CSS = '.FootnotePreview-hovercard{display:none!important}';

type Entry = {
  footnote: Footnote;
  ref: HTMLAnchorElement;
  parent: Entry | null;
  state: IntentState;
  timer?: ReturnType<typeof setTimeout>;
  container?: HTMLElement;
  previewId: string;
  pinned: boolean;
  placement?: { top: number; left: number; maxHeight: number; side: 'below' | 'above' };
  savedDescribedBy: string | null;
  savedExpanded: string | null;
};

let nextId = 0;

/**
 * Starts footnote previews for the references under `root`, with listeners delegated on the window (no per-reference
 * listeners, nothing rendered until a preview opens).
 */
export function startPreviews(root: HTMLElement, resolve: RefResolver, initial: PreviewOptions): PreviewController {
  const doc = root.ownerDocument;
  const win = doc.defaultView as Window & typeof globalThis;
  let options: PreviewOptions = { ...initial };
  const entries: Entry[] = [];
  const abort = new AbortController();
  let host: HTMLElement | null = null;
  let shadow: ShadowRoot | null = null;
  let layer: HTMLElement | null = null;
  let lastPointerType = 'mouse';
  let repositionQueued = false;
  const sidenotes = siteSidenotes(root);
  // References whose mouseover went through to the site (its sidenote column has the note): their mouseout does too,
  // so the site's highlight never sticks.
  const toSite = new WeakSet<Element>();

  const delays = () => ({ open: options.delay, close: options.closeDelay ?? 300 });

  function ensureLayer(): HTMLElement {
    if (layer && host?.isConnected) return layer;
    host = doc.createElement('div');
    host.id = HOST_ID;
    // Fixed and zero-size, appended to <html>: opening a preview never moves the page's own layout.
    host.setAttribute(
      'style',
      'all:initial!important;position:fixed!important;top:0!important;left:0!important;width:0!important;height:0!important;overflow:visible!important;z-index:2147483647!important;display:block!important;',
    );
    shadow = host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = PREVIEW_CSS;
    layer = doc.createElement('div');
    layer.className = 'lens-layer';
    layer.dataset.theme = options.theme;
    shadow.append(style, layer);
    doc.documentElement.append(host);
    return layer;
  }

  function inOurLayer(node: Node | null): boolean {
    return !!node && !!shadow && (node === host || node.getRootNode() === shadow);
  }

  function refFrom(node: EventTarget | null | undefined): HTMLAnchorElement | null {
    // Duck-typed: `instanceof` is unreliable across Firefox's content-script wrappers.
    if (!node || typeof (node as Element).closest !== 'function') return null;
    const a = (node as Element).closest('a');
    if (!a || a.hasAttribute('data-lens-cycle')) return null;
    if (!root.contains(a) && !inOurLayer(a)) return null;
    return resolve(a as HTMLAnchorElement) ? (a as HTMLAnchorElement) : null;
  }

  function entryOfPreview(node: Node | null): Entry | undefined {
    if (!node || !inOurLayer(node)) return undefined;
    return entries.find((e) => e.container?.contains(node));
  }

  function chainOf(entry: Entry | undefined): Set<Entry> {
    const set = new Set<Entry>();
    for (let e = entry; e; e = e.parent ?? undefined) set.add(e);
    return set;
  }

  function ancestorsHave(parent: Entry | null, footnoteId: string): boolean {
    for (let e = parent; e; e = e.parent) if (e.footnote.id === footnoteId) return true;
    return false;
  }

  function entryFor(ref: HTMLAnchorElement): Entry | undefined {
    const existing = entries.find((e) => e.ref === ref);
    if (existing) return existing;
    const footnote = resolve(ref);
    if (!footnote) return undefined;
    const parent = entryOfPreview(ref) ?? null;
    if (ancestorsHave(parent, footnote.id)) return undefined;
    const entry: Entry = {
      footnote,
      ref,
      parent,
      state: IDLE,
      previewId: `lens-preview-${++nextId}`,
      pinned: false,
      savedDescribedBy: null,
      savedExpanded: null,
    };
    entries.push(entry);
    return entry;
  }

  function send(entry: Entry, event: IntentEvent): void {
    const step = nextIntent(entry.state, event, delays());
    entry.state = step.state;
    if (step.timer !== undefined) {
      if (entry.timer !== undefined) clearTimeout(entry.timer);
      entry.timer = undefined;
      if (typeof step.timer === 'number')
        entry.timer = setTimeout(() => guard(() => send(entry, 'timeout')), step.timer);
    }
    if (step.action === 'open') {
      if (leaveToSite(entry, event)) {
        // Still waiting, with no timer: keyboard focus or the enter keys open it as usual, leaving resets it.
        entry.state = { ...entry.state, phase: 'opening' };
        performance.mark('lens:sidenote-defer');
      } else open(entry);
    } else if (step.action === 'close') close(entry);
    // An entry with nothing left to show is forgotten, so a later hover starts fresh.
    if (entry.state.phase === 'idle' && !entry.container) forget(entry);
  }

  function leaveToSite(entry: Entry, event: IntentEvent): boolean {
    if (!options.suppressSiteCards) return false;
    // Only the hover delay running out is a mouse-only request; focus, keys and taps are paths the site lacks.
    const trigger = event === 'timeout' && entry.state.hover && !entry.state.focus ? 'hover' : 'other';
    const nested = entry.parent !== null || inOurLayer(entry.ref);
    return sidenotes.decide(entry.ref, entry.footnote, trigger, nested) === 'defer';
  }

  function forget(entry: Entry): void {
    const i = entries.indexOf(entry);
    if (i >= 0) entries.splice(i, 1);
    if (entry.timer !== undefined) clearTimeout(entry.timer);
  }

  function open(entry: Entry): void {
    if (entry.container) return;
    const keep = chainOf(entry);
    for (const other of [...entries]) if (!keep.has(other) && !other.pinned && other.container) dismissQuietly(other);
    const container = doc.createElement('div');
    ensureLayer().append(container);
    entry.container = container;
    paint(entry);
    const body = container.querySelector<HTMLElement>('.lens-body');
    if (body) {
      markCycles(body, entry);
      if (options.renderMath && body.querySelector('.lens-math')) {
        try {
          const done = options.renderMath(body);
          if (done instanceof Promise) done.then(() => place(entry), report);
        } catch (error) {
          report(error);
        }
      }
    }
    place(entry);
    const ref = entry.ref;
    entry.savedDescribedBy = ref.getAttribute('aria-describedby');
    entry.savedExpanded = ref.getAttribute('aria-expanded');
    // IDREFs do not cross shadow boundaries: a page reference points at the host (whose flattened content is the
    // preview); a reference inside a preview points at the preview element next to it in the same shadow root.
    const describedBy = inOurLayer(ref) ? entry.previewId : HOST_ID;
    ref.setAttribute('aria-describedby', describedBy);
    ref.setAttribute('aria-expanded', 'true');
  }

  function markCycles(body: HTMLElement, entry: Entry): void {
    for (const a of body.querySelectorAll<HTMLAnchorElement>('a')) {
      const fn = resolve(a);
      if (fn && (fn.id === entry.footnote.id || ancestorsHave(entry.parent, fn.id))) {
        a.setAttribute('data-lens-cycle', '');
        a.classList.add('lens-cycle');
        a.removeAttribute(FOOTNOTE_ATTR);
        a.title = t('previewAlreadyOpen');
      }
    }
  }

  function paint(entry: Entry): void {
    if (!entry.container) return;
    render(
      h(FootnotePreview, {
        id: entry.previewId,
        number: entry.footnote.number,
        html: entry.footnote.html,
        pinned: entry.pinned,
        placement: entry.placement,
        onPin: () => guard(() => togglePin(entry)),
        onClose: () => guard(() => closeByUser(entry)),
      }),
      entry.container,
    );
  }

  function place(entry: Entry): void {
    const el = entry.container?.firstElementChild as HTMLElement | null | undefined;
    if (!el) return;
    const r = entry.ref.getBoundingClientRect();
    const viewport = { width: doc.documentElement.clientWidth || win.innerWidth, height: win.innerHeight };
    // Measure at full natural height: drop the previous max-height first.
    el.style.maxHeight = '';
    const size = { width: el.offsetWidth, height: el.scrollHeight || el.offsetHeight };
    entry.placement = placePreview({ anchor: r, size, viewport });
    paint(entry);
  }

  function togglePin(entry: Entry): void {
    entry.pinned = !entry.pinned;
    if (entry.pinned) send(entry, 'pin');
    else entry.state = { ...entry.state, phase: 'open' };
    paint(entry);
    // A pinned preview is a dialog: focus goes into it (it already is there when its own Pin button was pressed).
    if (entry.pinned && !entry.container?.contains(activeElement())) focusPreview(entry);
  }

  /** Opens (if needed), pins and focuses the preview of `ref`: the keyboard way into a preview. */
  function enter(ref: HTMLAnchorElement): boolean {
    const entry = entryFor(ref);
    if (!entry) return false;
    if (!entry.container) {
      entry.state = { ...entry.state, phase: 'open' };
      if (entry.timer !== undefined) clearTimeout(entry.timer);
      entry.timer = undefined;
      open(entry);
    }
    if (entry.pinned) focusPreview(entry);
    else togglePin(entry);
    return true;
  }

  function focusPreview(entry: Entry): void {
    const el = entry.container?.querySelector<HTMLElement>('.lens-preview');
    if (!el) return;
    try {
      el.focus({ preventScroll: true });
    } catch {
      el.focus();
    }
  }

  function focusables(entry: Entry): HTMLElement[] {
    const all = entry.container?.querySelectorAll<HTMLElement>('a[href], button, [tabindex]') ?? [];
    return [...all].filter((el) => el.tabIndex >= 0 && !(el as HTMLButtonElement).disabled);
  }

  function closeByUser(entry: Entry): void {
    // Focus goes back before the preview goes away: removing the focused element first would blur to <body> (Chromium
    // fires focusout), the reference would lose its "dismissed" state, and refocusing it would reopen the preview.
    if (entry.container?.contains(activeElement())) focusRef(entry);
    entry.pinned = false;
    send(entry, 'dismiss');
  }

  function dismissQuietly(entry: Entry): void {
    entry.pinned = false;
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.timer = undefined;
    close(entry);
    forget(entry);
  }

  function close(entry: Entry): void {
    for (const child of entries.filter((e) => e.parent === entry)) {
      if (child.pinned) child.parent = null;
      else dismissQuietly(child);
    }
    if (entry.container) {
      render(null, entry.container);
      entry.container.remove();
      entry.container = undefined;
      entry.placement = undefined;
      restoreAttr(entry.ref, 'aria-describedby', entry.savedDescribedBy);
      entry.ref.setAttribute('aria-expanded', 'false');
    }
    if (entry.state.phase === 'idle') forget(entry);
  }

  function activeElement(): Element | null {
    let a: Element | null = doc.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a;
  }

  function focusRef(entry: Entry): void {
    try {
      entry.ref.focus({ preventScroll: true });
    } catch {
      entry.ref.focus();
    }
  }

  // Hover: the pointer is "on" an entry when it is over its reference or its preview, or over a nested preview of it.
  function hoveredChain(target: Node | null): Set<Entry> {
    const chain = chainOf(entryOfPreview(target));
    const ref = refFrom(target);
    const own = ref ? entries.find((e) => e.ref === ref) : undefined;
    if (own) for (const e of chainOf(own)) chain.add(e);
    return chain;
  }

  let lastTarget: EventTarget | undefined;

  // Chromium fires no pointerover between elements inside the zero-size host's shadow tree (only pointermove), so
  // moves are watched too; a move over the same element as before returns at once.
  function onPointerMove(event: PointerEvent): void {
    if (event.pointerType === 'touch' || event.composedPath()[0] === lastTarget) return;
    onPointerOver(event);
  }

  function onPointerOver(event: PointerEvent): void {
    if (event.pointerType === 'touch') return;
    const target = event.composedPath()[0] as Node | undefined;
    lastTarget = target;
    const ref = refFrom(target ?? null);
    if (ref) entryFor(ref);
    const chain = hoveredChain(target ?? null);
    for (const e of [...entries]) {
      if (chain.has(e) && !e.state.hover) send(e, 'pointer-in');
      else if (!chain.has(e) && e.state.hover) send(e, 'pointer-out');
    }
  }

  function onPointerOut(event: PointerEvent): void {
    if (event.pointerType === 'touch') return;
    // Leaving the window: nothing is hovered any more. Moves inside the page are handled by the next pointerover.
    if (!event.relatedTarget) for (const e of [...entries]) if (e.state.hover) send(e, 'pointer-out');
  }

  function onFocusIn(event: FocusEvent): void {
    const target = event.composedPath()[0] as Node | undefined;
    const ref = refFrom(target ?? null);
    if (ref && !isFocusVisible(ref)) {
      // A mouse click focuses the link too; hover already handles the mouse, so only keyboard focus opens.
      return;
    }
    if (ref) entryFor(ref);
    const chain = hoveredChain(target ?? null);
    for (const e of [...entries]) {
      if (chain.has(e) && !e.state.focus) send(e, 'focus-in');
      else if (!chain.has(e) && e.state.focus) send(e, 'focus-out');
    }
  }

  function onFocusOut(event: FocusEvent): void {
    if (event.relatedTarget) return;
    for (const e of [...entries]) if (e.state.focus) send(e, 'focus-out');
  }

  function isFocusVisible(el: Element): boolean {
    if (lastPointerType === 'keyboard') return true;
    try {
      return el.matches(':focus-visible');
    } catch {
      return true;
    }
  }

  function onPointerDown(event: PointerEvent): void {
    lastPointerType = event.pointerType || 'mouse';
    if (event.pointerType !== 'touch' && event.pointerType !== 'pen') return;
    const target = event.composedPath()[0] as Node | undefined;
    if (refFrom(target ?? null) || entryOfPreview(target ?? null)) return;
    for (const e of [...entries]) if (!e.pinned && e.container) dismissQuietly(e);
  }

  function onClick(event: MouseEvent): void {
    if (lastPointerType !== 'touch' && lastPointerType !== 'pen') return;
    const ref = refFrom((event.composedPath()[0] as Node | undefined) ?? null);
    if (!ref) return;
    // A tap previews instead of jumping to the note (and keeps the site's own mobile dialog closed).
    event.preventDefault();
    event.stopPropagation();
    const entry = entryFor(ref);
    if (entry) send(entry, 'tap');
  }

  function onKeyDown(event: KeyboardEvent): void {
    lastPointerType = 'keyboard';
    const target = (event.composedPath()[0] as Node | undefined) ?? null;
    if (event.key === 'Escape') {
      const open = entries.filter((e) => e.container);
      const top = open[open.length - 1];
      if (!top) return;
      event.stopPropagation();
      // Focus first, then close (see closeByUser).
      focusRef(top);
      top.pinned = false;
      send(top, 'dismiss');
      return;
    }
    if (isEnterKey(event)) {
      // On a reference (in the page or inside a preview): pin its preview and move focus into it.
      const ref = refFrom(target);
      if (!ref || !enter(ref)) return;
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    if (event.key === 'Tab' && !event.altKey && !event.ctrlKey && !event.metaKey) {
      // The layer sits at the end of the document: leaving a preview by Tab/Shift+Tab goes back to its reference
      // instead of out of the page (or to its last link).
      const entry = entryOfPreview(target);
      if (!entry?.container) return;
      const list = focusables(entry);
      const preview = entry.container.querySelector('.lens-preview');
      const atEdge = event.shiftKey
        ? target === preview || target === list[0]
        : list.length === 0 || target === list[list.length - 1];
      if (!atEdge) return;
      event.preventDefault();
      focusRef(entry);
    }
  }

  function onMouseGate(event: Event): void {
    if (!options.suppressSiteCards) return;
    const ref = refFrom((event.composedPath()[0] as Node | undefined) ?? null);
    if (!ref || !root.contains(ref)) return;
    // With the site's sidenote of this note beside the text, the site gets the hover: it highlights that sidenote and
    // opens no card of its own (FM FootnotePreview.tsx opens it only when no sidenote is visible).
    if (event.type === 'mouseover') {
      const footnote = resolve(ref);
      if (footnote && sidenotes.handlesHover(ref, footnote)) {
        toSite.add(ref);
        return;
      }
      toSite.delete(ref);
    } else if (toSite.has(ref)) return;
    // React listens at its root; stopping the event at window capture keeps LW's own hover card from opening
    // for the references whose preview Lens shows.
    event.stopPropagation();
  }

  function onViewportChange(): void {
    if (repositionQueued) return;
    repositionQueued = true;
    win.requestAnimationFrame(() => {
      repositionQueued = false;
      guard(() => {
        for (const e of entries) if (e.container && !e.pinned) place(e);
      });
    });
  }

  const listen = <K extends keyof WindowEventMap>(type: K, fn: (event: WindowEventMap[K]) => void, capture = true) =>
    win.addEventListener(type, (event) => guard(() => fn(event)), { capture, signal: abort.signal });
  listen('pointerover', onPointerOver);
  listen('pointerout', onPointerOut);
  listen('pointermove', onPointerMove);
  listen('pointerdown', onPointerDown);
  listen('focusin', onFocusIn);
  listen('focusout', onFocusOut);
  listen('click', onClick);
  listen('keydown', onKeyDown);
  listen('mouseover', onMouseGate);
  listen('mouseout', onMouseGate);
  listen('scroll', onViewportChange, false);
  listen('resize', onViewportChange, false);

  function applySuppression(): void {
    const existing = doc.getElementById(SUPPRESS_STYLE_ID);
    if (options.suppressSiteCards && !existing) {
      const style = doc.createElement('style');
      style.id = SUPPRESS_STYLE_ID;
      style.textContent = SUPPRESS_CSS;
      (doc.head ?? doc.documentElement).append(style);
    } else if (!options.suppressSiteCards && existing) existing.remove();
  }
  applySuppression();

  return {
    update(next) {
      guard(() => {
        options = { ...options, ...next };
        if (layer) layer.dataset.theme = options.theme;
        applySuppression();
      });
    },
    closeAll() {
      guard(() => {
        for (const e of [...entries]) dismissQuietly(e);
      });
    },
    destroy() {
      guard(() => {
        abort.abort();
        for (const e of [...entries]) dismissQuietly(e);
        host?.remove();
        doc.getElementById(SUPPRESS_STYLE_ID)?.remove();
      });
    },
    shadow: () => shadow,
  };
}

/**
 * The keys that move focus into a reference's preview (and pin it): Alt+ArrowDown, as for any popup, or P ("pin").
 * Enter keeps following the link.
 */
export const ENTER_PREVIEW_KEYS = 'Alt+ArrowDown p';

function isEnterKey(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey) return false;
  if (event.key === 'ArrowDown') return event.altKey && !event.shiftKey;
  return !event.altKey && (event.key === 'p' || event.key === 'P');
}

function restoreAttr(el: Element, name: string, value: string | null): void {
  if (value === null) el.removeAttribute(name);
  else el.setAttribute(name, value);
}

function report(error: unknown): void {
  console.error('[Lens]', error);
}

/** Runs `fn`, reporting any exception to the console with the `[Lens]` prefix instead of letting it reach the page. */
export function guard(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    report(error);
  }
}
