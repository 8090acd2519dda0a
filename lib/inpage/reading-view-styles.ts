/** Stylesheet of the dump reading view, scoped to its shadow root; light and dark through custom properties. */
export const READING_VIEW_CSS = `
:host { all: initial; display: block; }
.lens-rv {
  --bg: #fdfcf9; --fg: #1d1d1f; --muted: #5f6368; --rule: #e3e0d8; --link: #2255aa; --bar: #fdfcf9f2; --note: #f4f2ec;
  color-scheme: light;
  background: var(--bg); color: var(--fg); min-height: 100vh;
  font: 19px/1.65 Charter, 'Bitstream Charter', 'Sitka Text', Cambria, Georgia, serif;
  -webkit-text-size-adjust: 100%;
}
.lens-rv[data-theme='dark'] {
  --bg: #17181a; --fg: #e6e4df; --muted: #a3a7ad; --rule: #34363a; --link: #8ab4f8; --bar: #17181af2; --note: #222327;
  color-scheme: dark;
}
@media (prefers-color-scheme: dark) {
  .lens-rv[data-theme='system'] {
    --bg: #17181a; --fg: #e6e4df; --muted: #a3a7ad; --rule: #34363a; --link: #8ab4f8; --bar: #17181af2; --note: #222327;
    color-scheme: dark;
  }
}
.lens-bar {
  position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 1rem;
  padding: 0.5rem max(1rem, calc((100% - 44rem) / 2)); background: var(--bar); border-bottom: 1px solid var(--rule);
  font: 14px/1.4 system-ui, -apple-system, 'Segoe UI', sans-serif; backdrop-filter: blur(6px);
}
.lens-back {
  font: inherit; font-weight: 600; padding: 0.35rem 0.8rem; border-radius: 6px; cursor: pointer;
  border: 1px solid var(--rule); background: var(--note); color: var(--fg);
}
.lens-back:hover { border-color: var(--muted); }
.lens-brand { font-weight: 600; color: var(--muted); }
.lens-status { color: var(--muted); margin-left: auto; }
.lens-progress { width: 100%; height: 4px; accent-color: var(--link); }
.lens-main { max-width: 40rem; margin: 0 auto; padding: 1.5rem 1.25rem 6rem; }
h1 { font-size: 1.1rem; letter-spacing: 0.04em; text-transform: uppercase; color: var(--muted); margin: 1rem 0 2rem; }
.lens-post { padding: 1.5rem 0 2.5rem; border-bottom: 1px solid var(--rule); }
.lens-pending { background: linear-gradient(var(--note), var(--note)) top / 100% 1.2em no-repeat; opacity: 0.6; }
.lens-post h2 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 0.5rem; }
.lens-byline { display: flex; gap: 1rem; margin: 0 0 1.5rem; font: 14px/1.4 system-ui, sans-serif; color: var(--muted); }
.lens-post-body h2, .lens-post-body h3, .lens-post-body h4 { line-height: 1.3; margin: 2rem 0 0.75rem; }
.lens-post-body h2 { font-size: 1.35rem; }
.lens-post-body h3 { font-size: 1.2rem; }
.lens-post-body h4 { font-size: 1.05rem; }
p, li { margin: 0 0 1rem; }
ul, ol { padding-left: 1.5rem; margin: 0 0 1rem; }
blockquote { margin: 0 0 1rem; padding-left: 1rem; border-left: 3px solid var(--rule); color: var(--muted); }
pre, code { font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; font-size: 0.85em; }
pre { overflow-x: auto; padding: 0.75rem; background: var(--note); border-radius: 6px; }
img { max-width: 100%; height: auto; }
a { color: var(--link); }
a.lens-fnref { text-decoration: none; font-size: 0.8em; vertical-align: super; line-height: 0; padding: 0 0.1em; }
.lens-footnotes { margin-top: 2rem; padding-top: 1rem; border-top: 1px solid var(--rule); font-size: 0.85em; }
.lens-footnotes h3 { font: 600 13px/1.4 system-ui, sans-serif; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); }
.lens-footnotes li > .lens-note-body { display: inline; }
.lens-footnotes li > .lens-note-body > :last-child { display: inline; }
.lens-backlink { text-decoration: none; margin-left: 0.35em; }
:target, .lens-flash { animation: lens-flash 1.5s ease-out; }
@keyframes lens-flash { from { background: color-mix(in srgb, var(--link) 25%, transparent); } to { background: transparent; } }
.lens-math[tabindex]:focus-visible, a:focus-visible, button:focus-visible, [tabindex='-1']:focus-visible {
  outline: 2px solid var(--link); outline-offset: 2px;
}
h1:focus, h2:focus, li:focus { outline: none; }
.lens-math-error { color: #b3261e; font-family: ui-monospace, monospace; font-size: 0.85em; }
div.lens-math { overflow-x: auto; overflow-y: hidden; }
.lens-offer {
  position: fixed; right: 16px; bottom: 16px; z-index: 2147483646; font: 600 14px/1 system-ui, sans-serif;
  padding: 10px 14px; border-radius: 999px; border: 1px solid #8886; background: #fdfcf9; color: #1d1d1f;
  box-shadow: 0 2px 8px #0003; cursor: pointer;
}
@media (prefers-color-scheme: dark) { .lens-offer { background: #222327; color: #e6e4df; } }
@media (prefers-reduced-motion: reduce) { :target, .lens-flash { animation: none; } }
`;
