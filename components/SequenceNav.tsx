import { useEffect } from 'preact/hooks';
import { t } from '../lib/i18n';

export type SequenceNavProps = {
  sequenceTitle: string;
  chapterTitle: string;
  /** 1-based place of the post in the sequence. */
  index: number;
  total: number;
  previous?: { id: string; title: string };
  next?: { id: string; title: string };
  onGo: (postId: string) => void;
  /** The sequence page's address (the reader's `#sequence=<id>`). */
  sequenceHref: string;
};

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/** A post's place in its sequence ("Chapter · 7 of 48") with Previous and Next, also on the keys `[` and `]`. */
export function SequenceNav({
  sequenceTitle,
  chapterTitle,
  index,
  total,
  previous,
  next,
  onGo,
  sequenceHref,
}: SequenceNavProps) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
      if (e.key === '[' && previous) onGo(previous.id);
      else if (e.key === ']' && next) onGo(next.id);
      else return;
      e.preventDefault();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [previous, next, onGo]);
  return (
    <nav class="lens-sequence-nav" aria-label={t('sequenceNavName')}>
      <a href={sequenceHref}>{sequenceTitle}</a>
      <span class="lens-sequence-place">{t('placeInSequence', chapterTitle, index, total)}</span>
      <span class="lens-sequence-buttons">
        <button
          type="button"
          disabled={!previous}
          title={previous ? `${previous.title} ([)` : undefined}
          onClick={() => previous && onGo(previous.id)}
        >
          {t('previous')}
        </button>
        <button
          type="button"
          disabled={!next}
          title={next ? `${next.title} (])` : undefined}
          onClick={() => next && onGo(next.id)}
        >
          {t('next')}
        </button>
      </span>
    </nav>
  );
}
