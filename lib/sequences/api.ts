import { t } from '../i18n';
import { type SequenceTarget, sequenceTargetFromUrl, sourceFromUrl } from '../parse/url';
import { type ApiPost, defaultEndpoint, postGraphql } from '../store/remote';
import type { SequenceChapter, SequenceOutline, SequencePostRef } from '../store/types';

// Every query below is validated against LessWrong's schema in test/sequences/api.test.ts.
const POST_FIELDS = 'fragment LensListedPost on Post { _id title slug pageUrl draft contents { version editedAt } }';
const CHAPTER_FIELDS = `fragment LensChapter on Chapter { _id title number posts { ...LensListedPost } } ${POST_FIELDS}`;

/** The GraphQL query for a sequence with its chapters and their posts (titles and revisions, not texts). */
export const SEQUENCE_QUERY = `query LensSequence($id: String) { sequence(input: { selector: { _id: $id } }) { result { _id title draft isDeleted user { displayName } chapters { ...LensChapter } } } } ${CHAPTER_FIELDS}`;

/** The GraphQL query for a collection (by id or slug): its books, their sequences with chapters, and loose posts. */
export const COLLECTION_QUERY = `query LensCollection($id: String, $slug: String) { collection(input: { selector: { _id: $id, slug: $slug } }) { result { _id title slug user { displayName } books { _id title number posts { ...LensListedPost } sequences { _id title draft isDeleted chapters { ...LensChapter } } } } } } ${CHAPTER_FIELDS}`;

/** The GraphQL query for one post's text and revision, as a save job stores it. */
export const SEQUENCE_POST_QUERY =
  'query LensSequencePost($id: String) { post(input: { selector: { _id: $id } }) { result { _id title slug pageUrl postedAt draft user { displayName } contents { html version } } } }';

/** The GraphQL query for the canonical sequence a post belongs to, asked on a post page. */
export const POST_SEQUENCE_QUERY =
  'query LensPostSequence($id: String) { post(input: { selector: { _id: $id } }) { result { _id canonicalSequenceId } } }';

/** Why a request to the site's API did not bring what was asked, in words a reader can act on. */
export type ApiFailure = {
  ok: false;
  /** `offline`, `timeout` and `busy` pass (wait and try again); the others are answers about this request. */
  kind: 'offline' | 'timeout' | 'busy' | 'http' | 'refused' | 'garbage' | 'missing';
  error: string;
  /** For `busy` (HTTP 429/503): how long the site asked to wait (its `Retry-After`), in milliseconds. */
  retryAfterMs?: number;
};

/** What the API requests need: a fetch and where the site's endpoint is. */
export type ApiDeps = {
  fetch: typeof fetch;
  endpointFor?: (url: URL) => string;
  timeoutMs?: number;
  now?: () => number;
};

/** A `Retry-After` header (seconds or an HTTP date) in milliseconds from `now`, or undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Posts one GraphQL query and returns its `data`, or why not (network, HTTP status, API errors, an answer that is not JSON). */
export async function graphqlRequest(
  endpoint: string,
  query: string,
  variables: Record<string, unknown>,
  deps: ApiDeps,
): Promise<{ ok: true; data: Record<string, unknown> } | ApiFailure> {
  const site = new URL(endpoint).hostname.replace(/^www\./, '');
  const sent = await postGraphql(endpoint, query, variables, deps);
  if (!sent.ok) {
    switch (sent.kind) {
      case 'status':
        return sent.status === 429 || sent.status === 503
          ? {
              ok: false,
              kind: 'busy',
              error: t('siteSlowDown', site, sent.status),
              retryAfterMs: retryAfterMs(sent.retryAfter, deps.now?.() ?? Date.now()),
            }
          : { ok: false, kind: 'http', error: t('siteHttpErrorShort', site, sent.status) };
      case 'timeout':
        return { ok: false, kind: 'timeout', error: t('siteTimeoutWaits', site) };
      case 'offline':
        return { ok: false, kind: 'offline', error: t('siteUnreachableWaits', site) };
      case 'not-json':
        return { ok: false, kind: 'garbage', error: t('siteNotApi', site) };
    }
  }
  const answer = sent.answer;
  if (!answer || typeof answer !== 'object') {
    return { ok: false, kind: 'garbage', error: t('siteNotApi', site) };
  }
  const { data, errors } = answer as { data?: unknown; errors?: { message?: unknown }[] };
  if (data && typeof data === 'object') return { ok: true, data: data as Record<string, unknown> };
  const why = Array.isArray(errors) && typeof errors[0]?.message === 'string' ? errors[0].message : '';
  return why
    ? { ok: false, kind: 'refused', error: t('siteApiRefusedShort', site, why.slice(0, 200)) }
    : { ok: false, kind: 'garbage', error: t('siteNotApi', site) };
}

