import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { EARLY_FIRST_SCREEN, readFirstScreen } from '../lib/store/first-screen';

// reader.html's first script, a classic one in its head: it runs as soon as it arrives, while the browser is still
// fetching and compiling the page's modules and stylesheet (they wait for each other, this does not), so opening the
// library and reading the list's first page overlap that wait. entrypoints/reader/boot.ts takes the result over.
export default defineUnlistedScript(() => {
  (globalThis as Record<string, unknown>)[EARLY_FIRST_SCREEN] = readFirstScreen(location.hash);
});
