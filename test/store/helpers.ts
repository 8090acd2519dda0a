import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { BackupPost } from '../../lib/export/backup';
import type { Post } from '../../lib/model';
import { sanitizeFully } from '../../lib/store/clean';
import { openLensDB } from '../../lib/store/db';

/** A fresh, isolated database per test. */
export function freshDB(name = 'lens-test') {
  return openLensDB(name, new IDBFactory());
}

/** The sanitizer the pages use, on the happy-dom window. */
export const sanitize = (html: string) => sanitizeFully(html);

/** A post with a footnote and math, overridable field by field. */
export function makePost(over: Partial<Post> = {}): Post {
  return {
    id: 'abcdefghijklmnopq',
    source: 'lesswrong',
    url: 'https://www.lesswrong.com/posts/abcdefghijklmnopq/a-post',
    title: 'A post about lenses',
    author: 'Ada',
    published: '2026-04-01T00:00:00.000Z',
    html:
      '<h2 id="intro">Intro</h2><p>First paragraph about telescopes.<sup><a class="lens-fnref" id="fnref1" href="#fn1" data-lens-footnote="fn1">[1]</a></sup></p>' +
      '<p>Second paragraph with <span class="lens-math" data-lens-tex="x^2" data-lens-display="false">x^2</span>.</p>' +
      '<h2 id="more">More</h2><p>Third paragraph.</p><p>Fourth paragraph.</p>',
    headings: [
      { id: 'intro', level: 2, text: 'Intro' },
      { id: 'more', level: 2, text: 'More' },
    ],
    footnotes: [
      { id: 'fn1', number: 1, html: '<p>A note about optics.</p>', text: 'A note about optics.', refIds: ['fnref1'] },
    ],
    math: [{ tex: 'x^2', display: false }],
    ...over,
  };
}

/** A backup entry for a post saved once and never touched since: no versions, tags or reading state. */
export function backupPost(post: Post = makePost()): BackupPost {
  return { post, versions: [], tags: [], read: false, savedAt: 1, updatedAt: 1, updatedSinceSaved: false, urls: [] };
}
