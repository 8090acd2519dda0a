/**
 * A stand-in for LessWrong's GraphQL API in tests: queries are validated and executed by graphql-js against the site's
 * real schema (lesswrong-schema.json, see README.md), and answered from data built from the real post bodies of the
 * parser corpus (test/fixtures/rss-*). Nothing is matched by query text: a query the schema refuses gets the errors a
 * GraphQL server sends, and an answer holds exactly the fields the query asked for.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildClientSchema, type GraphQLSchema, graphql, type IntrospectionQuery } from 'graphql';

const DIR = import.meta.dirname;

let schema: GraphQLSchema | undefined;

/** LessWrong's schema, built once from its introspection JSON. */
export function lesswrongSchema(): GraphQLSchema {
  if (!schema) {
    const json = JSON.parse(readFileSync(join(DIR, 'lesswrong-schema.json'), 'utf8')) as { data: IntrospectionQuery };
    schema = buildClientSchema(json.data);
  }
  return schema;
}

/** A real post body of the corpus, its RSS wrapper ("Published on…" line and "Discuss" link) removed. */
export type FixtureBody = { title: string; html: string; postedAt: string };

const CORPUS = ['rss-terminal-cynicism', 'rss-distinguish', 'rss-interpretability', 'rss-research-note', 'rss-defer'];

let bodies: FixtureBody[] | undefined;

/** The real post bodies the fake site serves (five posts of February 2026, from the LessWrong and AF RSS feeds). */
export function fixtureBodies(): FixtureBody[] {
  if (bodies) return bodies;
  bodies = CORPUS.map((name) => {
    const html = readFileSync(join(DIR, '..', 'fixtures', name, 'input.html'), 'utf8');
    const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? name;
    const body = /<body>([\s\S]*)<\/body>/.exec(html)?.[1] ?? html;
    const published = /^Published on ([^<]+?)<br\/><br\/>/.exec(body)?.[1] ?? 'February 1, 2026 12:00 PM GMT';
    const text = body
      .replace(/^Published on [^<]+<br\/><br\/>/, '')
      .replace(/<br\/><br\/><a href="[^"]*#comments">Discuss<\/a>\s*$/, '');
    return { title, html: text, postedAt: new Date(published.replace(/ GMT$/, ' UTC')).toISOString() };
  });
  return bodies;
}

/** One post of the fake site. */
export type FakePost = {
  _id: string;
  title: string;
  slug: string;
  html: string;
  postedAt: string;
  author: string;
  version: string;
  /** When the current revision was made (ISO); the post's date when absent. */
  editedAt?: string;
  draft?: boolean;
  canonicalSequenceId?: string;
};
/** One sequence of the fake site: chapters with the ids of their posts. */
export type FakeSequence = {
  _id: string;
  title: string;
  author: string;
  draft?: boolean;
  isDeleted?: boolean;
  chapters: { _id: string; title: string | null; number: number; postIds: string[] }[];
};
/** One collection of the fake site: books with their sequences and loose posts. */
export type FakeCollection = {
  _id: string;
  slug: string;
  title: string;
  author: string;
  books: { _id: string; title: string; number: number; sequenceIds: string[]; postIds: string[] }[];
};
/** The fake site's data; tests change it between requests (edit a post, add one, delete a sequence). */
export type FakeSite = {
  origin: string;
  posts: Map<string, FakePost>;
  sequences: Map<string, FakeSequence>;
  collections: Map<string, FakeCollection>;
};

