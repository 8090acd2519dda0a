import type { Post } from '../model';
import { parseText } from '../parse/text';
import type { Settings } from '../settings';
import { extractDumpText } from './dump-text';
import { enhancePost } from './enhance';
import { inPageMathOptions } from './katex-loader';
import type { PreviewOptions } from './previews';
import { mountReadingView, type ReadingViewHandle } from './reading-view';

/** What the content script hands the dump reading view: settings, preview options, and where to report the posts. */
export type DumpViewOptions = {
  settings: Settings;
  previews: PreviewOptions | null;
  onPosts: (posts: Post[]) => void;
};

/** The reading view over a dump page (the aggregator, a text file), as published by the injected reading script. */
export type DumpViewApi = { mount: (doc: Document, options: DumpViewOptions) => ReadingViewHandle };

/** Mounts the dump reading view over the page's text, with footnote previews on each post once rendered. */
export function mountDumpView(doc: Document, { settings, previews, onPosts }: DumpViewOptions): ReadingViewHandle {
  const posts: Post[] = [];
  const controllers: { destroy: () => void }[] = [];
  const handle = mountReadingView(
    doc,
    {
      text: () => extractDumpText(doc),
      parse: (text) => {
        const more = parseText(text);
        posts.push(...more);
        return more;
      },
    },
    {
      open: true,
      theme: settings.theme,
      math: inPageMathOptions(),
      enhance: (article, post) => {
        if (previews) controllers.push(enhancePost(article, post, previews));
      },
    },
  );
  void handle.loaded().then(
    () => onPosts(posts),
    (error: unknown) => console.error('[Lens]', error),
  );
  const destroy = handle.destroy;
  handle.destroy = () => {
    for (const c of controllers) c.destroy();
    destroy();
  };
  return handle;
}
