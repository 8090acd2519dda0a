#!/usr/bin/env node
// Checks the built manifests (.output/chrome-mv3, .output/firefox-mv2) against what Lens promises its readers:
// MV3/MV2 shape, every referenced file present, the icon set, host access limited to LENS_HOSTS (lib/hosts.ts),
// no <all_urls>, no remote code or CSP relaxation, web-accessible resources limited to LENS_HOSTS.
// Run after `npm run build`: npm run check:manifest (under tsx, which loads lib/hosts.ts). Exits 1 with one line per problem.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ICON_SIZES = ['16', '32', '48', '96', '128'];
const FONT = /\.(woff2?|ttf|otf)$/i;
const GECKO_ID = /^([a-z0-9._-]+@[a-z0-9._-]+|\{[0-9a-f-]{36}\})$/i;
const problems = [];

// LENS_HOSTS and IMAGE_HOST_PATTERNS come from lib/hosts.ts itself (run under tsx), as the build computes them.
const { LENS_HOSTS, IMAGE_HOST_PATTERNS } = await import('../../lib/hosts.ts');
for (const [name, list] of [
  ['LENS_HOSTS', LENS_HOSTS],
  ['IMAGE_HOST_PATTERNS', IMAGE_HOST_PATTERNS],
])
  if (!Array.isArray(list) || list.length === 0) throw new Error(`check-manifest: ${name} is empty or missing`);

// Host patterns must stay in the LessWrong family (and the lesswrong.ru aggregator), never broad.
const FAMILY =
  /^(\*|https?):\/\/((www\.|ea\.)?(lesswrong\.com|alignmentforum\.org|greaterwrong\.com|lesswrong\.ru)|forum\.effectivealtruism\.org)\/\*$/;
const HOSTS = LENS_HOSTS;
// Optional host access for saved posts' images (never granted at install, asked per origin on the reader's Save click).
const IMAGE_HOSTS = IMAGE_HOST_PATTERNS;
for (const h of HOSTS)
  if (!FAMILY.test(h)) problems.push(`lib/hosts.ts: LENS_HOSTS entry ${h} is outside the LessWrong family`);

const isHostPattern = (p) => p === '<all_urls>' || /^[a-z*]+:\/\//.test(p);
const isBroad = (p) => p === '<all_urls>' || /^[^:]+:\/\/\*\//.test(p) || /^[^:]+:\/\/\*$/.test(p);

