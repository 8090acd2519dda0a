// What "inert" means for rendered or stored post HTML: nothing that can run script or navigate to script.

const ACTIVE_TAGS =
  'script,iframe,frame,frameset,object,embed,applet,form,base,meta,link,style,template,noscript,isindex,portal';
const URL_ATTRS = [
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'data',
  'srcset',
  'poster',
  'background',
  'ping',
];
const BAD_URL = /^(javascript|vbscript|data:text\/html|data:image\/svg)/i;

/** Every way a tree could still run script: active elements, handler attributes, script URLs, srcdoc. */
export function problems(root: ParentNode): string[] {
  const out: string[] = [];
  for (const el of root.querySelectorAll(ACTIVE_TAGS)) out.push(`<${el.localName}>`);
  for (const el of root.querySelectorAll('svg, math')) {
    // KaTeX writes MathML (and SVG for some glyphs) itself; anything else in those namespaces came from input.
    if (!el.closest('.katex')) out.push(`<${el.localName}> outside KaTeX`);
  }
  for (const el of root.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) out.push(`${el.localName}[${name}]`);
      if (name === 'srcdoc') out.push(`${el.localName}[srcdoc]`);
      if (name === 'style' && /expression|javascript:|url\(/i.test(attr.value))
        out.push(`${el.localName}[style=${attr.value}]`);
      if (URL_ATTRS.includes(name)) {
        // Browsers ignore whitespace and control characters inside the scheme; so does this check.
        const compact = [...attr.value].filter((c) => c.charCodeAt(0) > 0x20).join('');
        if (BAD_URL.test(compact)) out.push(`${el.localName}[${name}=${attr.value}]`);
      }
    }
  }
  return out;
}

/** The problems of an HTML string once parsed (what a later render would get). */
export function htmlProblems(html: string): string[] {
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
  return problems(doc.body);
}
