import { t } from '../i18n';
import type { Post } from '../model';
import { postIdFromUrl, sourceFromUrl } from '../parse/url';

/** The GraphQL query for one post, in ForumMagnum's shape (`post(input: {selector: {_id}})`). */
export const POST_QUERY =
  'query LensPost($id: String) { post(input: { selector: { _id: $id } }) { result { _id title slug pageUrl postedAt user { displayName } contents { html } } } }';

/** What the site's API answers for one post. */
export type ApiPost = {
  _id: string;
  title?: string | null;
  slug?: string | null;
  pageUrl?: string | null;
  postedAt?: string | null;
  user?: { displayName?: string | null } | null;
  contents?: { html?: string | null } | null;
};

/** Everything fetching a linked post needs, injectable so tests can serve a recorded answer. */
export type RemoteDeps = {
  fetch: typeof fetch;
  /** The GraphQL endpoint for a post URL (default: the site's own `/graphql`, GreaterWrong's sites map to theirs). */
  endpointFor?: (url: URL) => string;
  /** Reads a post from a document (lib/parse `parseDocument`). */
  parseDocument: (doc: Document, url: string) => Post | null;
  /** An inert HTML document from a string (defaults to DOMParser). */
  makeDocument?: (html: string) => Document;
  timeoutMs?: number;
};

/** A fetched post, or the reason in words a reader can act on. */
export type RemoteResult = { ok: true; post: Post } | { ok: false; error: string };

/** The GraphQL endpoint of the site a LessWrong-family URL belongs to, over the link's own scheme (the e2e fixture server is http). */
export function defaultEndpoint(url: URL): string {
  const scheme = url.protocol === 'http:' ? 'http:' : 'https:';
  const host = url.hostname.toLowerCase();
  const source = sourceFromUrl(url.href);
  let site = 'www.lesswrong.com';
  if (host === 'ea.greaterwrong.com' || source === 'eaforum') site = 'forum.effectivealtruism.org';
  else if (source === 'alignmentforum') site = 'www.alignmentforum.org';
  return `${scheme}//${site}/graphql`;
}

function siteOf(url: URL): string {
  return url.hostname.replace(/^www\./, '');
}

/** An inert document around an API answer, shaped like a post page so `parseDocument` reads title, author and date. */
export function documentFor(api: ApiPost, pageUrl: string, make: (html: string) => Document): Document {
  const doc = make('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
  const addMeta = (name: string, content: string | null | undefined) => {
    if (!content) return;
    const m = doc.createElement('meta');
    m.setAttribute('name', name);
    m.setAttribute('content', content);
    doc.head.append(m);
  };
  addMeta('citation_title', api.title);
  addMeta('citation_author', api.user?.displayName);
  const link = doc.createElement('link');
  link.setAttribute('rel', 'canonical');
  link.setAttribute('href', pageUrl);
  doc.head.append(link);
  if (api.postedAt) {
    const header = doc.createElement('div');
    header.className = 'LWPostsPageHeader-date';
    const time = doc.createElement('time');
    time.setAttribute('datetime', api.postedAt);
    header.append(time);
    doc.body.append(header);
  }
  const body = doc.createElement('div');
  body.id = 'postContent';
  // Assigned in an inert DOMParser document: nothing in it loads or runs; parseDocument sanitises what it keeps.
  body.innerHTML = api.contents?.html ?? '';
  doc.body.append(body);
  return doc;
}

/** What one GraphQL POST brought back: the parsed JSON answer, an HTTP error status, or no answer at all. */
export type GraphqlExchange =
  | { ok: true; answer: unknown }
  | { ok: false; kind: 'status'; status: number; retryAfter: string | null }
  | { ok: false; kind: 'timeout' | 'offline' | 'not-json' };

/**
 * Posts one GraphQL query to a LessWrong-family endpoint without credentials, giving up after `timeoutMs` (20 s by
 * default); what the answer means is the caller's to say.
 */
export async function postGraphql(
  endpoint: string,
  query: string,
  variables: Record<string, unknown>,
  deps: { fetch: typeof fetch; timeoutMs?: number },
): Promise<GraphqlExchange> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), deps.timeoutMs ?? 20_000);
  let text: string;
  try {
    const response = await deps.fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      credentials: 'omit',
      body: JSON.stringify({ query, variables }),
      signal: controller.signal,
    });
    if (!response.ok) {
      return { ok: false, kind: 'status', status: response.status, retryAfter: response.headers.get('retry-after') };
    }
    text = await response.text();
  } catch (error) {
    return { ok: false, kind: (error as { name?: string }).name === 'AbortError' ? 'timeout' : 'offline' };
  } finally {
    clearTimeout(timer);
  }
  try {
    return { ok: true, answer: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, kind: 'not-json' };
  }
}

