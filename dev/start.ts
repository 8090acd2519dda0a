/**
 * `npm start`: builds Lens and opens a real browser window with it loaded, in a temporary profile, on the offline demo
 * (dev/demo.ts) or, with `--live`, on the real sites. Ctrl-C (or closing the window) stops the browser and the server
 * and deletes the profile. Every failure a newcomer can meet is one line on stderr and a non-zero exit.
 *
 *   npm start [-- --firefox] [-- --live] [-- --port N] [-- --no-build] [-- --remote-debugging-port N]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser as PpBrowser } from 'puppeteer-core';
import { type BrowserKind, chromiumArgs, EXECUTABLES, firefoxProxyPrefs, PACKAGES } from './browser-setup';
import { type DemoUrls, registerDemo } from './demo';
import { FixtureServer } from './fixture-server';
import { startLanguage } from './start-page-text';

const ROOT = resolve(import.meta.dirname, '..');
const BUILD_DIRS: Record<BrowserKind, string> = {
  chromium: join(ROOT, '.output', 'chrome-mv3'),
  firefox: join(ROOT, '.output', 'firefox-mv2'),
};
const DEFAULT_PORT = 8931;

/** A failure the user can fix: printed as one line, never as a stack trace. */
class Refusal extends Error {}

function parseOptions() {
  try {
    const { values } = parseArgs({
      options: {
        firefox: { type: 'boolean', default: false },
        live: { type: 'boolean', default: false },
        port: { type: 'string', default: String(DEFAULT_PORT) },
        'no-build': { type: 'boolean', default: false },
        'remote-debugging-port': { type: 'string' },
      },
    });
    const port = Number(values.port);
    const debugPort =
      values['remote-debugging-port'] === undefined ? undefined : Number(values['remote-debugging-port']);
    for (const p of [port, debugPort])
      if (p !== undefined && !(Number.isInteger(p) && p > 0 && p < 65536))
        throw new Refusal(`not a port number: ${p}; use e.g. --port ${DEFAULT_PORT}`);
    if (debugPort !== undefined && values.firefox)
      throw new Refusal('--remote-debugging-port is for Chromium (Firefox is driven over WebDriver BiDi)');
    return {
      browser: (values.firefox ? 'firefox' : 'chromium') as BrowserKind,
      live: values.live,
      port,
      build: !values['no-build'],
      debugPort,
    };
  } catch (error) {
    if (error instanceof Refusal) throw error;
    throw new Refusal(`${(error as Error).message}; usage: npm start [-- --firefox] [--live] [--port N]`);
  }
}

/** Resolves when `port` on 127.0.0.1 can be listened on; refuses naming the port otherwise. */
async function portFree(port: number, what: string, flag: string): Promise<void> {
  await new Promise<void>((done, fail) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'EADDRINUSE'
          ? new Refusal(
              `port ${port} (${what}) is taken: free it (see \`ss -ltnp 'sport = :${port}'\`) or pick another with \`npm start -- ${flag} <port>\``,
            )
          : new Refusal(`cannot listen on 127.0.0.1:${port} (${what}): ${error.code ?? error.message}`),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => done()));
  });
}

function preflight(browser: BrowserKind): void {
  if (!existsSync(EXECUTABLES[browser]))
    throw new Refusal(
      `${browser === 'chromium' ? 'Chromium' : 'Firefox ESR'} is not installed (no ${EXECUTABLES[browser]}): \`sudo apt-get install ${PACKAGES[browser]}\`, or set ${browser === 'chromium' ? 'CHROMIUM_PATH' : 'FIREFOX_PATH'}`,
    );
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    throw new Refusal(
      'no display to open a browser window on (DISPLAY is not set): run it in a desktop session, or under a virtual one with `xvfb-run -a npm start` (`sudo apt-get install xvfb`)',
    );
}

async function build(browser: BrowserKind): Promise<void> {
  console.log(`Building Lens for ${browser === 'chromium' ? 'Chromium' : 'Firefox'}…`);
  const args = ['build', ...(browser === 'firefox' ? ['-b', 'firefox'] : [])];
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'wxt'), args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  const code = await new Promise<number | null>((done) => {
    child.once('exit', done);
    child.once('error', () => done(-1));
  });
  if (code !== 0) {
    process.stderr.write(output);
    throw new Refusal(
      `the build failed (wxt ${args.join(' ')}, output above); \`npm ci\` first if node_modules is missing`,
    );
  }
}

