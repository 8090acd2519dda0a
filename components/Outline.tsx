import { useEffect, useRef } from 'preact/hooks';
import { formatMinutes, t, tn } from '../lib/i18n';
import type { Heading } from '../lib/model';
import { buildOutline, headingPath, type OutlineNode } from '../lib/sidebar/outline';
import type { PostStats, SectionStats } from '../lib/sidebar/sections';

export type OutlineProps = {
  title: string;
  headings: readonly Heading[];
  /** Reading data per section, when computed. */
  stats?: PostStats | null;
  currentHeadingId: string | null;
  /** 0..1 through the post. */
  progress: number;
  onSelect: (headingId: string) => void;
};

function sectionMeta(section: SectionStats | undefined): string {
  if (!section) return '';
  const notes = section.footnotes.length;
  return notes ? `${formatMinutes(section.minutes)} · ${tn('noteCount', notes)}` : formatMinutes(section.minutes);
}

/** The post's headings nested by level, with the current section marked and kept in view, progress, and reading data. */
export function Outline({ title, headings, stats, currentHeadingId, progress, onSelect }: OutlineProps) {
  const listRef = useRef<HTMLDivElement>(null);
  const index = currentHeadingId === null ? -1 : headings.findIndex((h) => h.id === currentHeadingId);
  const path = new Set(index >= 0 ? headingPath(headings, index) : []);
  const percent = Math.round(Math.min(1, Math.max(0, progress)) * 100);

  useEffect(() => {
    const current = listRef.current?.querySelector<HTMLElement>('[aria-current="location"]');
    // happy-dom and very old engines lack scrollIntoView options.
    current?.scrollIntoView?.({ block: 'nearest' });
  }, [currentHeadingId]);

  const renderNodes = (nodes: OutlineNode[]) => (
    <ol>
      {nodes.map((node) => {
        const { heading } = node;
        const isCurrent = heading.id === currentHeadingId;
        const meta = sectionMeta(stats?.sections[node.index]);
        return (
          <li key={`${node.index}`}>
            <button
              type="button"
              class={`outline-entry${isCurrent ? ' current' : path.has(heading.id) ? ' in-path' : ''}`}
              aria-current={isCurrent ? 'location' : undefined}
              data-heading-id={heading.id}
              onClick={() => onSelect(heading.id)}
            >
              {/* Element Timing names the first entry's paint: the bench's "outline painted". */}
              <span class="outline-text" elementtiming={node.index === 0 ? 'lens-outline' : undefined}>
                {heading.text}
              </span>
              {meta && <span class="outline-meta">{meta}</span>}
            </button>
            {node.children.length > 0 && renderNodes(node.children)}
          </li>
        );
      })}
    </ol>
  );

  return (
    <nav class="outline" aria-label={t('outline')}>
      <div class="outline-head">
        <h2 class="post-title">{title}</h2>
        {stats && (
          <p class="post-meta">
            {t('readTime', formatMinutes(stats.minutes))} · {tn('wordCount', stats.words)}
          </p>
        )}
        <div
          class="progress"
          role="progressbar"
          aria-label={t('readingProgress')}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
        >
          <div class="progress-fill" style={{ width: `${percent}%` }} />
        </div>
      </div>
      <div class="outline-list" ref={listRef}>
        {headings.length === 0 ? <p class="muted">{t('noHeadings')}</p> : renderNodes(buildOutline(headings))}
      </div>
    </nav>
  );
}