/** A post as the site's API sent it, not yet parsed (`readApiPost` turns it into a Post where a DOM exists). */
export type FetchedApiPost = { ok: true; api: ApiPost; pageUrl: string; site: string } | { ok: false; error: string };

/**
 * Fetches a LessWrong-family post by its URL through the site's public GraphQL API, without parsing it: this half
 * needs no DOM, so Chrome's service worker runs it and hands the answer to its offscreen document.
 */
export async function fetchApiPost(
  link: string,
  deps: Pick<RemoteDeps, 'fetch' | 'endpointFor' | 'timeoutMs'>,
): Promise<FetchedApiPost> {
  const id = postIdFromUrl(link);
  if (!id) return { ok: false, error: t('notAPostLink') };
  const url = new URL(link);
  const endpoint = (deps.endpointFor ?? defaultEndpoint)(url);
  const site = siteOf(new URL(endpoint));
  const sent = await postGraphql(endpoint, POST_QUERY, { id }, deps);
  if (!sent.ok) {
    // An answer that is not JSON (a proxy's or portal's page) reads as the site not reached.
    const error =
      sent.kind === 'status'
        ? t('siteHttpError', site, sent.status)
        : sent.kind === 'timeout'
          ? t('siteTimeout', site)
          : t('siteUnreachable', site);
    return { ok: false, error };
  }
  const answer = sent.answer as
    | { data?: { post?: { result?: ApiPost | null } | null }; errors?: { message?: string }[] }
    | null
    | undefined;
  const result = answer?.data?.post?.result;
  if (!result) {
    const why = answer?.errors?.[0]?.message;
    return {
      ok: false,
      error: why ? t('siteApiRefused', site, why.slice(0, 200)) : t('siteNoPost', site, id),
    };
  }
  if (!result.contents?.html) return { ok: false, error: t('siteNoText', site) };
  const pageUrl = result.pageUrl && /^https?:\/\//.test(result.pageUrl) ? result.pageUrl : url.href;
  return { ok: true, api: result, pageUrl, site };
}

/** Reads a fetched API answer into a Post (needs a DOM: `makeDocument`, or DOMParser by default). */
export function readApiPost(
  fetched: { api: ApiPost; pageUrl: string; site: string },
  deps: Pick<RemoteDeps, 'parseDocument' | 'makeDocument'>,
): RemoteResult {
  const { api, pageUrl, site } = fetched;
  const make = deps.makeDocument ?? ((html: string) => new DOMParser().parseFromString(html, 'text/html'));
  const post = deps.parseDocument(documentFor(api, pageUrl, make), pageUrl);
  if (!post) return { ok: false, error: t('siteUnreadable', site) };
  return { ok: true, post: { ...post, id: api._id || post.id } };
}

/** Fetches a LessWrong-family post by its URL through the site's public GraphQL API and parses it. */
export async function fetchLinkedPost(link: string, deps: RemoteDeps): Promise<RemoteResult> {
  const fetched = await fetchApiPost(link, deps);
  return fetched.ok ? readApiPost(fetched, deps) : fetched;
}
