// What a reader sees for a post that mixes note systems (issue 10, finding 2): the preview of the reference labelled
// [1] and the side panel's list both say 1 for the note that reference opens, on the page itself and in the parsed post.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { FootnoteIndex } from '../../components/FootnoteIndex';
import { enhancePage } from '../../lib/inpage/enhance';
import type { PreviewController } from '../../lib/inpage/previews';
import { parseDocument } from '../../lib/parse';
import { sanitizeHtml } from '../../lib/sanitize';

const CASE = join(import.meta.dirname, '..', 'fixtures', 'html-mixed-google-docs-ckeditor-footnotes');
const html = readFileSync(join(CASE, 'input.html'), 'utf8');
const { url } = JSON.parse(readFileSync(join(CASE, 'meta.json'), 'utf8')) as { url: string };

let controller: PreviewController | undefined;

function hover(el: Element) {
  el.dispatchEvent(
    new PointerEvent('pointerover', { bubbles: true, composed: true, pointerType: 'mouse' } as PointerEventInit),
  );
}

describe('a Google Docs note [1] pasted into a CKEditor post with notes [2] and [3]', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    document.body.innerHTML = new DOMParser().parseFromString(html, 'text/html').body.innerHTML;
  });
  afterEach(() => {
    controller?.destroy();
    controller = undefined;
    vi.useRealTimers();
    cleanup();
    document.body.innerHTML = '';
  });

  test.each([
    ['#ftnt1', '[1]', 'Footnote 1', 'The Google Docs note'],
    ['#fnq8c2mz1k0ab', '[2]', 'Footnote 2', 'The first CKEditor note.'],
    ['#fnx0v7hd3e9pl', '[3]', 'Footnote 3', 'The second CKEditor note.'],
  ])('the preview of the reference to %s, labelled %s, says "%s"', (href, label, title, text) => {
    const post = parseDocument(document, url);
    if (!post) throw new Error('parseDocument gave null');
    controller = enhancePage(document.body, post, { delay: 150, closeDelay: 300, theme: 'light' });
    const ref = document.querySelector(`a[href="${href}"]`)!;
    expect(ref.textContent).toBe(label);
    hover(ref);
    vi.advanceTimersByTime(200);
    const previews = [...(controller.shadow()?.querySelectorAll<HTMLElement>('.lens-preview') ?? [])];
    expect(previews).toHaveLength(1);
    expect(previews[0]!.querySelector('.lens-label')?.textContent).toBe(title);
    expect(previews[0]!.textContent).toContain(text);
  });

  test('the side panel lists the notes as 1, 2, 3, then the note nothing cites as 4', () => {
    const post = parseDocument(document, url);
    if (!post) throw new Error('parseDocument gave null');
    render(<FootnoteIndex footnotes={post.footnotes} onCite={() => {}} sanitize={sanitizeHtml} />);
    const items = within(screen.getByRole('list', { name: 'Footnotes' })).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('.footnote-number')?.textContent)).toEqual(['1.', '2.', '3.', '4.']);
    expect(items[0]?.textContent).toContain('The Google Docs note');
    expect(items[3]?.textContent).toContain('Not cited in the text');
  });
});
