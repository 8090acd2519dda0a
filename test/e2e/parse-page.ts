// A fixture page parsed in Node, as the content script parses it in the page: the specs send the resulting Post
// where the content script would, or read the id the extension will store it under.
import { Window } from 'happy-dom';
import type { Post } from '../../lib/model';
import { parseDocument } from '../../lib/parse/document';

/** `parseDocument` on `html` read at `url` (happy-dom); throws when the page holds no post. */
export function parsePage(html: string, url: string): Post {
  const win = new Window({ url });
  (globalThis as { window?: unknown }).window = win;
  const post = parseDocument(new win.DOMParser().parseFromString(html, 'text/html') as unknown as Document, url);
  if (!post) throw new Error(`fixture page ${url} did not parse`);
  return post;
}
