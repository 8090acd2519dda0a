import { useEffect, useState } from 'preact/hooks';
import { formatDate, t } from '../lib/i18n';
import type { SavedItem } from '../lib/sidebar/library-client';

export type SavedPanelProps = {
  /** The post in view in the followed tab, if any. */
  current: { id: string; title: string } | null;
  /** Whether that post is saved; null while unknown. */
  currentSaved: boolean | null;
  currentTags: readonly string[];
  busy?: boolean;
  /** A status or error line for the reader. */
  message?: string | null;
  onToggleSave: () => void;
  onTagsChange: (tags: string[]) => void;
  items: readonly SavedItem[];
  query: string;
  onQuery: (query: string) => void;
  onOpen: (id: string) => void;
  onOpenLibrary: () => void;
};

function splitTags(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

/** Save or unsave the current post with its tags, and the saved list with search. */
export function SavedPanel(props: SavedPanelProps) {
  const { current, currentSaved, currentTags, busy, message, items, query } = props;
  const [tagText, setTagText] = useState(currentTags.join(', '));
  useEffect(() => setTagText(currentTags.join(', ')), [currentTags.join(',')]);

  const commitTags = () => {
    const next = splitTags(tagText);
    if (next.join(',') !== currentTags.join(',')) props.onTagsChange(next);
  };

  return (
    <div class="saved">
      {current ? (
        <section class="saved-current" aria-labelledby="saved-current-title">
          <h2 id="saved-current-title" class="post-title">
            {current.title}
          </h2>
          <p class="saved-state" aria-live="polite">
            {currentSaved === null ? t('savedChecking') : currentSaved ? t('savedOffline') : t('notSaved')}
          </p>
          <button
            type="button"
            class="primary"
            aria-pressed={currentSaved === true}
            disabled={busy || currentSaved === null}
            onClick={props.onToggleSave}
          >
            {currentSaved ? t('unsave') : t('save')}
          </button>
          {currentSaved && (
            <form
              class="tags-form"
              onSubmit={(e) => {
                e.preventDefault();
                commitTags();
              }}
            >
              <label for="saved-tags">{t('tagsLabel')}</label>
              <input
                id="saved-tags"
                type="text"
                value={tagText}
                onInput={(e) => setTagText((e.currentTarget as HTMLInputElement).value)}
                onBlur={commitTags}
              />
            </form>
          )}
        </section>
      ) : (
        <p class="muted">{t('openPostToSave')}</p>
      )}
      {message && (
        <p class="status" role="status">
          {message}
        </p>
      )}
      <section class="saved-list" aria-labelledby="saved-list-title">
        <h2 id="saved-list-title">{t('savedPosts')}</h2>
        <label for="saved-search" class="visually-hidden">
          {t('searchSavedPosts')}
        </label>
        <input
          id="saved-search"
          type="search"
          placeholder={t('searchSavedPosts')}
          value={query}
          onInput={(e) => props.onQuery((e.currentTarget as HTMLInputElement).value)}
        />
        {items.length === 0 ? (
          <p class="muted">{query ? t('noSavedMatch') : t('nothingSaved')}</p>
        ) : (
          <ul aria-label={t('savedPosts')}>
            {items.map((item) => (
              <li key={item.id}>
                <button type="button" class="saved-entry" onClick={() => props.onOpen(item.id)}>
                  <span class="saved-title">{item.title}</span>
                  <span class="saved-meta">
                    {[item.author, formatDate(item.savedAt)].filter(Boolean).join(' · ')}
                    {item.tags.length > 0 && ` · ${item.tags.join(', ')}`}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <button type="button" class="link" onClick={props.onOpenLibrary}>
          {t('openTheLibrary')}
        </button>
      </section>
    </div>
  );
}