function check(target, expectedVersion) {
  const dir = join(root, '.output', target);
  const where = `${target}/manifest.json`;
  const bad = (msg) => problems.push(`${where}: ${msg}`);
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) return bad('missing (run `npm run build` first)');
  let m;
  try {
    m = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return bad(`not JSON: ${e.message}`);
  }
  const fileExists = (rel, what) => {
    if (typeof rel !== 'string' || rel === '') return bad(`${what}: not a file path`);
    if (/^[a-z]+:/i.test(rel) || rel.startsWith('//')) return bad(`${what}: remote or absolute URL ${rel}`);
    const clean = rel.replace(/^\//, '').split(/[?#]/)[0];
    const p = join(dir, clean);
    if (!existsSync(p) || !statSync(p).isFile()) bad(`${what}: file ${rel} does not exist in the build`);
  };

  if (m.manifest_version !== expectedVersion)
    bad(`manifest_version is ${m.manifest_version}, expected ${expectedVersion}`);
  for (const k of ['name', 'version', 'description']) if (typeof m[k] !== 'string' || !m[k]) bad(`missing "${k}"`);
  if (m.version && !/^\d+(\.\d+){0,3}$/.test(m.version))
    bad(`version "${m.version}" is not 1-4 dot-separated integers`);
  // The manifest's words are `__MSG_name__` references (issue 11): each must exist in every shipped locale (a browser
  // refuses a manifest naming a message its default locale lacks), and the limits apply to every language's words.
  const locales = existsSync(join(dir, '_locales')) ? readdirSync(join(dir, '_locales')) : [];
  const usesMessages = /__MSG_/.test(JSON.stringify(m));
  if (usesMessages && !m.default_locale) bad('uses __MSG_ names but has no default_locale');
  if (m.default_locale && !locales.includes(m.default_locale))
    bad(`default_locale ${m.default_locale} has no _locales folder`);
  const catalogs = locales.map((l) => [l, JSON.parse(readFileSync(join(dir, '_locales', l, 'messages.json'), 'utf8'))]);
  const words = (value) => {
    const name = /^__MSG_(\w+)__$/.exec(value ?? '')?.[1];
    if (!name) return [value];
    return catalogs.map(([locale, catalog]) => {
      if (!catalog[name]) bad(`${locale} has no message ${name} (the manifest names it)`);
      return catalog[name]?.message ?? '';
    });
  };
  for (const ref of JSON.stringify(m).matchAll(/__MSG_(\w+)__/g)) words(ref[0]);
  if (words(m.name).some((w) => w.length > 75)) bad('name longer than 75 characters');
  if (words(m.description).some((w) => w.length > 132))
    bad('description longer than 132 characters (Chrome Web Store limit)');

  // Icons: the whole set, each a real PNG of the declared size.
  const icons = m.icons ?? {};
  for (const size of ICON_SIZES) {
    if (!icons[size]) {
      bad(`icons.${size} missing`);
      continue;
    }
    fileExists(icons[size], `icons.${size}`);
    const p = join(dir, icons[size]);
    if (existsSync(p)) {
      const b = readFileSync(p);
      const isPng = b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      if (!isPng) bad(`icons.${size}: ${icons[size]} is not a PNG`);
      else if (b.readUInt32BE(16) !== Number(size) || b.readUInt32BE(20) !== Number(size))
        bad(`icons.${size}: ${icons[size]} is ${b.readUInt32BE(16)}x${b.readUInt32BE(20)}`);
    }
  }

  // Every file the manifest names must be in the build.
  const action = expectedVersion === 3 ? m.action : (m.browser_action ?? m.page_action);
  if (expectedVersion === 3 && m.browser_action) bad('MV3 must use "action", not "browser_action"');
  if (action) {
    if (action.default_popup) fileExists(action.default_popup, 'action.default_popup');
    const di = action.default_icon;
    if (typeof di === 'string') fileExists(di, 'action.default_icon');
    else if (di) for (const [s, f] of Object.entries(di)) fileExists(f, `action.default_icon.${s}`);
  }
  if (expectedVersion === 3) {
    if (!m.background?.service_worker) bad('background.service_worker missing');
    else fileExists(m.background.service_worker, 'background.service_worker');
    if (m.background?.scripts) bad('MV3 background must not list "scripts"');
  } else {
    const scripts = m.background?.scripts ?? [];
    if (!m.background?.page && scripts.length === 0) bad('background.scripts missing');
    for (const s of scripts) fileExists(s, 'background.scripts');
    if (m.background?.page) fileExists(m.background.page, 'background.page');
  }
  if (m.options_ui?.page) fileExists(m.options_ui.page, 'options_ui.page');
  if (m.options_page) fileExists(m.options_page, 'options_page');
  if (m.side_panel?.default_path) fileExists(m.side_panel.default_path, 'side_panel.default_path');
  if (m.sidebar_action?.default_panel) fileExists(m.sidebar_action.default_panel, 'sidebar_action.default_panel');
  for (const [name, url] of Object.entries(m.chrome_url_overrides ?? {}))
    fileExists(url, `chrome_url_overrides.${name}`);
  (m.content_scripts ?? []).forEach((cs, i) => {
    for (const f of [...(cs.js ?? []), ...(cs.css ?? [])]) fileExists(f, `content_scripts[${i}]`);
    for (const p of cs.matches ?? []) {
      if (isBroad(p)) bad(`content_scripts[${i}].matches has broad pattern ${p}`);
      else if (!HOSTS.includes(p)) bad(`content_scripts[${i}].matches ${p} is not in LENS_HOSTS`);
    }
  });

  // Host access: only LENS_HOSTS, never <all_urls> or wildcard hosts, in any permission list.
  const perms = m.permissions ?? [];
  const hostPerms = expectedVersion === 3 ? (m.host_permissions ?? []) : perms.filter(isHostPattern);
  if (expectedVersion === 3 && perms.some(isHostPattern)) bad('MV3 "permissions" must not hold host patterns');
  for (const p of hostPerms) {
    if (isBroad(p)) bad(`broad host access ${p}`);
    else if (!HOSTS.includes(p)) bad(`host pattern ${p} is not in LENS_HOSTS`);
  }
  // Optional host patterns: exactly IMAGE_HOST_PATTERNS, in the list this manifest version reads optional hosts from.
  const optional = expectedVersion === 3 ? (m.optional_host_permissions ?? []) : [];
  const optionalMv2 = (m.optional_permissions ?? []).filter(isHostPattern);
  if (expectedVersion === 3 && optionalMv2.length) bad('MV3 "optional_permissions" must not hold host patterns');
  const optionalHosts = expectedVersion === 3 ? optional : optionalMv2;
  if (JSON.stringify([...optionalHosts].sort()) !== JSON.stringify([...IMAGE_HOSTS].sort()))
    bad(
      `optional host access ${JSON.stringify(optionalHosts)} is not IMAGE_HOST_PATTERNS ${JSON.stringify(IMAGE_HOSTS)}`,
    );
  for (const p of optionalHosts) if (hostPerms.includes(p)) bad(`optional host pattern ${p} is also always granted`);
  for (const h of HOSTS) if (!hostPerms.includes(h)) bad(`host permission ${h} from LENS_HOSTS is missing`);
  for (const p of ['debugger', 'nativeMessaging', 'proxy', 'webRequestBlocking', 'management', 'tabHide', 'history'])
    if (perms.includes(p)) bad(`permission "${p}" is not something Lens needs`);

  // No remote code and no CSP relaxation: the default CSP is the right one.
  const csp = m.content_security_policy;
  const cspTexts = typeof csp === 'string' ? [csp] : Object.values(csp ?? {});
  for (const c of cspTexts) {
    if (/unsafe-eval|unsafe-inline|https?:|\bdata:|\bblob:|\*/.test(c))
      bad(`content_security_policy relaxes the default: ${c}`);
  }
  if (m.externally_connectable) bad('externally_connectable must not be set');
  if (m.sandbox) bad('sandbox pages must not be declared');
  if (m.update_url) bad('update_url must not be set (store-distributed)');

  // Web-accessible resources: only files that exist, only for LENS_HOSTS (or the extension itself).
  const war = m.web_accessible_resources ?? [];
  if (expectedVersion === 3) {
    war.forEach((entry, i) => {
      if (typeof entry !== 'object') {
        bad(`web_accessible_resources[${i}] must be an object in MV3`);
        return;
      }
      // Fonts may be reachable from every origin (a page Lens runs on through activeTab can be anywhere), but only
      // fonts, and in Chromium only under the per-session dynamic id so sites cannot fingerprint Lens.
      const fontsOnly = (entry.resources ?? []).length > 0 && entry.resources.every((r) => FONT.test(r));
      for (const p of entry.matches ?? []) {
        if (isBroad(p) && fontsOnly && entry.use_dynamic_url === true) continue;
        if (isBroad(p))
          bad(`web_accessible_resources[${i}].matches has broad pattern ${p} (only fonts with use_dynamic_url may)`);
        else if (!HOSTS.includes(p)) bad(`web_accessible_resources[${i}].matches ${p} is not in LENS_HOSTS`);
      }
      if (!entry.matches && !entry.extension_ids) bad(`web_accessible_resources[${i}] has no matches`);
      if ((entry.extension_ids ?? []).includes('*')) bad(`web_accessible_resources[${i}] is open to every extension`);
      for (const r of entry.resources ?? []) {
        if (r === '*' || r === '/*' || r === '**/*') bad(`web_accessible_resources[${i}] exposes every file (${r})`);
        else if (!r.includes('*')) fileExists(r, `web_accessible_resources[${i}]`);
      }
    });
  } else {
    for (const r of war) {
      if (typeof r !== 'string') bad('web_accessible_resources in MV2 must be strings');
      else if (r === '*' || r === '/*' || r === '**/*') bad(`web_accessible_resources exposes every file (${r})`);
      else if (!FONT.test(r))
        bad(`web_accessible_resources exposes ${r}: MV2 resources are open to every site, fonts only`);
      else if (!r.includes('*')) fileExists(r, 'web_accessible_resources');
    }
  }

  // Per-browser settings.
  const gecko = m.browser_specific_settings?.gecko ?? m.applications?.gecko;
  if (target.startsWith('firefox')) {
    if (!gecko?.id) bad('browser_specific_settings.gecko.id missing (storage and IndexedDB need a stable id)');
    else if (!GECKO_ID.test(gecko.id)) bad(`gecko.id "${gecko.id}" is neither email-like nor a {GUID}`);
    if (m.side_panel) bad('Firefox build must use sidebar_action, not side_panel');
    if (perms.includes('sidePanel')) bad('Firefox build must not request "sidePanel"');
    // Its background page has a DOM; only Chrome's service worker needs an offscreen document to save posts.
    if (perms.includes('offscreen')) bad('Firefox build must not request "offscreen"');
  } else {
    if (gecko) bad('Chrome build should not carry gecko settings');
    // Saving parses and sanitises in an offscreen document (lib/background/offscreen.ts): permission and page go together.
    if (perms.includes('offscreen')) fileExists('offscreen.html', 'the offscreen document');
    else bad('Chrome build must request "offscreen" (its service worker saves posts through offscreen.html)');
  }

  return m;
}

const chrome = check('chrome-mv3', 3);
const firefox = check('firefox-mv2', 2);
if (chrome && firefox && chrome.version !== firefox.version)
  problems.push(`versions differ: ${chrome.version} vs ${firefox.version}`);

if (problems.length) {
  console.error(`check-manifest: ${problems.length} problem(s)`);
  for (const p of problems) console.error(`  ✗ ${p}`);
  process.exit(1);
}
console.log(
  `check-manifest: chrome-mv3 and firefox-mv2 manifests OK (${HOSTS.length} hosts, icons ${ICON_SIZES.join('/')})`,
);
