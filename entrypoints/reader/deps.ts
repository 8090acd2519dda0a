import { browserImageDeps, requestImageAccess } from '../../lib/image-access';
import { extractDumpText } from '../../lib/inpage/dump-text';
import { enhancePost } from '../../lib/inpage/enhance';
import { parseDocument, parseText } from '../../lib/parse';
import { KATEX_FONT_DIR } from '../../lib/render/katex-paths';
import type { RenderMathOptions } from '../../lib/render/math';
import { renderMath } from '../../lib/render/math';
import { sanitizeFully } from '../../lib/store/clean';
import { fetchLinkedPost } from '../../lib/store/remote';
import type { ReaderDeps } from './App';

/** The previews' theme: the reader's own (App paints it on <html>; sepia previews are light), else the system's. */
function previewTheme(): 'light' | 'dark' {
  const painted = document.documentElement.dataset.theme;
  if (painted) return painted === 'dark' ? 'dark' : 'light';
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

// KaTeX (about 290 KB) loads only when a post has an equation left to render, not with the post view.
const mathOptions: RenderMathOptions = {
  katex: async () => (await import('../../lib/render/katex-direct')).directMathOptions.katex(),
  fontUrl: (file) => `/${KATEX_FONT_DIR}/${file}`,
};

/** The reader's heavier dependencies (DOMPurify, the parsers, previews), loaded when a post or an import needs them. */
export function readerDeps(): ReaderDeps {
  return {
    sanitize: (html) => sanitizeFully(html),
    dump: { parseText, parseDocument, extractText: extractDumpText },
    enhance: (article, post) => {
      void renderMath(article, mathOptions);
      const previews = enhancePost(article, post, {
        delay: 250,
        theme: previewTheme(),
        renderMath: (r) => renderMath(r, mathOptions),
      });
      // A theme changed while reading (the toolbar, or the options page) reaches open and later previews too.
      const watch = new MutationObserver(() => previews.update({ theme: previewTheme() }));
      watch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
      return () => {
        watch.disconnect();
        previews.destroy();
      };
    },
    fetchLink: (url) => fetchLinkedPost(url, { fetch: (...a) => fetch(...a), parseDocument }),
    images: browserImageDeps(),
    requestImages: requestImageAccess,
  };
}
