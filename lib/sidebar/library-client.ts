import type { Post } from '../model';
import { onLibraryChange } from '../store/changes';
import { defaultSanitizer } from '../store/clean';
import { type LensDatabase, openLensDB } from '../store/db';
import { describeImages, type ImageDeps, keepPostImages } from '../store/images';
import { deleteSaved, getSaved, listEntries, savePost, setTags } from '../store/saved-posts';
import { LibrarySearch } from '../store/search';
import { requestPersistence } from '../store/storage';
import type { SavedEntry } from '../store/types';

/** One saved post as the panel lists it (a subset of the store's entry). */
export type SavedItem = { id: string; title: string; author?: string; savedAt: number; tags: string[] };

/** What the side panel does with the saved-post library (it runs in the extension origin, so it opens the store itself). */
export type LibraryClient = {
  /** The saved entry of a post, or null when it is not saved. */
  entry: (id: string) => Promise<SavedEntry | null>;
  /** Saves a post (and its images where Lens may fetch them); `note` says how many images were kept offline. */
  save: (post: Post) => Promise<{ ok: true; note?: string } | { ok: false; error: string }>;
  /** Fetches a saved post's images again (after the reader granted access); the sentence says how many are kept. */
  keepImages: (id: string) => Promise<string>;
  unsave: (id: string) => Promise<void>;
  setTags: (id: string, tags: string[]) => Promise<void>;
  /** Saved posts, newest first, or the matches of a full-text query, best first. */
  list: (query: string) => Promise<SavedItem[]>;
  /** Calls back after any library change in any Lens context; returns the unsubscribe function. */
  onChange: (listener: () => void) => () => void;
};

function item(entry: SavedEntry): SavedItem {
  return { id: entry.id, title: entry.title, author: entry.author, savedAt: entry.savedAt, tags: entry.tags };
}

/** Opens the library lazily and wraps the store (issue 4) for the panel. */
export function createLibraryClient(
  open: () => Promise<LensDatabase> = () => openLensDB(),
  images?: ImageDeps,
): LibraryClient {
  let db: Promise<LensDatabase> | undefined;
  let search: LibrarySearch | undefined;
  const database = () => {
    db ??= open();
    return db;
  };
  const index = async () => {
    search ??= new LibrarySearch(await database());
    return search;
  };

  return {
    entry: async (id) => (await getSaved(await database(), id))?.entry ?? null,
    save: async (post) => {
      const result = await savePost(await database(), post, { sanitize: defaultSanitizer(), images });
      if (!result.ok) return { ok: false, error: result.error };
      if (result.firstSave) void requestPersistence().catch(() => false);
      const note = describeImages(result.images);
      return note ? { ok: true, note } : { ok: true };
    },
    keepImages: async (id) => {
      const d = await database();
      const saved = await getSaved(d, id);
      return saved && images ? describeImages(await keepPostImages(d, saved.record.post, images)) : '';
    },
    unsave: async (id) => {
      await deleteSaved(await database(), [id]);
    },
    setTags: async (id, tags) => {
      await setTags(await database(), id, tags);
    },
    list: async (query) => {
      const d = await database();
      if (!query.trim()) return (await listEntries(d, { limit: 200 })).entries.map(item);
      const ids = await (await index()).search(query, 100);
      const entries = await Promise.all(ids.map((id) => d.get('entries', id)));
      return entries.filter((e): e is SavedEntry => Boolean(e)).map(item);
    },
    onChange: (listener) =>
      onLibraryChange((change) => {
        void (async () => {
          // The index must know the change before the list is asked again.
          if (search) await (change.kind === 'delete' ? search.remove(change.ids) : search.update(change.ids));
          listener();
        })();
      }),
  };
}
