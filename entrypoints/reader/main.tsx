import { render } from 'preact';
import { browserImageDeps, requestImageAccess } from '../../lib/image-access';
import { extractDumpText } from '../../lib/inpage/dump-text';
import { parseDocument, parseText } from '../../lib/parse';
import { enhancePost } from '../../lib/render/enhance';
import { directMathOptions } from '../../lib/render/katex-direct';
import { renderMath } from '../../lib/render/math';
import { sanitizeFully } from '../../lib/store/clean';
import { openLensDB } from '../../lib/store/db';
import { fetchLinkedPost } from '../../lib/store/remote';
import { LibrarySearch } from '../../lib/store/search';
import { requestPersistence, storageUsage } from '../../lib/store/storage';
import { App } from './App';

const dark = () => matchMedia('(prefers-color-scheme: dark)').matches;

async function start(root: HTMLElement) {
  let db: Awaited<ReturnType<typeof openLensDB>>;
  try {
    db = await openLensDB();
  } catch (error) {
    root.textContent = `Lens could not open its library (${String(error)}). Private windows and some storage settings block it.`;
    return;
  }
  const sanitize = (html: string) => sanitizeFully(html);
  render(
    <App
      db={db}
      search={new LibrarySearch(db)}
      sanitize={sanitize}
      dump={{ parseText, parseDocument, extractText: extractDumpText }}
      enhance={(article, post) => {
        void renderMath(article, directMathOptions);
        const previews = enhancePost(article, post, {
          delay: 250,
          theme: dark() ? 'dark' : 'light',
          renderMath: (r) => renderMath(r, directMathOptions),
        });
        return () => previews.destroy();
      }}
      fetchLink={(url) => fetchLinkedPost(url, { fetch: (...a) => fetch(...a), parseDocument })}
      images={browserImageDeps()}
      requestImages={requestImageAccess}
      storage={storageUsage}
      persist={requestPersistence}
    />,
    root,
  );
  // A library that already holds posts asks again for persistence (a service worker cannot ask; see lib/store/storage).
  if ((await db.count('entries')) > 0) void requestPersistence();
}

const root = document.getElementById('app');
if (root) void start(root);
