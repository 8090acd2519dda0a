// A LessWrong post page with the site's sidenote column, rebuilt from ForumMagnum's own code (FootnotePreview.tsx,
// SideItems.tsx, PostsPage.tsx, constants.ts, LWTooltip/LWPopper, JargonTooltip.tsx; PRs 9608 and 9703):
// - the page is the stored post HTML (CKEditor footnotes) in a central column, with a right column that is 300 px
//   wide from the `lg` breakpoint (1280 px) up and 50 px below it (`reserveSpaceForSidenotes`);
// - SITE_SCRIPT does what React does after hydration: every `#fn…` reference becomes FootnotePreview's
//   `<span><span/>(SideItem anchor)<a…></span>`, and a `div.SideItems-sideItem` holding `div.FootnotePreview-sidenote`
//   with the note's innerHTML is put in `div.SideItems-sidebar`, placed at its anchor's height (pushed down past the
//   one above), with the site's styles: 200 px cap and fade, hidden below `lg` by a media query, so whether the column
//   shows depends on the window's width exactly as on the site;
// - hovering a reference or its sidenote adds `FootnotePreview-sidenoteHover` (lifts the cap) and `anchorHover`; the
//   site's hover card `.FootnotePreview-hovercard` opens only when the window is below `lg` (no sidenote visible);
// - a glossary term is JargonTooltip's `span.JargonTooltip-jargonWord` inside LWTooltip's span; hovering it shows the
//   card (`div.JargonTooltip-card` in an LWPopper portal at the end of the page), leaving hides it.
// The site's listeners are delegated at the app root, as React's are, and a hover shows on the next frame, as React
// renders a mouseover's state change after the event (not inside it). Nothing in the DOM ties a sidenote to its
// reference, as on the site (the side item is a portal).

/** The path the sidenote fixture is served at. */
export const SIDENOTE_PATH = '/posts/sssssssssssssssss/sidenotes';

const ref = (id: string, n: number) =>
  `<span class="footnote-reference" data-footnote-reference="" data-footnote-index="${n}" data-footnote-id="${id}" role="doc-noteref" id="fnref${id}"><sup><a href="#fn${id}">[${n}]</a></sup></span>`;
const note = (id: string, n: number, html: string) =>
  `<li class="footnote-item" data-footnote-item="" data-footnote-index="${n}" data-footnote-id="${id}" role="doc-endnote" id="fn${id}"><span class="footnote-back-link" data-footnote-back-link="" data-footnote-id="${id}"><sup><strong><a href="#fnref${id}">^</a></strong></sup></span><div class="footnote-content" data-footnote-content="">${html}</div></li>`;

const FILLER =
  'Entropy counts the states a coarse description leaves open, and the argument leans on that count more than on any particular formula for it.';
const para = (extra = '') => `<p>${FILLER} ${FILLER} ${extra}</p>`;

/** The short note's text (fits the 200 px cap). */
export const SHORT_NOTE = 'Short sidenote: the count is of microstates.';
/** The medium note's first words: longer than 200 px, but expanded it fits a 900 px window. */
export const MEDIUM_NOTE = 'Medium sidenote, cut at 200 px until hovered.';
/** The long note's first words: expanded it is taller than the window. */
export const LONG_NOTE = 'Long sidenote, taller than any window.';

const medium = `<p>${MEDIUM_NOTE} It builds on the first note${ref('sn0001', 1)}. ${'It goes on for a while about coarse-graining and what the observer can tell apart. '.repeat(7)}</p>`;
const long = `<p>${LONG_NOTE}</p>${`<p>${'A paragraph of the long note that keeps going, so that even expanded beside its reference it runs past the bottom of the window. '.repeat(4)}</p>`.repeat(9)}`;

/** The ids of the fixture's notes (references are `#fn<id>`, notes `#fn<id>`, reference spans `#fnref<id>`). */
export const NOTE_IDS = { short: 'sn0001', medium: 'sn0002', long: 'sn0003' } as const;

/** The stored post body (what the server sends inside `#postContent`). */
export const SIDENOTE_BODY = `<div>
<h2 id="First_part">First part</h2>
<p><a id="before" href="/elsewhere">before</a> The first claim${ref(NOTE_IDS.short, 1)} uses a <span><span class="JargonTooltip-jargonWord">macrostate</span></span>, a glossary term.</p>
${para()}
<p>The second claim${ref(NOTE_IDS.medium, 2)} needs a longer aside.</p>
${para()}${para()}${para()}${para()}${para()}
<h2 id="Second_part">Second part</h2>
<p>The third claim${ref(NOTE_IDS.long, 3)} needs a very long one.</p>
${para()}${para()}${para()}${para()}${para()}${para()}${para()}${para()}${para()}${para()}${para()}${para()}
<ol class="footnote-section footnotes" data-footnote-section="" role="doc-endnotes">
${note(NOTE_IDS.short, 1, `<p>${SHORT_NOTE}</p>`)}
${note(NOTE_IDS.medium, 2, medium)}
${note(NOTE_IDS.long, 3, long)}
</ol></div>`;

