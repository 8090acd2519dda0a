// Every unit test file runs this first (vitest.config.ts setupFiles).
import { configure } from '@testing-library/preact';

// Testing Library's findBy…/waitFor give up after 1 s by default. They wait for a condition, and on this shared
// 2-core machine a reader page reading a fake IndexedDB can take longer than that: test/reader/app.test.tsx failed
// that way once in a full run beside other jobs (issue 10's stability runs). A generous ceiling, not a fixed wait:
// each still passes the moment its condition holds.
configure({ asyncUtilTimeout: 15_000 });

// An EPUB's XHTML files link their stylesheet; happy-dom, told not to load files, would log each refusal as an error
// (test/export/epub.test.ts, the reader's and the sequence page's book exports). Nothing in a unit test needs CSS.
// Files that run in Node's environment (`@vitest-environment node`) have no happy-dom to set.
const happyDOM = (globalThis as { happyDOM?: { settings: { handleDisabledFileLoadingAsSuccess: boolean } } }).happyDOM;
if (happyDOM) happyDOM.settings.handleDisabledFileLoadingAsSuccess = true;
