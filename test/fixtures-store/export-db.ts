// Writes a JSON snapshot of a database built by the current code: `npx tsx test/fixtures-store/export-db.ts`.
// Run it once per schema version (before bumping the version) and commit the file as lens-library-v<N>.json; the
// migration test then opens every committed snapshot with the newest code. The content covers every field: versions,
// tags, read state, positions, a dump post, several sites, and the meta generation counter.
import 'fake-indexeddb/auto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { unwrap } from 'idb';
import type { Post } from '../../lib/model';
import { DB_VERSION, openLensDB } from '../../lib/store/db';
import { savePosition, savePost, setRead, setTags } from '../../lib/store/saved-posts';
import { putSequence } from '../../lib/store/sequences';
import { snapshotDB } from './snapshot';

function post(over: Partial<Post>): Post {
  return {
    id: 'aM6qtJ8gH72d7Hyqa',
    source: 'lesswrong',
    url: 'https://www.lesswrong.com/posts/aM6qtJ8gH72d7Hyqa/terminal-cynicism',
    title: 'Terminal Cynicism',
    author: 'Fixture Author',
    published: '2026-02-19T13:51:00.000Z',
    html:
      '<h1 id="what">What it is</h1><p>I believe that many have reached Terminal Cynicism.<sup><a class="lens-fnref" id="fnref-1" href="#fn-1" data-lens-footnote="fn-1">[1]</a></sup></p>' +
      '<p>It renders one incapable of <span class="lens-math" data-lens-tex="x^2" data-lens-display="false">x^2</span> thought.</p>',
    headings: [{ id: 'what', level: 1, text: 'What it is' }],
    footnotes: [{ id: 'fn-1', number: 1, html: '<p>A note.</p>', text: 'A note.', refIds: ['fnref-1'] }],
    math: [{ tex: 'x^2', display: false }],
    ...over,
  };
}

async function main() {
  const db = await openLensDB('lens-library', new IDBFactory());
  const T = Date.UTC(2026, 3, 1);
  await savePost(db, post({}), { now: T });
  await savePost(db, post({ html: `${post({}).html}<p>An added paragraph.</p>` }), { now: T + 1000 });
  await savePost(
    db,
    post({
      id: 'AFpostAFpostAFpos',
      source: 'alignmentforum',
      url: 'https://www.alignmentforum.org/posts/AFpostAFpostAFpos/x',
      title: 'An AF post',
      author: undefined,
    }),
    { now: T + 2000 },
  );
  await savePost(
    db,
    post({
      id: '0000dumphash',
      source: 'text',
      url: undefined,
      title: 'Telescopes Need Good Lenses',
      published: undefined,
      footnotes: [],
      headings: [],
      math: [],
      html: '<p>Telescopic altruism.</p>',
    }),
    { now: T + 3000 },
  );
  await setTags(db, 'aM6qtJ8gH72d7Hyqa', ['cynicism', 'to read']);
  await setTags(db, '0000dumphash', ['dump']);
  await setRead(db, 'AFpostAFpostAFpos', true);
  await savePosition(db, 'aM6qtJ8gH72d7Hyqa', {
    headingId: 'what',
    paragraph: 1,
    block: 2,
    fingerprint: 'it renders one incapable of x^2 thought.',
    updatedAt: T + 4000,
  });
  // Version 4: a saved sequence holding two of the posts (one listed with its site revision), and its finished job.
  await putSequence(
    db,
    {
      id: 'fixtureSequence01',
      kind: 'sequence',
      title: 'A Fixture Sequence',
      author: 'Fixture Author',
      url: 'https://www.lesswrong.com/s/fixtureSequence01',
      source: 'lesswrong',
      chapters: [
        {
          title: 'Chapter 1',
          posts: [
            { id: 'aM6qtJ8gH72d7Hyqa', title: 'Terminal Cynicism', url: post({}).url!, version: '1.0.0' },
            {
              id: 'AFpostAFpostAFpos',
              title: 'An AF post',
              url: 'https://www.alignmentforum.org/posts/AFpostAFpostAFpos/x',
            },
          ],
        },
      ],
    },
    T + 5000,
  );
  await db.put('jobs', {
    id: 'fixtureSequence01',
    endpoint: 'https://www.lesswrong.com/graphql',
    title: 'A Fixture Sequence',
    posts: [
      {
        id: 'aM6qtJ8gH72d7Hyqa',
        title: 'Terminal Cynicism',
        url: post({}).url!,
        version: '1.0.0',
        state: 'saved',
        tries: 1,
      },
      {
        id: 'AFpostAFpostAFpos',
        title: 'An AF post',
        url: 'https://www.alignmentforum.org/posts/AFpostAFpostAFpos/x',
        state: 'skipped',
        tries: 0,
      },
    ],
    status: 'done',
    notBefore: 0,
    backoffMs: 0,
    createdAt: T + 5000,
    updatedAt: T + 6000,
  });
  const raw = unwrap(db);
  const snap = await snapshotDB(raw as IDBDatabase);
  const out = join(import.meta.dirname, `lens-library-v${DB_VERSION}.json`);
  writeFileSync(out, `${JSON.stringify(snap, null, 1)}\n`);
  console.log(
    `wrote ${out}: version ${snap.version}, ${Object.entries(snap.stores)
      .map(([n, s]) => `${n} ${s.records.length}`)
      .join(', ')}`,
  );
  db.close();
}

void main();
