// The fixture corpus, Readability style: every folder of test/fixtures/ holds one input and the expected output.
//   input.txt                     → parseText(input)
//   input.html + meta.json {url}  → parseDocument(new DOMParser().parseFromString(input), url)
//   generate.ts (default export () => string, and `kind` 'text' | 'html', optional `url`) for inputs too big to commit
// expected.json holds the full output, or for outputs over 512 KB a summary plus a SHA-256 of the full output.
// `npm run fixtures:update` rewrites expected.json from the current parser; review the diff before committing.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Post } from '../../lib/model';
import { parseDocument, parseText } from '../../lib/parse';

const ROOT = join(import.meta.dirname, '..', 'fixtures');
const UPDATE = process.env.UPDATE_FIXTURES === '1';
const FULL_LIMIT = 512 * 1024;

type Input = { kind: 'text' | 'html'; text: string; url: string };

async function loadInput(dir: string): Promise<Input> {
  if (existsSync(join(dir, 'input.txt'))) {
    return { kind: 'text', text: readFileSync(join(dir, 'input.txt'), 'utf8'), url: '' };
  }
  if (existsSync(join(dir, 'input.html'))) {
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { url: string };
    return { kind: 'html', text: readFileSync(join(dir, 'input.html'), 'utf8'), url: meta.url };
  }
  const gen = (await import(join(dir, 'generate.ts'))) as {
    default: () => string;
    kind: 'text' | 'html';
    url?: string;
  };
  return { kind: gen.kind, text: gen.default(), url: gen.url ?? '' };
}

function run(input: Input): Post[] | Post | null {
  if (input.kind === 'text') return parseText(input.text);
  const doc = new DOMParser().parseFromString(input.text, 'text/html');
  return parseDocument(doc as unknown as Document, input.url);
}

function summarise(output: Post[] | Post | null): unknown {
  const posts = output === null ? [] : Array.isArray(output) ? output : [output];
  return posts.map((p) => ({
    id: p.id,
    title: p.title,
    htmlLength: p.html.length,
    headings: p.headings.length,
    footnotes: p.footnotes.length,
    refs: p.footnotes.reduce((n, f) => n + f.refIds.length, 0),
    math: p.math.length,
  }));
}

function expectation(output: Post[] | Post | null): unknown {
  const json = JSON.stringify(output);
  if (json.length <= FULL_LIMIT) return output;
  return { summary: summarise(output), sha256: createHash('sha256').update(json).digest('hex') };
}

const cases = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('fixture corpus', () => {
  test('every case has an input and an expectation', () => {
    for (const name of cases) {
      const dir = join(ROOT, name);
      const inputs = ['input.txt', 'input.html', 'generate.ts'].filter((f) => existsSync(join(dir, f)));
      expect(inputs, name).toHaveLength(1);
      if (inputs[0] === 'input.html') expect(existsSync(join(dir, 'meta.json')), `${name}/meta.json`).toBe(true);
      if (!UPDATE) expect(existsSync(join(dir, 'expected.json')), `${name}/expected.json`).toBe(true);
    }
  });

  test.each(cases)('%s parses as expected', async (name) => {
    const dir = join(ROOT, name);
    const input = await loadInput(dir);
    const got = JSON.parse(JSON.stringify(expectation(run(input))));
    const file = join(dir, 'expected.json');
    if (UPDATE) {
      writeFileSync(file, `${JSON.stringify(got, null, 2)}\n`);
      return;
    }
    expect(got).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });
});
