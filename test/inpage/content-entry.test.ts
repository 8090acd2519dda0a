import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

const hostsIn = (file: string, name: string) => {
  const src = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
  const list = new RegExp(`const ${name}\\s*=\\s*\\[([\\s\\S]*?)\\]`).exec(src)?.[1] ?? '';
  return [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]);
};

test('the content script runs on exactly the hosts of LENS_HOSTS in wxt.config.ts', () => {
  const config = hostsIn('wxt.config.ts', 'LENS_HOSTS');
  expect(config.length).toBeGreaterThan(0);
  expect(hostsIn('entrypoints/lens.content/index.ts', 'MATCHES')).toEqual(config);
});
