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
