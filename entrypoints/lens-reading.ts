import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { type DumpViewApi, mountDumpView } from '../lib/inpage/dump-view';
import { READING_GLOBAL } from '../lib/inpage/reading-paths';

// Injected by the background into the content script's world only on dump pages (the aggregator, a text file the
// reader runs Lens on), so the post-page content script never carries the text parser and the reading view.
export default defineUnlistedScript(() => {
  const scope = globalThis as Record<string, unknown>;
  scope[READING_GLOBAL] ??= { mount: mountDumpView } satisfies DumpViewApi;
});
