// The LessWrong-family hosts: the post and sequence sites Lens reads through their pages and their API.
const SITE_HOSTS = [
  'lesswrong.com',
  'www.lesswrong.com',
  'alignmentforum.org',
  'www.alignmentforum.org',
  'forum.effectivealtruism.org',
  'greaterwrong.com',
  'www.greaterwrong.com',
  'ea.greaterwrong.com',
];

/** Match patterns for these paths on every LessWrong-family host, over either scheme. */
export function siteUrlPatterns(paths: readonly string[]): string[] {
  return SITE_HOSTS.flatMap((h) => paths.map((p) => `*://${h}${p}`));
}

/** Match patterns of the sites Lens runs on by itself; anywhere else only through activeTab on the reader's click. */
export const LENS_HOSTS = [...siteUrlPatterns(['/*']), '*://lesswrong.ru/*', '*://www.lesswrong.ru/*'];

/**
 * Optional host access for keeping saved posts' images offline (images live on other hosts, mostly res.cloudinary.com):
 * nothing is granted at install; Lens asks for the one origin of a post's images when the reader clicks Save.
 */
export const IMAGE_HOST_PATTERNS = ['*://*/*'];
