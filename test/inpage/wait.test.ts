import { afterEach, describe, expect, test } from 'vitest';
import { waitFor } from '../../lib/inpage/wait';

describe('waitFor', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  test('an element already there resolves at once', async () => {
    document.body.innerHTML = '<div id="postContent"><p>x</p></div>';
    expect(await waitFor(document, () => document.getElementById('postContent'))).toBe(
      document.getElementById('postContent'),
    );
  });

  test('an element that hydrates later resolves when it appears', async () => {
    const found = waitFor(document, () => document.querySelector('#postContent p'));
    // waitFor has looked once and found nothing; the body hydrates after that.
    document.body.innerHTML = '<div id="postContent"><p>late</p></div>';
    expect((await found)?.textContent).toBe('late');
  });

  test('an element that never appears gives null after the timeout', async () => {
    expect(await waitFor(document, () => document.getElementById('nope'), { timeout: 30 })).toBeNull();
  });

  test('aborting gives null', async () => {
    const abort = new AbortController();
    const found = waitFor(document, () => document.getElementById('nope'), { signal: abort.signal });
    abort.abort();
    expect(await found).toBeNull();
  });
});