type ApiListedPost = {
  _id?: unknown;
  title?: unknown;
  slug?: unknown;
  pageUrl?: unknown;
  draft?: unknown;
  contents?: { version?: unknown; editedAt?: unknown } | null;
};
type ApiChapter = { title?: unknown; number?: unknown; posts?: unknown };
type ApiSequence = {
  _id?: unknown;
  title?: unknown;
  draft?: unknown;
  isDeleted?: unknown;
  user?: { displayName?: unknown } | null;
  chapters?: unknown;
};
type ApiBook = { title?: unknown; number?: unknown; posts?: unknown; sequences?: unknown };

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const ID = /^[A-Za-z0-9]{10,24}$/;

function postRef(raw: unknown, origin: string): SequencePostRef | null {
  if (!raw || typeof raw !== 'object') return null;
  const p = raw as ApiListedPost;
  const id = str(p._id);
  // A draft or an entry without an id cannot be fetched by anyone but its author: the sequence lists it without it.
  if (!id || !ID.test(id) || p.draft === true) return null;
  const page = str(p.pageUrl);
  const url = page && /^https?:\/\//.test(page) ? page : `${origin}/posts/${id}/${str(p.slug) ?? ''}`;
  const ref: SequencePostRef = { id, title: str(p.title) ?? t('untitledPost'), url };
  const version = str(p.contents?.version);
  if (version) ref.version = version;
  const editedAt = Date.parse(str(p.contents?.editedAt) ?? '');
  if (Number.isFinite(editedAt)) ref.editedAt = editedAt;
  return ref;
}

function chaptersOf(seq: ApiSequence, origin: string, titlePrefix?: string): SequenceChapter[] {
  // ForumMagnum numbers chapters but does not promise their order in the answer.
  const chapters = list(seq.chapters)
    .filter((c): c is ApiChapter => !!c && typeof c === 'object')
    .map((c, index) => ({ c, index }))
    .sort((a, b) => num(a.c.number) - num(b.c.number) || a.index - b.index);
  const multiple = chapters.length > 1;
  return chapters.map(({ c }, index) => {
    const own = str(c.title);
    const fallback = multiple ? `Chapter ${index + 1}` : (titlePrefix ?? str(seq.title) ?? 'Posts');
    const title = titlePrefix && own ? `${titlePrefix} · ${own}` : (own ?? fallback);
    const posts = list(c.posts)
      .map((p) => postRef(p, origin))
      .filter((p): p is SequencePostRef => !!p);
    return { title, posts };
  });
}

/** The unique ids of an outline's posts in reading order (a post listed twice is read once, where it first comes). */
export function outlinePostIds(outline: Pick<SequenceOutline, 'chapters'>): string[] {
  const seen = new Set<string>();
  for (const chapter of outline.chapters) for (const post of chapter.posts) seen.add(post.id);
  return [...seen];
}

/** An outline, or why there is none. */
export type OutlineResult = { ok: true; outline: SequenceOutline } | ApiFailure;

function siteName(endpoint: string): string {
  return new URL(endpoint).hostname.replace(/^www\./, '');
}

/** The outline of a sequence or collection the API answered, or why it has none: nothing readable in it. */
function outlineOf(
  kind: SequenceOutline['kind'],
  id: string,
  result: Pick<ApiSequence, 'title' | 'user'>,
  pageUrl: string,
  chapters: SequenceChapter[],
): OutlineResult {
  const sequence = kind === 'sequence';
  if (chapters.length === 0) {
    return { ok: false, kind: 'missing', error: t(sequence ? 'sequenceEmpty' : 'collectionEmpty') };
  }
  const outline: SequenceOutline = {
    id,
    kind,
    title: str(result.title) ?? t(sequence ? 'untitledSequence' : 'untitledCollection'),
    url: pageUrl,
    source: sourceFromUrl(pageUrl) ?? 'lesswrong',
    chapters,
  };
  const author = str(result.user?.displayName);
  if (author) outline.author = author;
  return { ok: true, outline };
}

/** Reads the API's sequence answer into an outline, refusing drafts, deleted and empty sequences in words. */
export function readSequenceAnswer(data: Record<string, unknown>, pageUrl: string, endpoint: string): OutlineResult {
  const site = siteName(endpoint);
  const origin = new URL(endpoint).origin;
  const result = (data.sequence as { result?: unknown } | null | undefined)?.result as ApiSequence | null | undefined;
  if (!result || typeof result !== 'object') {
    return { ok: false, kind: 'missing', error: t('siteNoSequence', site) };
  }
  if (result.isDeleted === true) return { ok: false, kind: 'missing', error: t('sequenceDeleted') };
  if (result.draft === true) {
    return { ok: false, kind: 'missing', error: t('sequenceDraft') };
  }
  const id = str(result._id);
  if (!id) return { ok: false, kind: 'garbage', error: t('sequenceNoId', site) };
  const chapters = chaptersOf(result, origin).filter((c) => c.posts.length > 0);
  return outlineOf('sequence', id, result, pageUrl, chapters);
}

