import { nextTask, sliceTimer } from '../schedule';

const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'dd',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tr',
  'ul',
  'br',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'select', 'textarea', 'svg']);

/** The text of a page as its reader saw it, one block a line, list items as `- …`; a text/plain page gives its text as is. */
export async function extractDumpText(doc: Document): Promise<string> {
  const body = doc.body;
  if (!body) return '';
  const only = body.children.length === 1 ? body.firstElementChild : null;
  if (doc.contentType === 'text/plain' || (only?.localName === 'pre' && body.childNodes.length <= 2)) {
    return (only ?? body).textContent ?? '';
  }
  const lines: string[] = [];
  let line = '';
  const flush = () => {
    const text = line.replace(/\s+/g, ' ').trim();
    if (text) lines.push(text);
    line = '';
  };
  const sliceUsed = sliceTimer(10);
  // An explicit stack instead of recursion: dump pages are flat but huge, and the walk yields between slices.
  const stack: { node: Node; exit: boolean }[] = [{ node: body, exit: false }];
  let steps = 0;
  while (stack.length > 0) {
    const { node, exit } = stack.pop()!;
    if (node.nodeType === 3) {
      line += node.nodeValue ?? '';
    } else if (node.nodeType === 1) {
      const element = node as Element;
      const name = element.localName;
      if (SKIP.has(name) || name.startsWith('lens-')) continue;
      if (BLOCKS.has(name)) flush();
      if (!exit) {
        if (name === 'li') line += element.parentElement?.localName === 'ol' ? `${indexIn(element)}. ` : '- ';
        stack.push({ node, exit: true });
        for (let child = element.lastChild; child; child = child.previousSibling)
          stack.push({ node: child, exit: false });
      }
    }
    if (++steps % 512 === 0 && sliceUsed()) await nextTask();
  }
  flush();
  return lines.join('\n');
}

function indexIn(item: Element): number {
  let n = 1;
  for (let s = item.previousElementSibling; s; s = s.previousElementSibling) if (s.localName === 'li') n++;
  return n;
}
