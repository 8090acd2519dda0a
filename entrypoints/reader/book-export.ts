// The reader's export actions (EPUB and Markdown .zip) for a post, the listed posts (a tag, a site, search results) or
// a sequence. The export code itself (fflate, KaTeX, DOMPurify) loads only when an export starts.
import type { ExportAction } from '../../components/BookExport';
import type { EpubChapter } from '../../lib/export/epub';
import { formatBytes, t, tn } from '../../lib/i18n';
import type { LensDatabase } from '../../lib/store/db';
import type { SavedEntry } from '../../lib/store/types';
import type { SearchApi } from './lazy-search';

/** What a book is made of: saved post ids in order, a title, and optionally an author and a sequence's chapters. */
export type BookRequest = { ids: readonly string[]; title: string; author?: string; chapters?: readonly EpubChapter[] };

/** Saves a file (a temporary link in the page; tests pass their own). */
export type SaveFile = (name: string, type: string, data: Blob) => void;

function fileStem(title: string): string {
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
  return slug || 'lens-book';
}

function size(bytes: number): string {
  return formatBytes(Math.max(1024, bytes));
}

async function loadPosts(db: LensDatabase, ids: readonly string[]) {
  const { getSaved } = await import('../../lib/store/saved-posts');
  const saved = await Promise.all(ids.map((id) => getSaved(db, id)));
  return saved.flatMap((s) => (s ? [s.record.post] : []));
}

/** The EPUB and Markdown .zip actions for a book of saved posts; `request` is read when the reader clicks. */
export function bookActions(
  db: LensDatabase,
  request: () => Promise<BookRequest>,
  save: SaveFile,
  markdown = true,
): ExportAction[] {
  const epub: ExportAction = {
    label: t('downloadEpub'),
    run: async (progress) => {
      const [{ ids, title, author, chapters }, { writeEpub, emptyBook }, { imagesOfPost }] = await Promise.all([
        request(),
        import('../../lib/export/epub'),
        import('../../lib/store/images'),
      ]);
      if (!ids.length) return emptyBook();
      const posts = await loadPosts(db, ids);
      if (!posts.length) return emptyBook();
      // Chunks go straight into the Blob: the finished book is never copied into one more array here.
      const chunks: Uint8Array[] = [];
      const report = await writeEpub(
        posts,
        {
          title,
          ...(author ? { author } : {}),
          ...(chapters ? { chapters } : {}),
          images: (post) => imagesOfPost(db, post.id).catch(() => new Map<string, Blob>()),
          onProgress: progress,
        },
        (chunk) => chunks.push(chunk),
      );
      const blob = new Blob(chunks as BlobPart[], { type: 'application/epub+zip' });
      const name = `${fileStem(title)}.epub`;
      save(name, 'application/epub+zip', blob);
      return report.images
        ? tn('epubSavedImages', report.posts, name, tn('imageCount', report.images), size(blob.size))
        : tn('epubSaved', report.posts, name, size(blob.size));
    },
  };
  if (!markdown) return [epub];
  const md: ExportAction = {
    label: t('downloadMarkdownZip'),
    run: async () => {
      const [{ ids, title, chapters }, { postsToMarkdownZip }] = await Promise.all([
        request(),
        import('../../lib/export/markdown'),
      ]);
      const posts = await loadPosts(db, ids);
      if (!posts.length) return t('exportNothing');
      const bytes = postsToMarkdownZip(posts, { title, ...(chapters ? { chapters } : {}) });
      const name = `${fileStem(title)}.zip`;
      save(name, 'application/zip', new Blob([bytes as BlobPart], { type: 'application/zip' }));
      return tn('markdownZipSaved', posts.length, name, size(bytes.length));
    },
  };
  return [epub, md];
}

/** What the library lists: the search query, tag and site filters as the reader set them, and any other filter. */
export type ListFilter = {
  query: string;
  tag: string;
  source: string;
  sourceLabel?: string;
  /** The reader's other filters (reading state), applied to each entry; omitted: every entry the others match. */
  keep?: (entry: SavedEntry) => boolean;
};

/** Every saved post the library's filters match (all of them, not only the rows shown), newest first or by relevance. */
export async function listedBook(db: LensDatabase, search: SearchApi, filter: ListFilter): Promise<BookRequest> {
  const { query, tag, source } = filter;
  const keep = filter.keep ?? (() => true);
  let ids: string[];
  if (query.trim()) {
    const found = await search.search(query, 100_000);
    const entries = await Promise.all(found.map((id) => db.get('entries', id)));
    ids = entries.flatMap((e) =>
      e && (!tag || e.tags.includes(tag)) && (!source || e.source === source) && keep(e) ? [e.id] : [],
    );
  } else {
    const { listEntries } = await import('../../lib/store/list');
    const page = await listEntries(db, { limit: 1_000_000, tag: tag || undefined, source: source || undefined });
    ids = page.entries.filter(keep).map((e) => e.id);
  }
  const parts = [
    query.trim() && `“${query.trim()}”`,
    tag && t('bookFilterTag', tag),
    source && (filter.sourceLabel ?? source),
  ].filter(Boolean);
  return { ids, title: parts.length ? t('bookTitleFiltered', parts.join(', ')) : t('libraryTitle') };
}