/** Reads the API's collection answer into an outline: each book's loose posts, then each of its sequences' chapters. */
export function readCollectionAnswer(data: Record<string, unknown>, pageUrl: string, endpoint: string): OutlineResult {
  const site = siteName(endpoint);
  const origin = new URL(endpoint).origin;
  const result = (data.collection as { result?: unknown } | null | undefined)?.result as
    | (ApiSequence & { books?: unknown })
    | null
    | undefined;
  if (!result || typeof result !== 'object') {
    return { ok: false, kind: 'missing', error: t('siteNoCollection', site) };
  }
  const id = str(result._id);
  if (!id) return { ok: false, kind: 'garbage', error: t('collectionNoId', site) };
  const books = list(result.books)
    .filter((b): b is ApiBook => !!b && typeof b === 'object')
    .map((b, index) => ({ b, index }))
    .sort((x, y) => num(x.b.number) - num(y.b.number) || x.index - y.index);
  const chapters: SequenceChapter[] = [];
  for (const { b } of books) {
    const bookTitle = str(b.title);
    const loose = list(b.posts)
      .map((p) => postRef(p, origin))
      .filter((p): p is SequencePostRef => !!p);
    if (loose.length) chapters.push({ title: bookTitle ?? t('chapterPosts'), posts: loose });
    for (const s of list(b.sequences)) {
      if (!s || typeof s !== 'object') continue;
      const seq = s as ApiSequence;
      if (seq.draft === true || seq.isDeleted === true) continue;
      chapters.push(...chaptersOf(seq, origin, str(seq.title)).filter((c) => c.posts.length > 0));
    }
  }
  return outlineOf('collection', id, result, pageUrl, chapters);
}

/** The endpoint a sequence URL's API lives at (GreaterWrong's pages are answered from LessWrong's or the EA Forum's). */
export function endpointForPage(pageUrl: string, deps: Pick<ApiDeps, 'endpointFor'>): string {
  return (deps.endpointFor ?? defaultEndpoint)(new URL(pageUrl));
}

/** Fetches the outline of the sequence or collection a URL names (for a post inside a sequence, that sequence). */
export async function fetchOutline(
  pageUrl: string,
  deps: ApiDeps,
  target: SequenceTarget | null = sequenceTargetFromUrl(pageUrl),
): Promise<OutlineResult> {
  if (!target) return { ok: false, kind: 'missing', error: t('notASequence') };
  const endpoint = endpointForPage(pageUrl, deps);
  if (target.kind === 'sequence') {
    const answer = await graphqlRequest(endpoint, SEQUENCE_QUERY, { id: target.id }, deps);
    if (!answer.ok) return answer;
    const read = readSequenceAnswer(answer.data, pageUrl, endpoint);
    if (read.ok && target.postId) read.outline.url = new URL(`/s/${target.id}`, pageUrl).href;
    return read;
  }
  const variables = target.by === 'slug' ? { slug: target.key } : { id: target.key };
  const answer = await graphqlRequest(endpoint, COLLECTION_QUERY, variables, deps);
  return answer.ok ? readCollectionAnswer(answer.data, pageUrl, endpoint) : answer;
}

/** The canonical sequence of the post at a post URL (the API says), as a sequence URL, or null when it has none. */
export async function canonicalSequenceUrl(postUrl: string, postId: string, deps: ApiDeps): Promise<string | null> {
  const endpoint = endpointForPage(postUrl, deps);
  const answer = await graphqlRequest(endpoint, POST_SEQUENCE_QUERY, { id: postId }, deps);
  if (!answer.ok) return null;
  const result = (answer.data.post as { result?: { canonicalSequenceId?: unknown } | null } | null)?.result;
  const id = str(result?.canonicalSequenceId);
  return id && ID.test(id) ? new URL(`/s/${id}/p/${postId}`, postUrl).href : null;
}

/** A post's text as the save job fetched it, ready for `readApiPost`, with its revision. */
export type FetchedSequencePost =
  | { ok: true; api: ApiPost; pageUrl: string; site: string; version?: string }
  | ApiFailure;

/** Fetches one post of a sequence by id (its text and revision) through the site's API. */
export async function fetchSequencePost(
  ref: SequencePostRef,
  endpoint: string,
  deps: ApiDeps,
): Promise<FetchedSequencePost> {
  const answer = await graphqlRequest(endpoint, SEQUENCE_POST_QUERY, { id: ref.id }, deps);
  if (!answer.ok) return answer;
  const site = siteName(endpoint);
  const result = (answer.data.post as { result?: unknown } | null | undefined)?.result as
    | (ApiPost & { draft?: unknown; contents?: { html?: unknown; version?: unknown } | null })
    | null
    | undefined;
  if (!result || typeof result !== 'object' || result.draft === true) {
    return {
      ok: false,
      kind: 'missing',
      error: t('siteNoPostTitled', site, ref.title),
    };
  }
  if (typeof result.contents?.html !== 'string' || !result.contents.html) {
    return { ok: false, kind: 'garbage', error: t('siteSentNoText', site, ref.title) };
  }
  const pageUrl = typeof result.pageUrl === 'string' && /^https?:\/\//.test(result.pageUrl) ? result.pageUrl : ref.url;
  const fetched: FetchedSequencePost = { ok: true, api: { ...result, _id: ref.id }, pageUrl, site };
  const version = str(result.contents.version);
  if (version) fetched.version = version;
  return fetched;
}
