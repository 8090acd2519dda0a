import { afterEach, describe, expect, test, vi } from 'vitest';
import { installCopyTex, makeEquationsFocusable } from '../../lib/inpage/copy-tex';
import { equationAt, formatTex, texOf } from '../../lib/render/copy-tex';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('formatTex', () => {
  test.each([
    ['inline math in single dollars', { tex: 'N', display: false }, '$N$'],
    ['display math in double dollars on their own lines', { tex: '\\sum_i x_i', display: true }, '$$\n\\sum_i x_i\n$$'],
    ['surrounding space trimmed', { tex: '  a+b \n', display: false }, '$a+b$'],
  ])('writes %s', (_name, source, expected) => {
    expect(formatTex(source)).toBe(expected);
  });
});

describe('texOf finds the TeX of every math era', () => {
  test.each([
    [
      'a Lens equation',
      '<span class="lens-math" data-lens-tex="x^2" data-lens-display="false">x</span>',
      { tex: 'x^2', display: false },
    ],
    [
      'a Lens display equation',
      '<div class="lens-math" data-lens-tex="y" data-lens-display="true">y</div>',
      { tex: 'y', display: true },
    ],
    [
      'MathJax 3 inline',
      '<mjx-container class="MathJax" aria-label="N" role="math"><mjx-math></mjx-math></mjx-container>',
      { tex: 'N', display: false },
    ],
    [
      'MathJax 3 display',
      '<mjx-container aria-label="E=mc^2" display="true"><mjx-math></mjx-math></mjx-container>',
      { tex: 'E=mc^2', display: true },
    ],
    [
      'MathJax 2 display',
      '<span class="mjx-chtml MJXc-display"><span class="mjx-math" aria-label="\\frac12"><span>1</span></span></span>',
      { tex: '\\frac12', display: true },
    ],
    [
      'KaTeX output',
      '<span class="katex"><span class="katex-mathml"><math><semantics><mrow></mrow><annotation encoding="application/x-tex">a_b</annotation></semantics></math></span><span class="katex-html">ab</span></span>',
      { tex: 'a_b', display: false },
    ],
  ])('%s', (_name, html, expected) => {
    document.body.innerHTML = `<section>${html}</section>`;
    const inner =
      document.body.querySelector('section')?.firstElementChild?.lastElementChild ??
      document.body.querySelector('section')?.firstElementChild;
    const equation = equationAt(inner ?? null);
    expect(equation).not.toBeNull();
    expect(texOf(equation as Element)).toEqual(expected);
  });

  test('plain text is not an equation', () => {
    document.body.innerHTML = '<p>Costs $5.</p>';
    expect(equationAt(document.querySelector('p'))).toBeNull();
  });
});

describe('installCopyTex', () => {
  test('hovering an equation offers a button that copies its TeX', async () => {
    document.body.innerHTML =
      '<p>Let <mjx-container aria-label="N" role="math"><mjx-math><mjx-mi></mjx-mi></mjx-math></mjx-container> grow.</p>';
    const writeText = vi.fn(async () => {});
    const uninstall = installCopyTex(document, { writeText });
    document.querySelector('mjx-mi')?.dispatchEvent(new Event('pointerover', { bubbles: true }));
    const button = document.querySelector('lens-copy-tex')?.shadowRoot?.querySelector('button');
    expect(button?.hidden).toBe(false);
    expect(button?.getAttribute('aria-label')).toBe('Copy equation as TeX');
    button?.click();
    await vi.waitFor(() => expect(button?.textContent).toBe('Copied'));
    expect(writeText).toHaveBeenCalledWith(document, '$N$');
    uninstall();
    expect(document.querySelector('lens-copy-tex')).toBeNull();
  });

  test('Ctrl+C on a focused Lens equation copies TeX; with a selection it does nothing', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<div class="lens-math" data-lens-tex="\\int f" data-lens-display="true">…</div>';
    makeEquationsFocusable(shadow);
    const equation = shadow.querySelector<HTMLElement>('.lens-math');
    expect(equation?.tabIndex).toBe(0);
    const writeText = vi.fn(async () => {});
    installCopyTex(shadow, { writeText });
    const event = new KeyboardEvent('keydown', { key: 'c', ctrlKey: true, bubbles: true, cancelable: true });
    equation?.dispatchEvent(event);
    await vi.waitFor(() => expect(writeText).toHaveBeenCalledWith(document, '$$\n\\int f\n$$'));
    expect(event.defaultPrevented).toBe(true);
  });
});
