/**
 * What a README screenshot is: a file under docs/ and how to take it in a browser with Lens loaded on the offline demo
 * (dev/demo.ts). `npm run screenshots` runs every `*.shot.ts` file in this folder; add a file there to add pictures.
 */
import type { DemoUrls } from '../../dev/demo';
import type { FixtureServer } from '../../dev/fixture-server';
import type { LensBrowser, LensPage } from '../e2e/browsers';

/** What a shot gets: the browser (headless Chromium, Lens loaded), the demo server and its pages, and helpers. */
export type ShotContext = {
  browser: LensBrowser;
  server: FixtureServer;
  demo: DemoUrls;
  /** Absolute path for a picture under docs/. */
  out: (file: string) => string;
  /** Writes one picture of two pages side by side (a page and the side panel), as the browser shows them. */
  sideBySide: (left: LensPage, right: LensPage, file: string) => Promise<void>;
};

/** One README picture. */
export type Shot = {
  /** File name under docs/ (also what `npm run screenshots -- NAME` selects by). */
  file: string;
  take: (context: ShotContext) => Promise<void>;
};
