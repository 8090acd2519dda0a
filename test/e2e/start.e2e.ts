// Issue 11, "npm start: the product in one command": the real `npm start` (it builds, then opens a headed browser) run
// under Xvfb as a newcomer would, checked through Chromium's remote debugging port: the window came up with Lens
// loaded, a footnote preview opens on the demo post, and Ctrl-C leaves no process, port or profile behind. Also the
// one-line refusals: no display, no browser, port taken.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** A port nobody listens on right now (the kernel's pick, released at once). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', () => done()));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((done) => probe.close(() => done()));
  return port;
}

async function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1');
  });
}

/** Processes whose command line mentions `needle` (the temporary profile is on every browser process's). */
function processesMentioning(needle: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(needle)) found.push(`${pid} ${cmd.slice(0, 120)}`);
    } catch {
      // Gone between the listing and the read.
    }
  }
  return found;
}

/** Live processes of process group `pgid` (field 5 of /proc/PID/stat; zombies count as gone). */
function groupMembers(pgid: number): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') found.push(`${pid} ${stat.slice(0, 80)}`);
    } catch {
      // Gone between the listing and the read.
    }
  }
  return found;
}

/** The environment of a terminal with no display at all. */
function headlessEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  return { ...env, ...extra };
}

/** Runs `npm start -- args` to completion (for the refusals, which happen before anything is built or launched). */
function startRefused(args: string[], env: NodeJS.ProcessEnv) {
  const run = spawnSync('npm', ['start', '--', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderrLines: run.stderr.trim().split('\n') };
}

/** One `xvfb-run -a npm start -- args` run, up to "Press Ctrl-C to stop." */
type Run = {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  profile: string;
  closed: Promise<void>;
  exited: Promise<void>;
};

const runs: Run[] = [];

async function startUnderXvfb(args: string[]): Promise<Run> {
  // Its own process group, as a terminal gives a foreground job: the SIGINT later reaches it all, as Ctrl-C does.
  const proc = spawn('xvfb-run', ['-a', 'npm', 'start', '--', ...args], {
    cwd: ROOT,
    env: headlessEnv(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Every process of the run holds these pipes: both close only when the last of them (npm start's node) has exited.
  const closed = Promise.all(
    [proc.stdout, proc.stderr].map((s) => new Promise<void>((done) => s?.once('close', () => done()))),
  ).then(() => {});
  // xvfb-run itself (the job's leader) can still be cleaning up (stopping its Xvfb) after the pipes closed.
  const exited = new Promise<void>((done) => proc.once('exit', () => done()));
  let stdout = '';
  let stderr = '';
  proc.stderr?.on('data', (d) => {
    stderr += d;
  });
  const run: Run = { proc, stdout: () => stdout, stderr: () => stderr, profile: '', closed, exited };
  runs.push(run);
  await new Promise<void>((done, fail) => {
    proc.stdout?.on('data', (d) => {
      stdout += d;
      if (stdout.includes('Press Ctrl-C to stop.')) done();
    });
    proc.once('exit', (code) =>
      fail(new Error(`npm start exited (${code}) before the browser came up:\n${stdout}\n${stderr}`)),
    );
  });
  run.profile = /profile: +(\S+)/.exec(stdout)?.[1] ?? '';
  return run;
}

/** Ctrl-C, then everything the run started must be gone: processes, ports, the profile. */
async function interruptAndCheck(run: Run, ports: number[]): Promise<void> {
  // The terminal signals the whole foreground job (xvfb-run, npm, node, Xvfb).
  process.kill(-run.proc.pid!, 'SIGINT');
  await Promise.all([run.closed, run.exited]);
  expect(run.stdout()).toContain('Ctrl-C: closing the browser, the server and the profile');
  expect(run.stdout()).toContain('Stopped; nothing left running.');
  expect(run.stderr()).toBe('');
  // xvfb-run's clean-up signals its Xvfb without waiting for it: the job is over once the group is empty.
  const deadline = Date.now() + 10_000;
  while (groupMembers(run.proc.pid!).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50)); // the polling interval
  expect(groupMembers(run.proc.pid!)).toEqual([]);
  expect(existsSync(run.profile)).toBe(false);
  expect(processesMentioning(run.profile)).toEqual([]);
  for (const port of ports) expect(await listening(port)).toBe(false);
}

describe('npm start under Xvfb', () => {
  afterAll(() => {
    // Only if a test failed half-way: the whole group the test started, and the profile it left.
    for (const run of runs) {
      if (run.proc.pid && groupMembers(run.proc.pid).length > 0) process.kill(-run.proc.pid, 'SIGKILL');
      if (run.profile.includes('lens-start-')) rmSync(run.profile, { recursive: true, force: true });
    }
  });

  test('Chromium: opens the demo with Lens working; Ctrl-C closes the browser and the server and deletes the profile', async () => {
    const port = await freePort();
    const debugPort = await freePort();
    const run = await startUnderXvfb([`--port=${port}`, `--remote-debugging-port=${debugPort}`]);
    const profile = run.profile;
    expect(profile).toMatch(/lens-start-chromium-/);
    expect(existsSync(profile)).toBe(true);
    expect(processesMentioning(profile).length).toBeGreaterThan(0);
    expect(await listening(port)).toBe(true);

    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${debugPort}`);
    try {
      const [context] = browser.contexts();
      if (!context) throw new Error('no browser context over CDP');
      const pages = context.pages();
      // The start page, served by the demo server (CDP lists targets, not tabs in order).
      const start = pages.find((p) => p.url() === `http://127.0.0.1:${port}/`);
      expect(await start?.title()).toBe('Lens: try it');
      const post = pages.find((p) => p.url().startsWith('http://www.lesswrong.com/posts/REA49tL5jsh69X3aM/'));
      if (!post) throw new Error(`no demo post tab among ${pages.map((p) => p.url()).join(', ')}`);
      await post.bringToFront();
      await post.waitForFunction(() => performance.getEntriesByName('lens:previews-ready').length > 0, undefined, {
        timeout: 30_000,
      });
      // The post's figures are served locally (drawn by the demo), not broken remote images.
      const figures = await post.evaluate(() =>
        [...document.querySelectorAll<HTMLImageElement>('#postContent img')].map(
          (i) => i.complete && i.naturalWidth > 0,
        ),
      );
      expect(figures.length).toBe(8);
      expect(figures.every(Boolean)).toBe(true);
      const ref = post.locator('#postContent a[href="#fna26yynbcolo"]').first();
      await ref.scrollIntoViewIfNeeded();
      await ref.hover();
      const preview = await post.waitForFunction(
        () => document.getElementById('lens-preview-host')?.shadowRoot?.textContent?.replace(/\s+/g, ' ') || null,
        undefined,
        { timeout: 20_000 },
      );
      expect(await preview.jsonValue()).toContain('The quickest gloss is that optimization is a decrease in entropy.');
    } finally {
      await browser.close(); // over CDP this only disconnects
    }

    await interruptAndCheck(run, [port, debugPort]);
  }, 240_000);

  test('Firefox: opens the demo with Lens running on the post; Ctrl-C closes everything and deletes the profile', async () => {
    const port = await freePort();
    const run = await startUnderXvfb(['--firefox', `--port=${port}`]);
    expect(run.profile).toMatch(/lens-start-firefox-/);
    expect(run.stdout()).toContain('Lens is open in Firefox ESR on the offline demo.');
    expect(processesMentioning(run.profile).length).toBeGreaterThan(0);
    // npm start drives Firefox over WebDriver BiDi anyway and reports Lens's content script ready on the post.
    expect(run.stdout()).toContain('Lens is running on the post (its footnote previews are ready).');
    await interruptAndCheck(run, [port]);
  }, 240_000);
});

describe('npm start refuses in one line', () => {
  let blocker: Server | undefined;
  afterAll(async () => {
    await new Promise<void>((done) => (blocker ? blocker.close(() => done()) : done()));
  });

  test('without a display it names xvfb', () => {
    const run = startRefused(['--no-build'], headlessEnv());
    expect(run.status).toBe(1);
    expect(run.stderrLines).toHaveLength(1);
    expect(run.stderrLines[0]).toMatch(/^npm start: no display .*xvfb-run -a npm start.*apt-get install xvfb/);
  });

  test.each([
    ['Chromium', []],
    ['Firefox', ['--firefox']],
  ])('%s: with DISPLAY naming no X server it names xvfb, and leaves no profile', async (_name, args) => {
    const port = await freePort();
    const before = readdirSync(tmpdir()).filter((d) => d.startsWith('lens-start-'));
    // Display numbers this high are never served here: the browser quits at once.
    const run = startRefused([...args, `--port=${port}`, '--no-build'], headlessEnv({ DISPLAY: ':4242' }));
    expect(run.status).toBe(1);
    expect(run.stderrLines).toEqual([
      expect.stringMatching(/^npm start: the browser found no usable display .*xvfb-run -a npm start/),
    ]);
    expect(readdirSync(tmpdir()).filter((d) => d.startsWith('lens-start-') && !before.includes(d))).toEqual([]);
    expect(await listening(port)).toBe(false);
  });

  test('without the browser it names the package to install', () => {
    const run = startRefused(['--no-build'], headlessEnv({ DISPLAY: ':0', CHROMIUM_PATH: '/nonexistent/chromium' }));
    expect(run.status).toBe(1);
    expect(run.stderrLines).toEqual([
      expect.stringMatching(/^npm start: Chromium is not installed .*apt-get install chromium/),
    ]);
    const firefox = startRefused(
      ['--firefox', '--no-build'],
      headlessEnv({ DISPLAY: ':0', FIREFOX_PATH: '/nonexistent/firefox' }),
    );
    expect(firefox.status).toBe(1);
    expect(firefox.stderrLines).toEqual([expect.stringMatching(/apt-get install firefox-esr/)]);
  });

  test('with its port taken it names the port to free', async () => {
    const port = await freePort();
    blocker = createServer();
    await new Promise<void>((done) => blocker!.listen(port, '127.0.0.1', () => done()));
    // A display is set so the port check is what refuses; nothing is launched either way.
    const run = startRefused([`--port=${port}`, '--no-build'], headlessEnv({ DISPLAY: ':0' }));
    expect(run.status).toBe(1);
    expect(run.stderrLines).toEqual([
      expect.stringMatching(new RegExp(`^npm start: port ${port} .* is taken: free it`)),
    ]);
  });
});
