// The reader's export actions (EPUB and Markdown .zip) for a post, the listed posts (a tag, a site, search results) or
// a sequence. The export code itself (fflate, KaTeX, DOMPurify) loads only when an export starts.
import type { ExportAction } from '../../components/BookExport';
import type { EpubChapter } from '../../lib/export/epub';
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
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
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
    label: 'Download EPUB',
    run: async (progress) => {
      const [{ ids, title, author, chapters }, { writeEpub, EMPTY_BOOK }, { imagesOfPost }] = await Promise.all([
        request(),
        import('../../lib/export/epub'),
        import('../../lib/store/images'),
      ]);
      if (!ids.length) return EMPTY_BOOK;
      const posts = await loadPosts(db, ids);
      if (!posts.length) return EMPTY_BOOK;
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
      const images = report.images ? `, ${report.images} image${report.images === 1 ? '' : 's'}` : '';
      return `Saved ${name}: ${report.posts} post${report.posts === 1 ? '' : 's'}${images}, ${size(blob.size)}.`;
    },
  };
  if (!markdown) return [epub];
  const md: ExportAction = {
    label: 'Download Markdown (.zip)',
    run: async () => {
      const [{ ids, title, chapters }, { postsToMarkdownZip }] = await Promise.all([
        request(),
        import('../../lib/export/markdown'),
      ]);
      const posts = await loadPosts(db, ids);
      if (!posts.length) return 'There is nothing to export: choose at least one post.';
      const bytes = postsToMarkdownZip(posts, { title, ...(chapters ? { chapters } : {}) });
      const name = `${fileStem(title)}.zip`;
      save(name, 'application/zip', new Blob([bytes as BlobPart], { type: 'application/zip' }));
      return `Saved ${name}: ${posts.length} post${posts.length === 1 ? '' : 's'} and an index, ${size(bytes.length)}.`;
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
    tag && `tag ${tag}`,
    source && (filter.sourceLabel ?? source),
  ].filter(Boolean);
  return { ids, title: parts.length ? `Lens: ${parts.join(', ')}` : 'Lens library' };
}
