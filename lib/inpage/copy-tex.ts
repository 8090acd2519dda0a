import { t } from '../i18n';
import { MATH_CLASS } from '../model';
import { equationAt, formatTex, texOf } from '../render/copy-tex';

/** How the copy action reaches the clipboard; tests replace it. */
export type CopyTexOptions = { writeText?: (doc: Document, text: string) => Promise<void> };

/** Removes everything `installCopyTex` added. */
export type Uninstall = () => void;

// navigator.clipboard is missing on plain-http pages and may be refused in content scripts; a copy event raised
// by execCommand during the click works everywhere. Our listener runs first (window, capture) and stops the rest,
// so LessWrong's own copy handler only ever sees the reader's selections, never our explicit action.
async function writeTextDefault(doc: Document, text: string): Promise<void> {
  try {
    await doc.defaultView?.navigator.clipboard.writeText(text);
    return;
  } catch {
    // fall through to the copy event
  }
  const view = doc.defaultView;
  if (!view) throw new Error('no window');
  let done = false;
  const onCopy = (event: ClipboardEvent) => {
    event.clipboardData?.setData('text/plain', text);
    event.preventDefault();
    event.stopImmediatePropagation();
    done = true;
  };
  view.addEventListener('copy', onCopy, true);
  try {
    doc.execCommand('copy');
  } finally {
    view.removeEventListener('copy', onCopy, true);
  }
  if (!done) throw new Error('copy refused');
}

const BUTTON_CSS = `
:host { all: initial; }
button {
  position: fixed; z-index: 2147483646; font: 600 11px/1 system-ui, sans-serif; padding: 4px 6px;
  border-radius: 4px; border: 1px solid #8886; background: #fffe; color: #222; cursor: pointer;
  box-shadow: 0 1px 3px #0003;
}
button:focus-visible { outline: 2px solid #2a6fdb; outline-offset: 1px; }
@media (prefers-color-scheme: dark) { button { background: #222e; color: #eee; } }
`;

/**
 * Offers "Copy TeX" on every equation under `root` (a document or one of Lens's shadow roots): a button on hover or
 * focus, and the copy shortcut on a focused Lens equation; copies `$tex$` or `$$tex$$`.
 */
export function installCopyTex(root: Document | ShadowRoot, options: CopyTexOptions = {}): Uninstall {
  const doc = root.nodeType === 9 ? (root as Document) : (root as ShadowRoot).ownerDocument;
  const writeText = options.writeText ?? writeTextDefault;
  const host = doc.createElement('lens-copy-tex');
  const shadow = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = BUTTON_CSS;
  const button = doc.createElement('button');
  button.type = 'button';
  button.textContent = t('copyTex');
  button.hidden = true;
  shadow.append(style, button);
  (root.nodeType === 9 ? doc.body : root).append(host);

  let current: Element | null = null;
  let hideTimer: ReturnType<typeof setTimeout> | undefined;

  const show = (equation: Element) => {
    clearTimeout(hideTimer);
    if (!texOf(equation)) return;
    current = equation;
    const box = equation.getBoundingClientRect();
    const view = doc.defaultView;
    const right = view ? view.innerWidth - box.right : 0;
    button.style.top = `${Math.max(0, box.top - 22)}px`;
    button.style.right = `${Math.max(0, right)}px`;
    button.textContent = t('copyTex');
    button.setAttribute('aria-label', t('copyTexLabel'));
    button.hidden = false;
  };
  const hideSoon = () => {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(() => {
      if (shadow.activeElement !== button) button.hidden = true;
    }, 400);
  };
  const copy = async (equation: Element) => {
    const source = texOf(equation);
    if (!source) return;
    try {
      await writeText(doc, formatTex(source));
      button.textContent = t('copied');
    } catch {
      button.textContent = t('copyFailed');
    }
  };

  const onOver = (event: Event) => {
    const equation = equationAt(event.target as Node);
    if (equation) show(equation);
    else if (current && event.target !== host) hideSoon();
  };
  const onFocus = (event: Event) => {
    const equation = equationAt(event.target as Node);
    if (equation) show(equation);
  };
  // Ctrl/Cmd+C on a focused Lens equation with nothing selected copies its TeX; a real selection is left alone.
  const onKey = (event: Event) => {
    const key = event as KeyboardEvent;
    if (key.key.toLowerCase() !== 'c' || !(key.ctrlKey || key.metaKey)) return;
    const target = key.target as Element | null;
    if (!target?.classList?.contains(MATH_CLASS)) return;
    const selection = doc.getSelection();
    if (selection && !selection.isCollapsed) return;
    key.preventDefault();
    void copy(target);
  };
  const onClick = () => {
    if (current) void copy(current);
  };
  const onButtonKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      button.hidden = true;
      (current as HTMLElement | null)?.focus?.();
    }
  };

  root.addEventListener('pointerover', onOver);
  root.addEventListener('focusin', onFocus);
  root.addEventListener('keydown', onKey);
  button.addEventListener('click', onClick);
  button.addEventListener('keydown', onButtonKey);
  button.addEventListener('pointerleave', hideSoon);
  button.addEventListener('pointerenter', () => clearTimeout(hideTimer));

  return () => {
    clearTimeout(hideTimer);
    root.removeEventListener('pointerover', onOver);
    root.removeEventListener('focusin', onFocus);
    root.removeEventListener('keydown', onKey);
    host.remove();
  };
}

/** Makes Lens's rendered equations reachable by Tab so the copy action works from the keyboard. */
export function makeEquationsFocusable(root: ParentNode): void {
  for (const element of root.querySelectorAll<HTMLElement>(`.${MATH_CLASS}:not([tabindex])`)) {
    element.tabIndex = 0;
    element.setAttribute('aria-description', t('copyTexHint'));
  }
}
