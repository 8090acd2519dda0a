import { parseText } from '../parse/text';
import { enhancePost } from '../render/enhance';
import { renderMath } from '../render/math';
import type { ThemeSetting } from '../settings';
import { extractDumpText } from './dump-text';
import { inPageMathOptions } from './katex-loader';
import type { PreviewOptions } from './previews';
import { mountReadingView, type ReadingViewHandle } from './reading-view';

/** What the content script decides for a dump page: open the view now or only offer it, the theme, and previews. */
export type DumpPageOptions = {
  open: boolean;
  theme: ThemeSetting;
  /** Footnote preview options for the posts (delay, resolved theme); null turns previews off. */
  previews: Omit<PreviewOptions, 'renderMath'> | null;
};

/**
 * Starts the dump reading view on an aggregator or text-dump page: the page text parsed in slices, previews on every
 * reference, math rendered with KaTeX loaded on demand.
 */
export function startDumpReading(doc: Document, options: DumpPageOptions): ReadingViewHandle {
  const math = inPageMathOptions(false);
  const previews = options.previews;
  return mountReadingView(
    doc,
    { text: () => extractDumpText(doc), parse: parseText },
    {
      open: options.open,
      theme: options.theme,
      math,
      enhance: previews
        ? (root, post) => {
            enhancePost(root, post, { ...previews, renderMath: (body) => renderMath(body, math) });
          }
        : undefined,
    },
  );
}
