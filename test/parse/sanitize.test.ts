import { describe, expect, test } from 'vitest';
import { sanitizeElement, sanitizeHtml } from '../../lib/sanitize';

function inert(html: string): void {
  const lower = html.toLowerCase();
  expect(lower).not.toMatch(/<script|<style|<iframe|<form|<object|<embed|<meta|<link|<svg|<math|<base/);
  expect(lower).not.toMatch(/\son[a-z]+\s*=/);
  expect(lower).not.toMatch(/javascript:|vbscript:|srcdoc|style=|expression\(/);
  expect(lower).not.toMatch(/href="data:/);
  expect(lower).not.toContain('alert');
}

describe('sanitizeHtml makes XSS vectors inert', () => {
  test.each([
    ['a script element', '<p>x</p><script>alert(1)</script>'],
    ['an img onerror handler', '<img src="x" onerror="alert(1)">'],
    ['a javascript: link', '<a href="javascript:alert(1)">x</a>'],
    ['a javascript: link with entities and case', '<a href="JaVaScRiPt&#58;alert(1)">x</a>'],
    ['a javascript: link with a leading tab', '<a href="\tjavascript:alert(1)">x</a>'],
    ['a vbscript: link', '<a href="vbscript:alert(1)">x</a>'],
    ['an svg onload', '<svg onload="alert(1)"><circle r="1"/></svg>'],
    ['an svg script', '<svg><script>alert(1)</script></svg>'],
    ['a MathML link', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>'],
    ['a style element', '<style>body{background:url(javascript:alert(1))}</style><p>x</p>'],
    ['a style attribute with a CSS expression', '<p style="width:expression(alert(1))">x</p>'],
    ['an iframe with srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
    ['an iframe with a javascript: src', '<iframe src="javascript:alert(1)"></iframe>'],
    ['a form with a javascript: action', '<form action="javascript:alert(1)"><button>go</button></form>'],
    ['a button formaction', '<button formaction="javascript:alert(1)">go</button>'],
    ['a meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
    ['a data: URL link', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'],
    ['a data:text/html image', '<img src="data:text/html,<script>alert(1)</script>">'],
    ['an object element', '<object data="javascript:alert(1)"></object>'],
    ['an embed element', '<embed src="javascript:alert(1)">'],
    ['a body onload', '<body onload="alert(1)"><p>x</p></body>'],
    ['a details ontoggle', '<details open ontoggle="alert(1)"><summary>x</summary></details>'],
    ['a mutation-XSS noscript', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'],
    ['a base href', '<base href="javascript:alert(1)//"><a href="/x">x</a>'],
    ['a link stylesheet', '<link rel="stylesheet" href="javascript:alert(1)">'],
    ['an input onfocus autofocus', '<input autofocus onfocus="alert(1)">'],
  ])('%s', (_name, html) => {
    inert(sanitizeHtml(html));
  });
});

describe('sanitizeHtml keeps content and Lens markup', () => {
  test('Lens math, footnote references, heading ids, lists, tables and images survive', () => {
    const html = [
      '<h2 id="Macrostates">Macrostates</h2>',
      '<p>Text<a class="lens-fnref" data-lens-footnote="fnabc" href="#fnabc" id="fnrefabc">[1]</a></p>',
      '<span class="lens-math" data-lens-tex="\\frac{1}{2}" data-lens-display="false">\\frac{1}{2}</span>',
      '<div class="lens-math" data-lens-tex="x^2" data-lens-display="true">x^2</div>',
      '<ul><li>a</li></ul><ol start="3"><li>b</li></ol>',
      '<table><thead><tr><th colspan="2">h</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>',
      '<img src="https://example.com/a.png" alt="a"><img src="data:image/png;base64,AAAA" alt="b">',
      '<a href="https://example.com/">abs</a><a href="/posts/x">rel</a><a href="mailto:a@b.c">mail</a>',
      '<p role="note" aria-label="n">aria</p>',
    ].join('');
    const out = sanitizeHtml(html);
    const doc = new DOMParser().parseFromString(out, 'text/html');
    expect(doc.getElementById('Macrostates')?.tagName).toBe('H2');
    const ref = doc.querySelector('a.lens-fnref');
    expect(ref?.getAttribute('data-lens-footnote')).toBe('fnabc');
    expect(ref?.getAttribute('href')).toBe('#fnabc');
    expect(ref?.id).toBe('fnrefabc');
    expect(doc.querySelector('span.lens-math')?.getAttribute('data-lens-tex')).toBe('\\frac{1}{2}');
    expect(doc.querySelector('div.lens-math')?.getAttribute('data-lens-display')).toBe('true');
    expect(doc.querySelectorAll('li')).toHaveLength(2);
    expect(doc.querySelector('ol')?.getAttribute('start')).toBe('3');
    expect(doc.querySelector('th')?.getAttribute('colspan')).toBe('2');
    expect(Array.from(doc.querySelectorAll('img')).map((i) => i.getAttribute('src'))).toEqual([
      'https://example.com/a.png',
      'data:image/png;base64,AAAA',
    ]);
    expect(Array.from(doc.querySelectorAll('a[href]')).map((a) => a.getAttribute('href'))).toEqual([
      '#fnabc',
      'https://example.com/',
      '/posts/x',
      'mailto:a@b.c',
    ]);
    expect(doc.querySelector('p[role="note"]')?.getAttribute('aria-label')).toBe('n');
  });

  test('page classes and other data attributes are dropped, Lens ones kept', () => {
    const out = sanitizeHtml(
      '<span class="footnote-reference lens-fnref" data-footnote-id="x" data-lens-footnote="y">r</span>',
    );
    expect(out).toBe('<span class="lens-fnref" data-lens-footnote="y">r</span>');
  });

  test('the first element is kept (happy-dom and DOMPurify disagree on Node.nodeName)', () => {
    expect(sanitizeHtml('<p>a</p><p>b</p>')).toBe('<p>a</p><p>b</p>');
  });

  test('sanitizeElement cleans a detached subtree in place', () => {
    const doc = document.implementation.createHTMLDocument('');
    const div = doc.createElement('div');
    div.innerHTML =
      '<p onclick="alert(1)">a</p><script>alert(1)</script><style>p{}</style><p class="x lens-math">b</p>';
    sanitizeElement(div);
    expect(div.innerHTML).toBe('<p>a</p><p class="lens-math">b</p>');
  });
});
