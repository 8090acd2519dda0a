import { render } from 'preact';
import { openLensDB } from '../../lib/store/db';
import { requestPersistence, storageUsage } from '../../lib/store/storage';
import { App, type ReaderDeps } from './App';
import { lazySearch } from './lazy-search';

// Everything heavier than the library list (DOMPurify, the parsers, previews; KaTeX only for math) is a separate chunk
// of the extension package, loaded the first time a post is opened or an import needs it.
let deps: Promise<ReaderDeps> | undefined;
function loadDeps(): Promise<ReaderDeps> {
  deps ??= import('./deps').then(
    (m) => m.readerDeps(),
    (error: unknown) => {
      deps = undefined;
      throw error;
    },
  );
  return deps;
}

async function start(root: HTMLElement) {
  let db: Awaited<ReturnType<typeof openLensDB>>;
  try {
    db = await openLensDB();
  } catch (error) {
    root.textContent = `Lens could not open its library (${String(error)}). Private windows and some storage settings block it.`;
    return;
  }
  render(
    <App db={db} search={lazySearch(db)} deps={loadDeps} storage={storageUsage} persist={requestPersistence} />,
    root,
  );
  // A library that already holds posts asks again for persistence (a service worker cannot ask; see lib/store/storage).
  if ((await db.count('entries')) > 0) void requestPersistence();
}

const root = document.getElementById('app');
if (root) void start(root);
