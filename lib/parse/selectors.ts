// Selectors from ForumMagnum (PostsPage.tsx, CommentsListSection.tsx, tableOfContents.ts) and GreaterWrong
// (src/data-viewers/post.lisp, src/clean-html.lisp), as collected in shared/research/lesswrong-markup.md.

/** The post body on lesswrong.com, alignmentforum.org and the EA Forum. */
export const LW_BODY = '#postContent';
/** The post body on GreaterWrong. */
export const GW_BODY = 'main.post div.body-text.post-body';
/** Containers whose headings LessWrong's ToC skips. */
export const TOC_SKIP = '.spoilers, .spoiler, .detailsBlockContent, pre, code';
/** Elements that hold one footnote, in every stored shape (CKEditor/Lexical, markdown-it, kramdown, GreaterWrong). */
export const FOOTNOTE_ITEM =
  'li.footnote-item, li[data-footnote-item], ol.footnotes-list > li, section.footnotes li[id], div.footnotes li[id]';
/** Back-links inside a footnote that lead to its reference. */
export const BACK_LINK =
  'span.footnote-back-link, a.footnote-backref, a.reversefootnote, a[href^="#fnref"], a[href^="#ftnt_ref"]';
