/** The XHTML namespace. */
export const XHTML_NS = 'http://www.w3.org/1999/xhtml';
/** The EPUB structural-semantics namespace (`epub:type`). */
export const EPUB_NS = 'http://www.idpf.org/2007/ops';
/** The MathML namespace. */
export const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';

// XML 1.0 refuses control characters, lone surrogates and U+FFFE/FFFF: a page's stray \u0000 would make the file unreadable.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text with every character XML 1.0 cannot carry removed. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '');
}

/** A new, empty XML document parsed from a fixed skeleton (happy-dom's createDocument always makes an HTML page). */
export function xmlDocument(skeleton: string): XMLDocument {
  return new DOMParser().parseFromString(skeleton, 'application/xml') as XMLDocument;
}

/** An XHTML document with a UTF-8 declaration, language, title and stylesheet, ready for a body. */
export function xhtmlDocument(title: string, lang: string, css = 'style.css'): { doc: XMLDocument; body: Element } {
  const doc = xmlDocument(
    `<html xmlns="${XHTML_NS}" xmlns:epub="${EPUB_NS}"><head><meta charset="utf-8"/><title/><link rel="stylesheet" type="text/css"/></head><body/></html>`,
  );
  const root = doc.documentElement;
  root.setAttribute('lang', lang);
  root.setAttributeNS('http://www.w3.org/XML/1998/namespace', 'xml:lang', lang);
  doc.getElementsByTagName('title')[0]!.textContent = xmlText(title);
  doc.getElementsByTagName('link')[0]!.setAttribute('href', css);
  return { doc, body: doc.getElementsByTagName('body')[0]! };
}

/** Creates an XHTML element with attributes and text. */
export function el(doc: Document, tag: string, attrs: Record<string, string> = {}, text?: string): Element {
  const e = doc.createElementNS(XHTML_NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'epub:type') e.setAttributeNS(EPUB_NS, k, v);
    else e.setAttribute(k, xmlText(v));
  }
  if (text !== undefined) e.textContent = xmlText(text);
  return e;
}

/**
 * A document serialised with the XML declaration every EPUB reader (Kindle's above all) wants. happy-dom writes
 * U+00A0 as `&nbsp;`, which XML does not define; a real `&nbsp;` in the text is serialised as `&amp;nbsp;`, so only the
 * serializer's own entity is rewritten.
 */
export function serializeXml(doc: Document): string {
  const xml = new XMLSerializer().serializeToString(doc).replace(/&nbsp;/g, '&#160;');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml.replace(/^<\?xml[^>]*\?>\s*/, '')}`;
}
