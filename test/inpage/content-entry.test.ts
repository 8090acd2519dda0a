import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';

const hostsIn = (file: string, name: string) => {
  const src = readFileSync(resolve(__dirname, '../..', file), 'utf8');
  const list = new RegExp(`const ${name}\\s*=\\s*\\[([\\s\\S]*?)\\]`).exec(src)?.[1] ?? '';
  return [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]);
};

test('the content script runs on exactly the hosts of LENS_HOSTS in wxt.config.ts', () => {
  const config = hostsIn('wxt.config.ts', 'LENS_HOSTS');
  expect(config.length).toBeGreaterThan(0);
  expect(hostsIn('entrypoints/lens.content/index.ts', 'MATCHES')).toEqual(config);
});
