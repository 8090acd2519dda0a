import { describe, expect, test } from 'vitest';
import { postIdFromUrl, sourceFromUrl } from '../../lib/parse/url';

const ID = 'REA49tL5jsh69X3aM';

describe('postIdFromUrl', () => {
  test.each([
    ['a post URL with a slug', `https://www.lesswrong.com/posts/${ID}/introduction-to-abstract-entropy`],
    ['a post URL without a slug', `https://www.lesswrong.com/posts/${ID}`],
    ['a post URL with a trailing slash', `https://www.lesswrong.com/posts/${ID}/`],
    ['lesswrong.com without www', `https://lesswrong.com/posts/${ID}/x`],
    ['a sequence post URL', `https://www.lesswrong.com/s/HzcM2dkCq7fwXBej8/p/${ID}`],
    ['a group post URL', `https://www.lesswrong.com/g/abcdefghijkmnopqr/p/${ID}/`],
    ['an event URL', `https://www.lesswrong.com/events/${ID}/meetup-in-berlin`],
    ['a comment permalink', `https://www.lesswrong.com/posts/${ID}/slug/comment/abcdefghijkmnopqr`],
    ['a commentId query', `https://www.lesswrong.com/posts/${ID}/slug?commentId=abcdefghijkmnopqr`],
    ['a hash', `https://www.lesswrong.com/posts/${ID}/slug#Macrostates`],
    ['the Alignment Forum', `https://www.alignmentforum.org/posts/${ID}/slug`],
    ['the Alignment Forum without www', `https://alignmentforum.org/s/abc/p/${ID}`],
    ['the EA Forum', `https://forum.effectivealtruism.org/posts/${ID}/slug`],
    ['GreaterWrong', `https://www.greaterwrong.com/posts/${ID}/slug#comment-abc`],
    ['GreaterWrong without www', `https://greaterwrong.com/posts/${ID}/slug`],
    ['GreaterWrong for the EA Forum', `https://ea.greaterwrong.com/posts/${ID}/slug`],
    ['GreaterWrong sequence post', `https://www.greaterwrong.com/s/abc/p/${ID}`],
  ])('finds the id in %s', (_name, url) => {
    expect(postIdFromUrl(url)).toBe(ID);
  });

  test.each([
    ['the front page', 'https://www.lesswrong.com/'],
    ['a list page', 'https://www.lesswrong.com/allPosts'],
    ['a user page', 'https://www.lesswrong.com/users/alex_altair'],
    ['a search page', 'https://www.lesswrong.com/search?query=entropy'],
    ['a sequence page', 'https://www.lesswrong.com/s/HzcM2dkCq7fwXBej8'],
    ['a slug-only post URL', 'https://www.lesswrong.com/posts/slug/introduction'],
    ['an id of the wrong length', 'https://www.lesswrong.com/posts/REA49tL5jsh69X3a/x'],
    ['another site with a post-like path', `https://example.com/posts/${ID}/x`],
    ['a look-alike host', `https://lesswrong.com.evil.example/posts/${ID}/x`],
    ['a javascript: URL', `javascript:alert('/posts/${ID}')`],
    ['garbage', 'not a url'],
    ['an empty string', ''],
  ])('finds nothing in %s', (_name, url) => {
    expect(postIdFromUrl(url)).toBeNull();
  });
});

describe('sourceFromUrl', () => {
  test.each([
    ['https://www.lesswrong.com/posts/x', 'lesswrong'],
    ['https://lesswrong.com/', 'lesswrong'],
    ['https://www.alignmentforum.org/', 'alignmentforum'],
    ['https://forum.effectivealtruism.org/posts/x', 'eaforum'],
    ['https://www.greaterwrong.com/', 'greaterwrong'],
    ['https://ea.greaterwrong.com/', 'greaterwrong'],
    ['https://lesswrong.ru/', null],
    ['https://example.com/', null],
    ['', null],
  ])('%s is %s', (url, source) => {
    expect(sourceFromUrl(url)).toBe(source);
  });
});
