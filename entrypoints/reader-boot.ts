import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { DEFAULT_LOOK, EARLY_PREFS, loadLook, pageLookStorage, resolveTheme } from '../lib/reader/prefs';
import { EARLY_FIRST_SCREEN, readFirstScreen } from '../lib/store/first-screen';

// reader.html's first script, a classic one in its head: it runs as soon as it arrives, while the browser is still
// fetching and compiling the page's modules and stylesheet (they wait for each other, this does not), so opening the
// library and reading the list's first page overlap that wait. entrypoints/reader/boot.ts takes the result over.
export default defineUnlistedScript(() => {
  (globalThis as Record<string, unknown>)[EARLY_FIRST_SCREEN] = readFirstScreen(location.hash);
  // The reader's theme and text size, read beside the library so the first frame is painted in them (no flash of the
  // wrong theme); the storage API is the browser's own here (the polyfill is a module of the page).
  const local = pageLookStorage();
  const look = local ? loadLook(local).catch(() => DEFAULT_LOOK) : Promise.resolve(DEFAULT_LOOK);
  (globalThis as Record<string, unknown>)[EARLY_PREFS] = look.then((l) => {
    const root = document.documentElement;
    const dark = matchMedia('(prefers-color-scheme: dark)').matches;
    root.dataset.theme = resolveTheme(l.prefs.theme, l.optionsTheme, dark);
    root.dataset.width = l.prefs.width;
    root.style.setProperty('--reading-size', `${l.prefs.size}px`);
    return l;
  });
});