// The site's styles for the parts Lens meets (FM FootnotePreview.tsx, SideItems.tsx, PostsPage.tsx), with the theme's
// breakpoints: `sidenotesHiddenBreakpoint` is `down('md')`, i.e. max-width 1279.95px.
const SITE_CSS = `
body{margin:0;font:17px/1.6 Georgia,serif;color:#222;background:#f8f8f8}
.PostsPage-layout{display:flex;justify-content:center;padding-top:50px}
.PostsPage-centralColumn{width:682px;flex:none;padding:0 16px;background:#fff}
.PostsPage-rightColumn{flex:none;position:relative}
.PostsPage-reserveSpaceForSidenotes{width:300px}
.SideItems-sidebar{position:relative;height:100%}
.SideItems-sideItem{position:absolute;width:100%;transition:top .25s ease-in-out}
.FootnotePreview-sidenote{width:300px;padding:12px;box-sizing:border-box}
.FootnotePreview-sidenote .footnote-back-link,.FootnotePreview-sidenote a[href^="#fnref"]{display:none}
.FootnotePreview-sidenoteWithIndex{display:flex}
.FootnotePreview-sidenoteIndex{display:inline-block;vertical-align:top;font-size:15px;line-height:19px;white-space:nowrap;color:rgba(0,0,0,.65)}
.FootnotePreview-sidenoteContent{display:inline-block;position:relative;vertical-align:top;font-size:15px;line-height:19px;max-width:100%;max-height:200px;overflow:hidden;color:rgba(0,0,0,.65)}
.FootnotePreview-sidenoteContent p{margin:0 0 .5em}
.FootnotePreview-overflowFade{position:absolute;top:160px;height:40px;width:100%;background:linear-gradient(0deg,#fff,transparent)}
.FootnotePreview-sidenoteHover{background:#f0f0f4;border-radius:3px}
.FootnotePreview-sidenoteHover .FootnotePreview-sidenoteContent{max-height:unset;color:#222}
.FootnotePreview-sidenoteHover .FootnotePreview-sidenoteIndex{color:#222}
.FootnotePreview-sidenoteHover .FootnotePreview-overflowFade{display:none}
.FootnotePreview-footnoteMobileIndicator{display:none}
.SideItemLine-line{display:inline-block;width:3px;height:20px;background:#99c}
.FootnotePreview-anchorHover{border:2px solid #3f51b5;margin:-2px;border-radius:2px}
.FootnotePreview-hovercard{padding:16px;max-width:500px;background:#fff;box-shadow:0 1px 5px rgba(0,0,0,.3);font-size:1.1rem}
.FootnotePreview-hovercard .footnote-back-link{display:none}
.LWPopper-default{position:absolute;z-index:10000}
.LWPopper-noMouseEvents{pointer-events:none}
.JargonTooltip-jargonWord{cursor:default}
.JargonTooltip-jargonWord:after{content:"°";display:inline-block;width:4px;height:4px}
.JargonTooltip-card{padding:16px;max-width:350px;background:#fff;box-shadow:0 1px 5px rgba(0,0,0,.3);color:#444}
@media (max-width:1279.95px){
  .FootnotePreview-sidenote{display:none}
  .FootnotePreview-footnoteMobileIndicator{display:inline-block}
  .PostsPage-reserveSpaceForSidenotes{width:50px}
}
`;

