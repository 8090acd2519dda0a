// What specs that restart a browser on one profile share: the describe block's fixture server, profile and browser,
// set up and torn down with the block, and the clicks and waits on extension pages they all make.
import { afterAll, beforeAll } from 'vitest';
import type { Post } from '../../lib/model';
import { type BrowserName, type LensBrowser, type LensPage, launch, makeProfileDir, removeProfile } from './browsers';
import { type FixtureServer, startFixtureServer } from './server';

/** One browser's run in a describe block: the server and (optionally) a profile kept across the block's restarts. */
export type BrowserRun = {
  /** The fixture server, started before the block's first test. */
  readonly server: FixtureServer;
  /** The open browser, if any. */
  readonly browser: LensBrowser | undefined;
  /** The browser on the run's server and profile: the open one, else a new launch (a restart when one was closed). */
  open(): Promise<LensBrowser>;
  /** Closes the open browser; its profile stays for the next `open`. */
  close(): Promise<void>;
};

/**
 * Registers the block's set-up and tear-down (call it in the describe body): the server starts before the first
 * test; after the last, the browser closes, the server stops and the kept profile is removed. `keepProfile: false`
 * gives each launch a fresh profile instead.
 */
export function browserRun(name: BrowserName, { keepProfile = true } = {}): BrowserRun {
  const profileDir = keepProfile ? makeProfileDir(name) : undefined;
  let server: FixtureServer | undefined;
  let browser: LensBrowser | undefined;
  const started = (): FixtureServer => {
    if (!server) throw new Error('the fixture server starts in beforeAll: use the run inside a test');
    return server;
  };
  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (profileDir) removeProfile(profileDir);
  });
  return {
    get server() {
      return started();
    },
    get browser() {
      return browser;
    },
    async open() {
      browser ??= await launch(name, { server: started(), profileDir });
      return browser;
    },
    async close() {
      const open = browser;
      browser = undefined;
      await open?.close();
    },
  };
}

/** Clicks the page's button whose whole text is `label`, or fails naming it. */
export async function clickButton(page: LensPage, label: string): Promise<void> {
  await page.evaluate((l: string) => {
    const b = [...document.querySelectorAll('button')].find((x) => x.textContent?.trim() === l);
    if (!b) throw new Error(`no button ${l}`);
    b.click();
  }, label);
}

/** Waits until the joined text of the elements `selector` matches `pattern` (a RegExp source), and returns it. */
export async function textMatching(
  page: LensPage,
  selector: string,
  pattern: string,
  timeout = 30_000,
): Promise<string> {
  return (await page.waitFor(
    (a: { selector: string; pattern: string }) => {
      const text = [...document.querySelectorAll(a.selector)].map((s) => s.textContent ?? '').join(' ');
      return new RegExp(a.pattern).test(text) ? text : null;
    },
    { selector, pattern },
    { timeout },
  ))!;
}

/** Sends the `save-post` message the content script sends (no user gesture) from an extension page; the reply. */
export async function sendSave(page: LensPage, post: Post): Promise<unknown> {
  return page.evaluate(async (p: Post) => {
    type Runtime = { runtime: { sendMessage: (m: unknown) => Promise<unknown> } };
    const g = globalThis as unknown as { browser?: Runtime; chrome: Runtime };
    return (g.browser ?? g.chrome).runtime.sendMessage({ type: 'save-post', post: p });
  }, post);
}
