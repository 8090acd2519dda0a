import { describe, expect, test } from 'vitest';
import { localDomWork } from '../../lib/background/dom-work';
import { saveLink } from '../../lib/background/library';
import { type SequenceService, saveLinkedSequence, sequenceService } from '../../lib/background/sequences';
import type { Reply } from '../../lib/messages';
import { createJob } from '../../lib/sequences/job';
import type { LensDatabase } from '../../lib/store/db';
import { getJob, listJobs, putJob } from '../../lib/store/save-jobs';
import { allSaved } from '../../lib/store/saved-posts';
import { getSequence, listSequences } from '../../lib/store/sequences';
import { fakeFetch, sequenceSite } from '../fixtures-store/lesswrong-api';
import { freshDB } from '../store/helpers';

const PAGE = 'https://www.lesswrong.com/s/fixtureSequence01';

function service(db: LensDatabase, site: ReturnType<typeof sequenceSite>, log = { ids: [] as string[] }) {
  return sequenceService({
    db: async () => db,
    fetch: fakeFetch(site, log),
    endpointFor: () => 'https://www.lesswrong.com/graphql',
    dom: localDomWork(),
    images: null,
  });
}

async function finished(s: SequenceService, id: string) {
  for (;;) {
    const { job } = (await s.handle({ type: 'sequence-job', id })) as Reply<'sequence-job'>;
    if (job && job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the background sequence service', () => {
  test('a sequence page offers its sequence; saving it stores every post and the sequence record', async () => {
    const db = await freshDB('svc-a');
    const site = sequenceSite({ chapterSizes: [2, 2] });
    const s = service(db, site);
    const info = (await s.handle({ type: 'sequence-info', url: PAGE })) as Reply<'sequence-info'>;
    expect(info.target).toEqual({
      url: PAGE,
      id: 'fixtureSequence01',
      title: 'A Fixture Sequence',
      kind: 'sequence',
      total: 4,
    });
    const started = (await s.handle({ type: 'sequence-save', url: PAGE })) as Reply<'sequence-save'>;
    expect(started).toEqual({ ok: true, id: 'fixtureSequence01', total: 4, title: 'A Fixture Sequence' });
    expect(await s.handle({ type: 'sequence-save', url: PAGE })).toMatchObject({ ok: true, already: true });
    expect((await finished(s, 'fixtureSequence01')).status).toBe('done');
    expect((await allSaved(db)).map((p) => p.entry.id).sort()).toEqual([...site.posts.keys()].sort());
    expect((await getSequence(db, 'fixtureSequence01'))?.postIds).toHaveLength(4);
    // On one of its posts, the panel gets the saved sequence for its contents.
    const onPost = (await s.handle({
      type: 'sequence-info',
      url: 'https://www.lesswrong.com/posts/seqpost0000000002/part-2',
    })) as Reply<'sequence-info'>;
    expect(onPost.member.map((m) => m.id)).toEqual(['fixtureSequence01']);
  });

  test('a post the API places in a canonical sequence offers that sequence', async () => {
    const db = await freshDB('svc-b');
    const s = service(db, sequenceSite({ chapterSizes: [3] }));
    const info = (await s.handle({
      type: 'sequence-info',
      url: 'https://www.lesswrong.com/posts/seqpost0000000002/part-2',
    })) as Reply<'sequence-info'>;
    expect(info.target?.url).toBe('https://www.lesswrong.com/s/fixtureSequence01/p/seqpost0000000002');
    expect(info.target?.total).toBe(3);
  });

  test.each([
    ['a page that is not a sequence', 'https://www.lesswrong.com/posts/seqpost0000000002/x', /not a sequence/],
    ['another site', 'https://example.com/s/fixtureSequence01', /not a sequence/],
    ['a sequence that does not exist', 'https://www.lesswrong.com/s/noSuchSequence001', /no public sequence/],
  ])('saving %s answers in words and changes nothing', async (_name, url, message) => {
    const db = await freshDB('svc-c');
    const s = service(db, sequenceSite({ chapterSizes: [2] }));
    const reply = (await s.handle({ type: 'sequence-save', url })) as Reply<'sequence-save'>;
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error).toMatch(message);
    expect(await listSequences(db)).toEqual([]);
    expect(await listJobs(db)).toEqual([]);
    expect(await allSaved(db)).toEqual([]);
  });

  test('check for updates lists changes and changes nothing; update fetches only what is new or edited', async () => {
    const db = await freshDB('svc-d');
    const site = sequenceSite({ chapterSizes: [3] });
    const log = { ids: [] as string[] };
    const s = service(db, site, log);
    await s.handle({ type: 'sequence-save', url: PAGE });
    await finished(s, 'fixtureSequence01');
    const before = await getSequence(db, 'fixtureSequence01');
    site.posts.get('seqpost0000000002')!.version = '2.0.0';
    site.posts.get('seqpost0000000002')!.html += '<p>An added paragraph.</p>';
    site.posts.set('seqpost0000000009', {
      ...site.posts.get('seqpost0000000001')!,
      _id: 'seqpost0000000009',
      title: 'New post',
    });
    site.sequences.get('fixtureSequence01')!.chapters[0]!.postIds.push('seqpost0000000009');
    const check = (await s.handle({ type: 'sequence-check', id: 'fixtureSequence01' })) as Reply<'sequence-check'>;
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.changes.added.map((p) => p.title)).toEqual(['New post']);
    expect(check.changes.edited.map((p) => p.id)).toEqual(['seqpost0000000002']);
    expect(check.changes.removed).toEqual([]);
    expect(await getSequence(db, 'fixtureSequence01')).toEqual(before);
    log.ids.length = 0;
    await s.handle({ type: 'sequence-update', id: 'fixtureSequence01' });
    await finished(s, 'fixtureSequence01');
    const posts = log.ids.filter((id) => id !== 'fixtureSequence01').sort();
    expect(posts).toEqual(['seqpost0000000002', 'seqpost0000000009']);
    const edited = (await allSaved(db)).find((p) => p.entry.id === 'seqpost0000000002')!;
    expect(edited.record.versions).toHaveLength(1);
    expect((await getSequence(db, 'fixtureSequence01'))?.postIds).toHaveLength(4);
  });

  test('a worker starting again goes on with a job that was running', async () => {
    const db = await freshDB('svc-e');
    const site = sequenceSite({ chapterSizes: [3] });
    const s1 = service(db, site);
    const info = (await s1.handle({ type: 'sequence-info', url: PAGE })) as Reply<'sequence-info'>;
    expect(info.target).toBeDefined();
    const { fetchOutline } = await import('../../lib/sequences/api');
    const outline = await fetchOutline(PAGE, { fetch: fakeFetch(site) });
    if (!outline.ok) throw new Error(outline.error);
    await putJob(db, createJob(outline.outline, 'https://www.lesswrong.com/graphql', Date.now()));
    const s2 = service(db, site);
    await s2.resume();
    expect((await finished(s2, 'fixtureSequence01')).status).toBe('done');
    expect(await allSaved(db)).toHaveLength(3);
    expect((await getJob(db, 'fixtureSequence01'))?.status).toBe('done');
  });
});