/** What React does on the live page, as plain page script (runs in the page's main world, like the site's bundle). */
export const SITE_SCRIPT = `(function (renderDelay) {
  var LG = 1280;
  var app = document.getElementById('__next');
  var post = document.getElementById('postContent');
  var column = document.querySelector('.SideItems-sidebar');
  var portal = document.getElementById('popper-portal');
  var items = [];
  window.__lwCards = 0;
  window.__jargonCards = 0;
  var refs = post.querySelectorAll('a[href^="#fn"]:not([href^="#fnref"])');
  Array.prototype.forEach.call(refs, function (a) {
    var href = a.getAttribute('href');
    var note = null;
    try { note = document.querySelector(href); } catch (e) { return; }
    if (!note || !note.closest('ol')) return;
    var wrap = document.createElement('span');
    var anchor = document.createElement('span');
    a.replaceWith(wrap);
    wrap.append(anchor, a);
    var index = note.getAttribute('data-footnote-index') || '';
    var item = document.createElement('div');
    item.className = 'SideItems-sideItem';
    item.innerHTML = '<div class="FootnotePreview-sidenote"><div class="ContentStyles-base content ContentStyles-postHighlight">' +
      '<span class="FootnotePreview-sidenoteWithIndex"><span class="FootnotePreview-sidenoteIndex">' + index + '.</span>' +
      '<div class="FootnotePreview-sidenoteContent"><div></div><div class="FootnotePreview-overflowFade"></div></div></span></div></div>' +
      '<span class="FootnotePreview-footnoteMobileIndicator"><span class="SideItemLine-line"></span></span>';
    item.querySelector('.FootnotePreview-sidenoteContent > div').innerHTML = note.innerHTML;
    column.append(item);
    items.push({ a: a, anchor: anchor, item: item, sidenote: item.firstChild, note: note, onA: false, onS: false, card: null });
  });
  function layout() {
    var colTop = column.getBoundingClientRect().top;
    var top = 0;
    items.forEach(function (it) {
      var at = it.anchor.getBoundingClientRect().top - colTop - 6;
      var pos = Math.max(top, at);
      it.item.setAttribute('style', 'top:' + pos + 'px');
      top = pos + it.item.clientHeight;
    });
  }
  function paint(it) {
    var on = it.onA || it.onS;
    it.sidenote.classList.toggle('FootnotePreview-sidenoteHover', on);
    it.a.classList.toggle('FootnotePreview-anchorHover', on);
    var wantCard = it.onA && window.innerWidth < LG;
    if (wantCard && !it.card) {
      window.__lwCards++;
      var r = it.a.getBoundingClientRect();
      it.card = document.createElement('div');
      it.card.className = 'LWPopper-default LWPopper-noMouseEvents';
      it.card.style.left = (r.left + scrollX) + 'px';
      it.card.style.top = (r.bottom + scrollY) + 'px';
      it.card.innerHTML = '<div class="FootnotePreview-hovercard"></div>';
      it.card.firstChild.innerHTML = it.note.innerHTML;
      portal.append(it.card);
    } else if (!wantCard && it.card) {
      it.card.remove();
      it.card = null;
    }
    layout();
  }
  function find(node, key) {
    for (var i = 0; i < items.length; i++) if (node && items[i][key].contains(node)) return items[i];
    return null;
  }
  var jargonCard = null;
  var held = [];
  // A site that re-renders only when the test says so (renderDelay < 0): the test can look between the hover and the
  // re-render without racing a timer.
  window.__lwRender = function () { held.splice(0).forEach(paint); };
  function later(it) {
    if (renderDelay < 0) held.push(it);
    else if (renderDelay > 0) setTimeout(function () { paint(it); }, renderDelay);
    else requestAnimationFrame(function () { paint(it); });
  }
  app.addEventListener('mouseover', function (e) {
    var it = find(e.target, 'a');
    if (it && !it.onA) { it.onA = true; later(it); }
    var s = find(e.target, 'sidenote');
    if (s && !s.onS) { s.onS = true; later(s); }
    var term = e.target.closest && e.target.closest('.JargonTooltip-jargonWord');
    if (term && !jargonCard) {
      window.__jargonCards++;
      var r = term.getBoundingClientRect();
      jargonCard = document.createElement('div');
      jargonCard.className = 'LWPopper-default LWPopper-noMouseEvents';
      jargonCard.style.left = (r.left + scrollX) + 'px';
      jargonCard.style.top = (r.bottom + scrollY + 4) + 'px';
      jargonCard.innerHTML = '<div><div class="Paper-root JargonTooltip-card"><div><p><b>Macrostate</b>: the coarse description of a system.</p></div>' +
        '<div class="JargonTooltip-metadata"><span>AI Generated</span></div></div></div>';
      portal.append(jargonCard);
    }
  });
  app.addEventListener('mouseout', function (e) {
    var to = e.relatedTarget;
    var it = find(e.target, 'a');
    if (it && it.onA && !(to && it.a.contains(to))) { it.onA = false; later(it); }
    var s = find(e.target, 'sidenote');
    if (s && s.onS && !(to && s.sidenote.contains(to))) { s.onS = false; later(s); }
    var term = e.target.closest && e.target.closest('.JargonTooltip-jargonWord');
    if (term && jargonCard && !(to && term.contains(to))) { jargonCard.remove(); jargonCard = null; }
  });
  window.addEventListener('resize', layout);
  layout();
})`;

/**
 * The whole page: the stored post and the site's column, with SITE_SCRIPT hydrating it when `hydrate` is set.
 * `renderDelay` (ms) stands for a site slow to re-render after a hover (a long page: the hover's state change
 * re-renders every side item); `'held'` holds every re-render until the page's `__lwRender()` is called; without it
 * the hover shows on the next frame.
 */
export function sidenotePage(options: { hydrate?: boolean; renderDelay?: number | 'held' } = {}): string {
  const hydrate = options.hydrate ?? true;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sidenotes — LessWrong</title>
<meta name="citation_title" content="Sidenotes"><style>${SITE_CSS}</style></head><body>
<div id="__next"><div class="PostsPage-layout">
<div id="postBody" class="PostsPage-centralColumn PostsPage-postBody"><h1 class="PostsPageTitle-root"><a class="PostsPageTitle-link" href="${SIDENOTE_PATH}">Sidenotes</a></h1>
<div class="PostsPage-postContent instapaper_body ContentStyles-base content ContentStyles-postBody"><div class="commentOnSelection">
<div id="postContent">${SIDENOTE_BODY}</div></div></div></div>
<div class="PostsPage-rightColumn"><div class="PostsPage-reserveSpaceForSidenotes"></div><div class="SideItems-sidebar"></div></div>
</div><div id="popper-portal"></div></div>
${hydrate ? `<script>${SITE_SCRIPT}(${options.renderDelay === 'held' ? -1 : (options.renderDelay ?? 0)});</script>` : ''}</body></html>`;
}
