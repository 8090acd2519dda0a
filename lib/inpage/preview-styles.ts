/** The CSS of the preview layer, inserted only inside Lens's shadow root so it neither leaks out nor lets the page's in. */
export const PREVIEW_CSS = `
:host { all: initial !important; }
.lens-layer {
  --lens-bg: #fffdf8; --lens-fg: #1f1f1f; --lens-muted: #666; --lens-border: rgba(0,0,0,.16);
  --lens-link: #2f6f4f; --lens-shadow: 0 6px 28px rgba(0,0,0,.18), 0 1px 4px rgba(0,0,0,.1); --lens-button: rgba(0,0,0,.06);
  font: 15px/1.5 ui-serif, Georgia, "Times New Roman", serif; color: var(--lens-fg);
}
.lens-layer[data-theme="dark"] {
  --lens-bg: #23262b; --lens-fg: #e7e3da; --lens-muted: #a9a59c; --lens-border: rgba(255,255,255,.18);
  --lens-link: #8fd0ad; --lens-shadow: 0 6px 28px rgba(0,0,0,.55); --lens-button: rgba(255,255,255,.08);
}
.lens-preview {
  position: fixed; box-sizing: border-box; width: min(32rem, calc(100vw - 16px)); overflow: auto; overscroll-behavior: contain;
  background: var(--lens-bg); color: var(--lens-fg); border: 1px solid var(--lens-border); border-radius: 8px;
  box-shadow: var(--lens-shadow); padding: 0 14px 10px; text-align: left; z-index: 1;
}
.lens-preview.lens-pinned { border-color: var(--lens-link); }
.lens-bar {
  position: sticky; top: 0; display: flex; align-items: center; gap: 6px; padding: 6px 0 4px; margin-bottom: 2px;
  background: var(--lens-bg); font: 12px/1.4 system-ui, sans-serif; color: var(--lens-muted);
}
.lens-label { flex: 1; }
.lens-bar button {
  font: inherit; color: inherit; background: var(--lens-button); border: 1px solid transparent; border-radius: 4px;
  padding: 1px 7px; cursor: pointer; min-height: 22px;
}
.lens-bar button:hover { color: var(--lens-fg); }
.lens-bar button:focus-visible { outline: 2px solid var(--lens-link); outline-offset: 1px; }
.lens-pin[aria-pressed="true"] { color: var(--lens-link); border-color: var(--lens-link); }
.lens-close { font-size: 15px !important; line-height: 1 !important; }
.lens-body > :first-child { margin-top: 0; }
.lens-body > :last-child { margin-bottom: 0; }
.lens-body p { margin: 0 0 .6em; }
.lens-body a { color: var(--lens-link); text-decoration: underline; text-underline-offset: 2px; }
.lens-body a.lens-cycle { color: inherit; text-decoration: underline dotted; cursor: default; }
.lens-body img, .lens-body video, .lens-body svg { max-width: 100%; height: auto; }
.lens-body pre, .lens-body table { max-width: 100%; overflow: auto; display: block; }
.lens-body blockquote { margin: 0 0 .6em; padding-left: .8em; border-left: 3px solid var(--lens-border); }
.lens-body sup { line-height: 0; }
.lens-body .footnote-back-link, .lens-body .footnote-backref { display: none; }
.lens-body .katex-display { overflow-x: auto; overflow-y: hidden; }
@media (prefers-reduced-motion: no-preference) {
  .lens-preview { animation: lens-in .12s ease-out; }
  @keyframes lens-in { from { opacity: 0; } to { opacity: 1; } }
}
`;