describe('the sequence link menu', () => {
  test('tells the reader on the tab what it started, as a post link save does, and words a bad link', async () => {
    const db = await freshDB('svc-menu');
    const s = service(db, sequenceSite({ chapterSizes: [2, 1] }));
    const told: { tabId: number | undefined; text: string; ok: boolean }[] = [];
    const tell = async (tabId: number | undefined, text: string, ok: boolean) => void told.push({ tabId, text, ok });
    await saveLinkedSequence(s.save, PAGE, 7, tell);
    expect(told).toEqual([
      { tabId: 7, ok: true, text: expect.stringContaining('Lens is saving “A Fixture Sequence” (3 posts)') },
    ]);
    await saveLinkedSequence(s.save, PAGE, 7, tell);
    expect(told[1]).toMatchObject({ ok: true, text: expect.stringContaining('already saving “A Fixture Sequence”') });
    expect((await finished(s, 'fixtureSequence01')).status).toBe('done');
    await saveLinkedSequence(s.save, 'https://www.lesswrong.com/s/noSuchSequence001', 8, tell);
    expect(told[2]).toMatchObject({ tabId: 8, ok: false, text: expect.stringMatching(/no public sequence/) });
    await saveLinkedSequence(() => Promise.reject(new Error('offscreen gone')), PAGE, 9, tell);
    expect(told[3]).toMatchObject({ tabId: 9, ok: false, text: expect.stringContaining('offscreen gone') });
    expect((await listSequences(db)).map((q) => q.id)).toEqual(['fixtureSequence01']);
  });
});

describe('posts saved on their own before their sequence', () => {
  test('are fetched on the first sequence save only when the site edited them after they were saved', async () => {
    const db = await freshDB('svc-own');
    const site = sequenceSite({ chapterSizes: [3] });
    const log = { ids: [] as string[] };
    const s = service(db, site, log);
    // Saved on their own (as a post link save does: through the API, no sequence, no revision on record).
    for (const id of ['seqpost0000000001', 'seqpost0000000002']) {
      const p = site.posts.get(id)!;
      const reply = await saveLink(`${site.origin}/posts/${id}/${p.slug}`, {
        db: async () => db,
        fetch: fakeFetch(site),
        endpointFor: () => 'https://www.lesswrong.com/graphql',
        dom: localDomWork(),
        images: null,
      });
      expect(reply.ok).toBe(true);
    }
    // The site edits the second after it was saved; the first it last edited long before.
    site.posts.get('seqpost0000000001')!.editedAt = '2001-01-01T00:00:00.000Z';
    site.posts.get('seqpost0000000002')!.editedAt = new Date(Date.now() + 60_000).toISOString();
    await s.handle({ type: 'sequence-save', url: PAGE });
    const job = await finished(s, 'fixtureSequence01');
    expect(job.posts.map((p) => [p.id, p.state])).toEqual([
      ['seqpost0000000001', 'skipped'],
      ['seqpost0000000002', 'saved'],
      ['seqpost0000000003', 'saved'],
    ]);
  });
});
