import { useEffect, useMemo, useRef } from 'preact/hooks';
import { t } from '../lib/i18n';
import type { Footnote } from '../lib/model';

export type FootnoteIndexProps = {
  footnotes: readonly Footnote[];
  /** Jump to one reference of a note in the page. */
  onCite: (refId: string) => void;
  /** Renders the equations inside the list once it is in the DOM (KaTeX in extension pages). */
  renderMath?: (root: HTMLElement) => void;
  /** Makes a note's HTML safe to insert (DOMPurify); a page sends its notes unsanitised, so they are made safe here, when shown. */
  sanitize: (html: string) => string;
};

/** Every footnote of the post with its number, rendered text and a "cited from" link per reference to it. */
export function FootnoteIndex({ footnotes, onCite, renderMath, sanitize }: FootnoteIndexProps) {
  const listRef = useRef<HTMLOListElement>(null);
  const safe = useMemo(() => footnotes.map((note) => sanitize(note.html)), [footnotes, sanitize]);
  useEffect(() => {
    if (listRef.current && renderMath) renderMath(listRef.current);
  }, [safe, renderMath]);

  if (footnotes.length === 0) return <p class="muted">{t('noFootnotes')}</p>;
  return (
    <ol class="footnote-index" ref={listRef} aria-label={t('footnotes')}>
      {footnotes.map((note, index) => (
        <li key={note.id} class="footnote-item">
          <span class="footnote-number">{note.number}.</span>
          <div class="footnote-body">
            <div class="footnote-text" dangerouslySetInnerHTML={{ __html: safe[index] ?? '' }} />
            <p class="cited-from">
              {note.refIds.length === 0 ? (
                <span class="muted">{t('notCited')}</span>
              ) : (
                <>
                  <span class="cited-label">{t('citedFrom')}</span>
                  {note.refIds.map((refId, i) => (
                    <button
                      type="button"
                      key={refId}
                      class="cite-link"
                      data-ref-id={refId}
                      aria-label={
                        note.refIds.length === 1
                          ? t('goToOnlyReference', note.number)
                          : t('goToReference', i + 1, note.refIds.length, note.number)
                      }
                      onClick={() => onCite(refId)}
                    >
                      ↑{note.refIds.length === 1 ? '' : ` ${i + 1}`}
                    </button>
                  ))}
                </>
              )}
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}
