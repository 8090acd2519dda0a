// `npx tsx test/i18n/check.ts`: the locale checker's findings as lines to fix (test/i18n/locales.test.ts asserts none).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { codeFiles, compareCatalogs, type Messages, referencedKeys, scanProject, unusedKeys } from './scan';

const root = resolve(import.meta.dirname, '../..');
const read = (l: string) =>
  JSON.parse(readFileSync(resolve(root, `public/_locales/${l}/messages.json`), 'utf8')) as Messages;
const catalogs = { en: read('en'), ru: read('ru') };
const lines = [
  ...scanProject(root).map((f) => `${f.file}:${f.line}: literal (${f.why}): ${f.text.replace(/\s+/g, ' ')}`),
  ...compareCatalogs(catalogs),
  ...unusedKeys(catalogs.en, referencedKeys(root, codeFiles(root))).map((k) => `unused message: ${k}`),
];
for (const line of lines) console.log(line);
console.log(lines.length ? `${lines.length} problems` : 'locales and UI code: clean');
process.exitCode = lines.length ? 1 : 0;
