import { t, tn } from '../lib/i18n';

type Props = { value: string; onInput: (value: string) => void; resultCount?: number };

/** The library's full-text search field (title, author, body, footnotes). */
export function SearchBox({ value, onInput, resultCount }: Props) {
  return (
    <search class="lens-search">
      <label for="lens-search-input">{t('searchSavedPosts')}</label>
      <input
        id="lens-search-input"
        type="search"
        value={value}
        placeholder={t('searchPlaceholder')}
        autocomplete="off"
        onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value) {
            e.preventDefault();
            onInput('');
          }
        }}
      />
      {value.trim() && resultCount !== undefined && (
        <span class="lens-search-count" role="status">
          {tn('postsFound', resultCount)}
        </span>
      )}
    </search>
  );
}