/** A 17-character LessWrong-style id from a prefix and a number (`seqpost` + 7 → `seqpost0000000007`). */
export function fakeId(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(17 - prefix.length, '0')}`;
}

/**
 * A site with one sequence of `chapterSizes.length` chapters (`chapterSizes[i]` posts each), its posts cycling through
 * the real bodies; posts are titled "<real title> (part n)" so every one is distinct.
 */
export function sequenceSite(
  options: { sequenceId?: string; title?: string; chapterSizes?: number[]; origin?: string; prefix?: string } = {},
): FakeSite {
  const sequenceId = options.sequenceId ?? 'fixtureSequence01';
  const sizes = options.chapterSizes ?? [7, 6];
  const prefix = options.prefix ?? 'seqpost';
  const site: FakeSite = {
    origin: options.origin ?? 'https://www.lesswrong.com',
    posts: new Map(),
    sequences: new Map(),
    collections: new Map(),
  };
  const real = fixtureBodies();
  let n = 0;
  const chapters = sizes.map((size, c) => {
    const postIds: string[] = [];
    for (let i = 0; i < size; i++) {
      n++;
      const body = real[(n - 1) % real.length]!;
      const id = fakeId(prefix, n);
      site.posts.set(id, {
        _id: id,
        title: `${body.title} (part ${n})`,
        slug: `part-${n}`,
        html: body.html,
        postedAt: body.postedAt,
        author: 'Fixture Author',
        version: '1.0.0',
        canonicalSequenceId: sequenceId,
      });
      postIds.push(id);
    }
    return { _id: fakeId('chapter', c + 1), title: `Chapter ${c + 1} of the fixture`, number: c, postIds };
  });
  // Chapters listed out of order on purpose: ForumMagnum does not promise their order, Lens sorts by number.
  site.sequences.set(sequenceId, {
    _id: sequenceId,
    title: options.title ?? 'A Fixture Sequence',
    author: 'Fixture Author',
    chapters: chapters.reverse(),
  });
  return site;
}

function postObject(site: FakeSite, id: string) {
  const p = site.posts.get(id);
  if (!p) return null;
  return {
    _id: p._id,
    title: p.title,
    slug: p.slug,
    pageUrl: `${site.origin}/posts/${p._id}/${p.slug}`,
    postedAt: p.postedAt,
    draft: p.draft ?? false,
    canonicalSequenceId: p.canonicalSequenceId ?? null,
    user: { displayName: p.author },
    contents: { html: p.html, version: p.version, editedAt: p.editedAt ?? p.postedAt },
  };
}

function sequenceObject(site: FakeSite, id: string) {
  const s = site.sequences.get(id);
  if (!s) return null;
  return {
    _id: s._id,
    title: s.title,
    draft: s.draft ?? false,
    isDeleted: s.isDeleted ?? false,
    user: { displayName: s.author },
    chapters: s.chapters.map((c) => ({
      _id: c._id,
      title: c.title,
      number: c.number,
      posts: c.postIds.map((pid) => postObject(site, pid)).filter((p) => p !== null),
    })),
  };
}

type Selector = { input?: { selector?: { _id?: string | null; slug?: string | null } } };

/** The root resolvers: ForumMagnum's `post`, `sequence` and `collection` single-document fields over the fake data. */
export function rootValue(site: FakeSite) {
  return {
    post: ({ input }: Selector) => ({ result: postObject(site, input?.selector?._id ?? '') }),
    sequence: ({ input }: Selector) => ({ result: sequenceObject(site, input?.selector?._id ?? '') }),
    collection: ({ input }: Selector) => {
      const sel = input?.selector ?? {};
      const c = [...site.collections.values()].find((x) => (sel._id ? x._id === sel._id : x.slug === sel.slug));
      if (!c) return { result: null };
      return {
        result: {
          _id: c._id,
          title: c.title,
          slug: c.slug,
          user: { displayName: c.author },
          books: c.books.map((b) => ({
            _id: b._id,
            title: b.title,
            number: b.number,
            posts: b.postIds.map((pid) => postObject(site, pid)).filter((p) => p !== null),
            sequences: b.sequenceIds.map((sid) => sequenceObject(site, sid)).filter((s) => s !== null),
          })),
        },
      };
    },
  };
}

/** Executes one GraphQL request body (`{query, variables}`) against the schema over the fake data; the JSON answer. */
export async function answerGraphql(site: FakeSite, body: string): Promise<string> {
  let request: { query?: unknown; variables?: unknown };
  try {
    request = JSON.parse(body) as typeof request;
  } catch {
    return JSON.stringify({ errors: [{ message: 'Body is not JSON' }] });
  }
  const result = await graphql({
    schema: lesswrongSchema(),
    source: String(request.query ?? ''),
    variableValues: (request.variables ?? {}) as Record<string, unknown>,
    rootValue: rootValue(site),
  });
  return JSON.stringify(result);
}

/** A `fetch` that answers the site's `/graphql` from the fake site (and counts the posts each request asked for). */
export function fakeFetch(site: FakeSite, log: { ids: string[] } = { ids: [] }): typeof fetch {
  return (async (_url: string | URL | Request, init?: RequestInit) => {
    const body = String(init?.body ?? '');
    const id = (JSON.parse(body) as { variables?: { id?: string } }).variables?.id;
    if (id) log.ids.push(id);
    return new Response(await answerGraphql(site, body), { headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}