/** A running browser: how to stop it, and a promise that settles when it has gone. */
type Running = {
  stop(): Promise<void>;
  exited: Promise<void>;
  note?: string;
  /** The browser's own last complaint, when it quit before showing a window. */
  lastWords?: () => string;
};

async function launchChromium(
  dir: string,
  profile: string,
  urls: string[],
  port: number | undefined,
  debugPort: number | undefined,
): Promise<Running> {
  const args = [
    `--user-data-dir=${profile}`,
    ...chromiumArgs(dir, port),
    ...(debugPort === undefined ? [] : [`--remote-debugging-port=${debugPort}`]),
    // No infobar about the host-resolver switch: the demo needs it, and the reader should see the page.
    '--test-type',
    '--window-size=1400,950',
    ...urls,
  ];
  // Its own process group: Ctrl-C reaches only this script, which then closes the browser and all its helpers.
  const child: ChildProcess = spawn(EXECUTABLES.chromium, args, {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (d) => {
    log = (log + d).slice(-4000);
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await new Promise<void>((done, fail) => {
    child.once('spawn', () => done());
    child.once('error', (e) => fail(new Refusal(`could not start ${EXECUTABLES.chromium}: ${e.message}`)));
  });
  if (debugPort !== undefined)
    await new Promise<void>((done, fail) => {
      const check = () => {
        if (log.includes('DevTools listening on')) done();
      };
      child.stderr?.on('data', check);
      child.once('exit', () => fail(new Refusal(`Chromium exited at once: ${log.trim().split('\n').pop()}`)));
      check();
    });
  const group = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  return {
    exited,
    lastWords: () => {
      const lines = log.trim().split('\n');
      return (
        lines.find((line) => /Missing X server|cannot open display/i.test(line)) ??
        lines.filter((line) => /ERROR|error/.test(line)).pop() ??
        `exit code ${child.exitCode}`
      );
    },
    async stop() {
      group('SIGTERM');
      const late = setTimeout(() => group('SIGKILL'), 5000);
      await exited;
      clearTimeout(late);
      group('SIGKILL'); // helpers (zygote, crashpad) that outlive the main process
    },
  };
}

async function launchFirefox(dir: string, profile: string, urls: string[], port: number | undefined): Promise<Running> {
  const puppeteer = (await import('puppeteer-core')).default;
  const browser: PpBrowser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: EXECUTABLES.firefox,
    headless: false,
    userDataDir: profile,
    defaultViewport: null,
    // This script handles Ctrl-C itself so it can also stop the server and delete the profile.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: ['--width=1400', '--height=950'],
    extraPrefsFirefox: {
      ...(port === undefined ? {} : firefoxProxyPrefs(port)),
      'browser.shell.checkDefaultBrowser': false,
      'browser.aboutwelcome.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
    },
  });
  await browser.installExtension(dir);
  const [first] = await browser.pages();
  const tabs = [first ?? (await browser.newPage())];
  for (let i = 1; i < urls.length; i++) tabs.push(await browser.newPage());
  await Promise.all(tabs.map((tab, i) => tab.goto(urls[i] ?? 'about:blank', { waitUntil: 'domcontentloaded' })));
  await tabs[0]?.bringToFront();
  // Puppeteer is connected anyway: say whether Lens came up on the post, as the content script marks it.
  const post = tabs[1];
  const ready = await post
    ?.waitForFunction(() => performance.getEntriesByName('lens:previews-ready').length > 0, { timeout: 60_000 })
    .then(
      () => true,
      () => false,
    );
  const process_ = browser.process();
  const exited = new Promise<void>((done) => {
    if (!process_ || process_.exitCode !== null) done();
    else process_.once('exit', () => done());
  });
  // Puppeteer keeps a WebDriver connection open; it is only a leash, so let go of it once the window is up.
  return {
    exited,
    note: ready ? 'Lens is running on the post (its footnote previews are ready).' : undefined,
    async stop() {
      await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]);
      if (process_?.exitCode === null) process_.kill('SIGKILL');
      await exited;
    },
  };
}

