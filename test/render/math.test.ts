import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { createKatexApi } from '../../lib/render/katex-core';
import { findMath, MATH_ERROR_CLASS, type RenderMathOptions, renderMath, rewriteKatexCss } from '../../lib/render/math';

// Vitest hands CSS imports over empty, so the stylesheet is read from disk here.
const css = readFileSync('node_modules/katex/dist/katex.min.css', 'utf8');
const api = createKatexApi(css);
const directMathOptions: RenderMathOptions = { katex: async () => api, fontUrl: (file) => `/katex/fonts/${file}` };

function math(tex: string, display = false): string {
  const tag = display ? 'div' : 'span';
  const escaped = tex.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<${tag} class="lens-math" data-lens-tex="${escaped}" data-lens-display="${display}">${escaped}</${tag}>`;
}

function spyOptions(): RenderMathOptions & { calls: () => number } {
  const katex = vi.fn(directMathOptions.katex);
  return { ...directMathOptions, katex, calls: () => katex.mock.calls.length };
}

beforeEach(() => {
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

describe('renderMath on .lens-math', () => {
  test('renders inline and display equations and keeps their TeX', async () => {
    document.body.innerHTML = `<p>Let ${math('N')} be large.</p>${math('\\sum_{i=0}^N i', true)}`;
    const count = await renderMath(document.body, directMathOptions);
    expect(count).toBe(2);
    const [inline, display] = [...document.querySelectorAll('.lens-math')];
    expect(inline?.querySelector('.katex')).not.toBeNull();
    expect(inline?.querySelector('.katex-display')).toBeNull();
    expect(display?.querySelector('.katex-display')).not.toBeNull();
    expect(inline?.getAttribute('data-lens-tex')).toBe('N');
    expect(inline?.querySelector('annotation[encoding="application/x-tex"]')?.textContent).toBe('N');
  });

  test('never renders an equation twice', async () => {
    document.body.innerHTML = `<p>${math('x^2')}</p>`;
    await renderMath(document.body, directMathOptions);
    const first = document.body.innerHTML;
    expect(await renderMath(document.body, directMathOptions)).toBe(0);
    expect(document.body.innerHTML).toBe(first);
    expect(document.querySelectorAll('.katex')).toHaveLength(1);
  });

  test('two overlapping calls render each equation once', async () => {
    document.body.innerHTML = `<p>${math('a')} ${math('b')}</p>`;
    const [one, two] = await Promise.all([
      renderMath(document.body, directMathOptions),
      renderMath(document.body, directMathOptions),
    ]);
    expect(one + two).toBe(2);
    expect(document.querySelectorAll('.katex')).toHaveLength(2);
  });

  test('does not load KaTeX when nothing needs rendering', async () => {
    document.body.innerHTML = '<p>No math here, just $5 and $10.</p>';
    const options = spyOptions();
    expect(await renderMath(document.body, options)).toBe(0);
    expect(options.calls()).toBe(0);
    expect(document.getElementById('lens-katex-fonts')).toBeNull();
  });

  test.each([
    ['an unclosed group', '\\frac{1}{'],
    ['an unknown command', '\\notacommand{x}'],
  ])('shows the source with an error class for %s, without throwing', async (_name, tex) => {
    document.body.innerHTML = `<p>${math(tex)}</p>`;
    await expect(renderMath(document.body, directMathOptions)).resolves.toBe(1);
    const element = document.querySelector('.lens-math');
    expect(element?.classList.contains(MATH_ERROR_CLASS)).toBe(true);
    expect(element?.textContent).toContain(tex.slice(0, 5));
  });

  test.each([
    ['javascript: in \\href', '\\href{javascript:alert(1)}{x}'],
    ['\\url', '\\url{https://example.com}'],
    ['\\htmlClass', '\\htmlClass{evil}{x}'],
  ])('does not trust %s', async (_name, tex) => {
    document.body.innerHTML = `<p>${math(tex)}</p>`;
    await renderMath(document.body, directMathOptions);
    expect(document.querySelector('a')).toBeNull();
    expect(document.querySelector('.evil')).toBeNull();
  });

  test.each([
    ['a macro that doubles itself', '\\def\\a{\\a\\a}\\a'],
    [
      'an exponential macro chain',
      '\\def\\b{xxxxxxxxxx}\\def\\c{\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b}\\def\\d{\\c\\c\\c\\c\\c\\c\\c\\c\\c\\c}\\def\\e{\\d\\d\\d\\d\\d\\d\\d\\d\\d\\d}\\e\\e\\e',
    ],
    ['a 100 000 character formula', 'x+'.repeat(50_000)],
    ['a huge size', '\\rule{100000em}{100000em}'],
  ])('bounds hostile TeX: %s', async (_name, tex) => {
    document.body.innerHTML = `<p>${math(tex)}</p>`;
    await renderMath(document.body, directMathOptions);
    const element = document.querySelector('.lens-math');
    expect(element?.getAttribute('data-lens-rendered')).toBe('true');
    expect(element?.innerHTML.length ?? 0).toBeLessThan(200_000);
  });
});

describe('renderMath on what the site failed to render', () => {
  test('renders raw \\(…\\) and \\[…\\] in span.math-tex only when asked', async () => {
    document.body.innerHTML =
      '<p><span class="math-tex">\\(x^2\\)</span></p><span class="math-tex">\\[\\int f\\]</span><span class="math-tex">plain</span>';
    expect(await renderMath(document.body, directMathOptions)).toBe(0);
    expect(await renderMath(document.body, { ...directMathOptions, site: true })).toBe(2);
    const [inline, display, plain] = [...document.querySelectorAll('.math-tex')];
    expect(inline?.getAttribute('data-lens-tex')).toBe('x^2');
    expect(inline?.querySelector('.katex')).not.toBeNull();
    expect(display?.querySelector('.katex-display')).not.toBeNull();
    expect(plain?.textContent).toBe('plain');
  });

  test('renders an empty mjx-container from its aria-label beside it and hides the original', async () => {
    document.body.innerHTML =
      '<p><mjx-container class="MathJax" jax="CHTML" aria-label="E=mc^2" role="math"></mjx-container></p>';
    await renderMath(document.body, { ...directMathOptions, site: true });
    const container = document.querySelector<HTMLElement>('mjx-container');
    expect(container?.style.display).toBe('none');
    const ours = container?.nextElementSibling;
    expect(ours?.getAttribute('data-lens-tex')).toBe('E=mc^2');
    expect(ours?.querySelector('.katex')).not.toBeNull();
    expect(await renderMath(document.body, { ...directMathOptions, site: true })).toBe(0);
  });

  test('leaves v2 MathJax with real glyphs alone', () => {
    document.body.innerHTML =
      '<span class="math-tex"><span class="mjpage"><span class="mjx-chtml"><span class="mjx-math" aria-label="x">x</span></span></span></span>';
    expect(findMath(document.body, true)).toHaveLength(0);
  });
});

describe('KaTeX styles and fonts', () => {
  test('keeps only woff2 fonts, pointed at the extension', () => {
    const { fontFaces, rules } = rewriteKatexCss(css, (file) => `chrome-extension://id/katex/fonts/${file}`);
    expect(fontFaces.match(/@font-face/g)).toHaveLength(20);
    expect(fontFaces).not.toMatch(/\.woff\)|\.ttf/);
    expect(fontFaces).toContain('url("chrome-extension://id/katex/fonts/KaTeX_Main-Regular.woff2") format("woff2")');
    expect(rules).not.toContain('@font-face');
    expect(rules).toContain('.katex');
  });

  test('puts fonts in the document and the rest in the shadow root that holds the math', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = `<article>${math('y')}</article>`;
    await renderMath(shadow, directMathOptions);
    expect(document.getElementById('lens-katex-fonts')?.textContent).toContain('@font-face');
    expect(document.getElementById('lens-katex-css')).toBeNull();
    expect(shadow.querySelector('style#lens-katex-css')?.textContent).toContain('.katex');
    await renderMath(shadow, directMathOptions);
    expect(document.querySelectorAll('#lens-katex-fonts')).toHaveLength(1);
  });
});
