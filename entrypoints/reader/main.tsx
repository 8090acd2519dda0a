// First: boot.ts takes over the library and first page that reader-boot.js (the page's first, classic script) is
// reading, or starts reading them itself, before the modules below evaluate.
import './boot';
import { render } from 'preact';
import { messagesLanguage, t } from '../../lib/i18n';
import {
  DEFAULT_LOOK,
  EARLY_PREFS,
  loadLook,
  pageLookStorage,
  pageStorageChanges,
  type StoredLook,
  saveReaderPrefs,
  watchOptionsTheme,
} from '../../lib/reader/prefs';
import { requestPersistence, storageUsage } from '../../lib/store/storage';
import { App, type ReaderDeps } from './App';
import { firstScreen } from './boot';
import { lazySearch } from './lazy-search';

// The bench's timeline of an opening library: the modules evaluated (marks lens:reader-modules, then
// lens:reader-rendered after the first render).
performance.mark('lens:reader-modules');

// Everything heavier than the library list (DOMPurify, the parsers, previews; KaTeX only for math) is a separate chunk
// of the extension package, loaded the first time a post is opened or an import needs it.
// The page speaks the messages' language (screen readers, hyphenation), and its title says so before the list.
document.documentElement.lang = messagesLanguage();
document.title = t('libraryTitle');

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
  // Opened, and the list's first page read, while the page's modules were still loading (reader-boot.js, boot.ts).
  const storage = pageLookStorage();
  const changes = pageStorageChanges();
  // The look was read beside the first screen (reader-boot.js); read here if that script did not run.
  const early = (globalThis as Record<string, unknown>)[EARLY_PREFS] as Promise<StoredLook> | undefined;
  // The first screen does not wait for it: reader-boot.js paints the theme on <html> itself when it arrives.
  const look = (early ?? (storage ? loadLook(storage) : Promise.resolve(DEFAULT_LOOK))).catch(() => DEFAULT_LOOK);
  const first = await firstScreen;
  if (!first.ok) {
    root.textContent = first.error;
    return;
  }
  const { db, page } = first;
  render(
    <App
      db={db}
      search={lazySearch(db)}
      deps={loadDeps}
      storage={storageUsage}
      persist={requestPersistence}
      firstPage={page ?? undefined}
      look={look}
      saveLook={(prefs) => {
        if (storage) void saveReaderPrefs(storage, prefs);
      }}
      watchOptionsTheme={changes ? (onChange) => watchOptionsTheme(changes, onChange) : undefined}
    />,
    root,
  );
  performance.mark('lens:reader-rendered');
  // A library that already holds posts asks again for persistence (a service worker cannot ask; see lib/store/storage).
  if ((page ? page.total : await db.count('entries')) > 0) void requestPersistence();
}

const root = document.getElementById('app');
if (root) void start(root);