let stopping = false;

async function main(): Promise<void> {
  const options = parseOptions();
  preflight(options.browser);
  await portFree(options.port, 'the demo server', '--port');
  if (options.debugPort !== undefined) await portFree(options.debugPort, 'remote debugging', '--remote-debugging-port');
  if (options.build) await build(options.browser);
  const dir = BUILD_DIRS[options.browser];
  if (!existsSync(join(dir, 'manifest.json')))
    throw new Refusal(`${dir} is not built: run \`npm start\` without --no-build`);

  const server = new FixtureServer(options.port);
  try {
    await server.start();
  } catch {
    throw new Refusal(`port ${options.port} (the demo server) is taken: free it or pick another with --port`);
  }
  const urls: DemoUrls = registerDemo(server, options.live ? 'live' : 'demo', startLanguage());
  const profile = mkdtempSync(join(tmpdir(), `lens-start-${options.browser}-`));
  const cleanup = async (running?: Running) => {
    stopping = true;
    await running?.stop();
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
  };

  let running: Running | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    console.log(`\n${signal === 'SIGINT' ? 'Ctrl-C' : signal}: closing the browser, the server and the profile…`);
    cleanup(running).then(
      () => {
        console.log('Stopped; nothing left running.');
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);

  const pages = [urls.start, urls.post];
  const mapped = options.live ? undefined : server.port;
  try {
    running =
      options.browser === 'chromium'
        ? await launchChromium(dir, profile, pages, mapped, options.debugPort)
        : await launchFirefox(dir, profile, pages, mapped);
  } catch (error) {
    await cleanup();
    if (error instanceof Refusal) throw error;
    // Puppeteer's message carries the browser's whole stderr and a troubleshooting link: keep the line that says why.
    const lines = String((error as Error).message ?? error).split('\n');
    const why = lines.find((l) => /cannot open display|Missing X server/i.test(l));
    throw new Refusal(
      why
        ? `the browser found no usable display (${why.trim()}): run it in a desktop session, or as \`xvfb-run -a npm start\` (\`sudo apt-get install xvfb\`)`
        : `the browser did not start: ${(lines.find((l) => l.trim()) ?? '').trim().slice(0, 200)}`,
    );
  }
  // Up means the window asked for its first tab, the start page.
  const started = Date.now();
  let gone = false;
  void running.exited.then(() => {
    gone = true;
  });
  while (!stopping && !server.requests.some((r) => r.path === '/')) {
    if (gone) {
      const words = running.lastWords?.().replace(/^\[[^\]]*\]\s*/, '') ?? '';
      await cleanup(running);
      throw new Refusal(
        /X server|DISPLAY|display/i.test(words)
          ? `the browser found no usable display (${words.slice(0, 120)}): run it in a desktop session, or as \`xvfb-run -a npm start\` (\`sudo apt-get install xvfb\`)`
          : `the browser quit before opening a window: ${words.slice(0, 200)}`,
      );
    }
    if (Date.now() - started > 90_000) {
      await cleanup(running);
      throw new Refusal('the browser window did not open the start page within 90 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (stopping) return;
  console.log(
    [
      `Lens is open in ${options.browser === 'chromium' ? 'Chromium' : 'Firefox ESR'}${options.live ? ' on the real sites' : ' on the offline demo'}.`,
      `  start page:  ${urls.start}`,
      `  post:        ${urls.post}`,
      `  profile:     ${profile} (temporary)`,
      ...(running.note ? [running.note] : []),
      ...(options.debugPort === undefined ? [] : [`  debugging:   http://127.0.0.1:${options.debugPort}`]),
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
  await running.exited;
  if (stopping) return;
  // The window was closed by hand: tidy up the same way.
  await cleanup();
  console.log('The browser closed; server stopped and profile deleted.');
}

main().catch((error: unknown) => {
  if (error instanceof Refusal) {
    process.stderr.write(`npm start: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`npm start: unexpected failure: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(2);
});
