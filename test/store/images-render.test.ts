import { describe, expect, test } from 'vitest';
import { withLocalImages } from '../../lib/store/images';
import { sanitize } from './helpers';

const SRC = 'https://res.cloudinary.com/x/figure.png?w=1&h=2';
const LOCAL = 'blob:chrome-extension://abcdef/0f1e2d3c-0000-4000-8000-000000000001';

describe('rendering stored images', () => {
  test('a sanitised img whose src has a stored copy points at that object URL; others keep their src', () => {
    const html = sanitize(
      `<p><img src="${SRC.replace('&', '&amp;')}" alt="a"><img src="https://other.example/b.png"></p>`,
    );
    const out = withLocalImages(html, new Map([[SRC, LOCAL]]));
    expect(out).toContain(`src="${LOCAL}"`);
    expect(out).toContain('src="https://other.example/b.png"');
    expect(out).not.toContain('res.cloudinary.com');
  });

  test('a blob: src stored in a post never survives DOMPurify, so only object URLs Lens made are shown', () => {
    const html = sanitize(`<p><img src="${LOCAL}" alt="planted"></p>`);
    expect(html).not.toContain('blob:');
    expect(withLocalImages(html, new Map([[SRC, LOCAL]]))).not.toContain('blob:');
  });

  test('a mapping that is not an object URL is ignored', () => {
    const html = sanitize(`<img src="${SRC.replace('&', '&amp;')}">`);
    expect(withLocalImages(html, new Map([[SRC, 'javascript:alert(1)']]))).toBe(html);
  });
});
