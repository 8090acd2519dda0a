import type { Source } from '../model';

const ID = '[A-Za-z0-9]{17}';
// ForumMagnum routes (lib/collections/posts/helpers.ts postGetPageUrl) and GreaterWrong's matchers (src/links.lisp).
const POST_PATH = new RegExp(`^/(?:posts/(${ID})(?:/|$)|(?:s|g)/[^/]+/p/(${ID})(?:/|$)|events/(${ID})(?:/|$))`);

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The LessWrong-family site a host name belongs to, or null for any other host. */
export function sourceFromHost(host: string): Exclude<Source, 'text'> | null {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (h === 'lesswrong.com' || h === 'www.lesswrong.com') return 'lesswrong';
  if (h === 'alignmentforum.org' || h === 'www.alignmentforum.org') return 'alignmentforum';
  if (h === 'forum.effectivealtruism.org') return 'eaforum';
  if (h === 'greaterwrong.com' || h.endsWith('.greaterwrong.com')) return 'greaterwrong';
  return null;
}

/** The site an absolute URL belongs to, or null when it is not a LessWrong-family URL. */
export function sourceFromUrl(url: string): Exclude<Source, 'text'> | null {
  const u = parseUrl(url);
  if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:')) return null;
  return sourceFromHost(u.hostname);
}

/** The 17-character post id in a LessWrong-family post URL, or null when the URL is not a post URL. */
export function postIdFromUrl(url: string): string | null {
  if (!sourceFromUrl(url)) return null;
  const u = parseUrl(url);
  if (!u) return null;
  const m = POST_PATH.exec(u.pathname);
  return m ? (m[1] ?? m[2] ?? m[3] ?? null) : null;
}

/**
 * What a LessWrong-family URL names beyond one post: a sequence (`/s/<id>`, or `/s/<id>/p/<postId>` for a post read
 * inside it) or a collection of books (`/rationality`, `/codex`, `/hpmor`, `/highlights`, `/collections/<id>`).
 */
export type SequenceTarget =
  | { kind: 'sequence'; id: string; postId?: string }
  | { kind: 'collection'; by: 'slug' | 'id'; key: string };

const SEQUENCE_PATH = /^\/s\/([A-Za-z0-9]{17,24})(?:\/p\/([A-Za-z0-9]{17})(?:\/[^/]*)?)?\/?$/;
const COLLECTION_ID_PATH = /^\/collections\/([A-Za-z0-9]{17,24})\/?$/;
// ForumMagnum's routes: the three books by slug; /highlights is the collection page of one fixed collection
// (SequencesHighlightsCollection renders CollectionsPage documentId 62bf5f5dc581cd211cc67d49).
const COLLECTION_SLUGS: Record<string, SequenceTarget> = {
  '/rationality': { kind: 'collection', by: 'slug', key: 'rationality' },
  '/codex': { kind: 'collection', by: 'slug', key: 'codex' },
  '/hpmor': { kind: 'collection', by: 'slug', key: 'hpmor' },
  '/highlights': { kind: 'collection', by: 'id', key: '62bf5f5dc581cd211cc67d49' },
};

/** The sequence or collection a LessWrong-family URL names, or null for any other URL (a lone post included). */
export function sequenceTargetFromUrl(url: string): SequenceTarget | null {
  if (!sourceFromUrl(url)) return null;
  const u = parseUrl(url);
  if (!u) return null;
  const path = u.pathname.replace(/\/+$/, '') || '/';
  const named = COLLECTION_SLUGS[path.toLowerCase()];
  if (named) return named;
  const collection = COLLECTION_ID_PATH.exec(path);
  if (collection?.[1]) return { kind: 'collection', by: 'id', key: collection[1] };
  const sequence = SEQUENCE_PATH.exec(u.pathname);
  if (!sequence?.[1]) return null;
  return sequence[2]
    ? { kind: 'sequence', id: sequence[1], postId: sequence[2] }
    : { kind: 'sequence', id: sequence[1] };
}
