import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { parseDocument } from '../../lib/parse/document';
import { defaultEndpoint, fetchLinkedPost, POST_QUERY } from '../../lib/store/remote';

const recorded = readFileSync(
  join(import.meta.dirname, '..', 'fixtures-store', 'graphql-post-terminal-cynicism.json'),
  'utf8',
);
const LINK = 'https://www.lesswrong.com/s/abcdefghijklmnopq/p/aM6qtJ8gH72d7Hyqa';

function answering(body: string, status = 200) {
  return vi.fn(async () => new Response(body, { status, headers: { 'content-type': 'application/json' } }));
}

describe('saving a linked post through the site API', () => {
  test('posts the ForumMagnum query with the id from the link and parses the answer into a Post', async () => {
    const fetch = answering(recorded);
    const r = await fetchLinkedPost(LINK, { fetch, parseDocument, endpointFor: () => 'http://127.0.0.1:9/graphql' });
    expect(fetch).toHaveBeenCalledOnce();
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://127.0.0.1:9/graphql');
    expect(JSON.parse(String(init.body))).toEqual({ query: POST_QUERY, variables: { id: 'aM6qtJ8gH72d7Hyqa' } });
    expect(init.credentials).toBe('omit');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.post).toMatchObject({
      id: 'aM6qtJ8gH72d7Hyqa',
      source: 'lesswrong',
      title: 'Terminal Cynicism',
      author: 'Fixture Author',
      url: 'https://www.lesswrong.com/posts/aM6qtJ8gH72d7Hyqa/terminal-cynicism',
      published: '2026-02-19T13:51:00.000Z',
    });
    expect(r.post.footnotes).toHaveLength(4);
    expect(r.post.html).toContain('Terminal Cynicism is a level of cynicism');
  });

  test.each([
    [
      'the network fails',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
      /could not reach lesswrong\.com/,
    ],
    ['the server errs', answering('oops', 503), /HTTP 503/],
    // A proxy's or portal's page instead of the API's JSON: the site was not really reached.
    ['the answer is not JSON', answering('<html>sign in</html>'), /could not reach lesswrong\.com/],
    [
      'the API reports an error',
      answering('{"errors":[{"message":"rate limited"}]}'),
      /refused the request \(rate limited\)/,
    ],
    [
      'the post does not exist',
      answering('{"data":{"post":{"result":null}}}'),
      /no public post with id aM6qtJ8gH72d7Hyqa/,
    ],
    [
      'the answer has no text',
      answering('{"data":{"post":{"result":{"_id":"aM6qtJ8gH72d7Hyqa","contents":null}}}}'),
      /without its text/,
    ],
  ])('gives a clear message when %s', async (_name, fetch, message) => {
    const r = await fetchLinkedPost(LINK, { fetch: fetch as unknown as typeof globalThis.fetch, parseDocument });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(message);
  });

  test('gives a clear message when the site does not answer in time', async () => {
    const fetch = vi.fn(
      (_url: string, init: RequestInit) =>
        new Promise<Response>((_resolve, reject) =>
          init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
        ),
    );
    const r = await fetchLinkedPost(LINK, {
      fetch: fetch as unknown as typeof globalThis.fetch,
      parseDocument,
      timeoutMs: 5,
    });
    expect(!r.ok && r.error).toMatch(/lesswrong\.com did not answer in time; the post was not saved/);
  });

  test('refuses links that are not LessWrong-family posts without fetching', async () => {
    const fetch = answering(recorded);
    const r = await fetchLinkedPost('https://example.org/posts/aM6qtJ8gH72d7Hyqa', { fetch, parseDocument });
    expect(r.ok).toBe(false);
    expect(fetch).not.toHaveBeenCalled();
  });

  test.each([
    ['https://www.lesswrong.com/posts/x', 'https://www.lesswrong.com/graphql'],
    ['https://www.greaterwrong.com/posts/x', 'https://www.lesswrong.com/graphql'],
    ['https://www.alignmentforum.org/posts/x', 'https://www.alignmentforum.org/graphql'],
    ['https://ea.greaterwrong.com/posts/x', 'https://forum.effectivealtruism.org/graphql'],
    ['https://forum.effectivealtruism.org/posts/x', 'https://forum.effectivealtruism.org/graphql'],
    ['http://www.lesswrong.com/posts/x', 'http://www.lesswrong.com/graphql'],
  ])('%s is fetched from %s', (link, endpoint) => {
    expect(defaultEndpoint(new URL(link))).toBe(endpoint);
  });
});
