import type { Post, Source } from '../model';
import type { StoredImage } from './images';

/** Where a reader stopped in a post: the heading above, the block index under it, and the start of that block's text. */
export type ReadingPosition = {
  /** Id of the nearest heading above the block, or null before the first heading. */
  headingId: string | null;
  /** Index of the block among the blocks after that heading (0 = the first block after it). */
  paragraph: number;
  /** Index of the block among all blocks of the post, the last resort when the heading is gone. */
  block: number;
  /** The first characters of the block's text, whitespace collapsed, lowercased. */
  fingerprint: string;
  /** Epoch milliseconds. */
  updatedAt: number;
};

/** An earlier content of a saved post, kept when saving again brought changed content. */
export type PostVersion = { post: Post; savedAt: number; hash: string };

/** The light part of a saved post: everything the library list, filters and sorting need. */
export type SavedEntry = {
  id: string;
  title: string;
  /** Lowercased, whitespace-collapsed title, for matching copies of one post that carry no id (dumps). */
  titleKey: string;
  author?: string;
  source: Source;
  url?: string;
  /** Every address this post was saved from, first one first. */
  urls: string[];
  published?: string;
  /** First save, epoch milliseconds. */
  savedAt: number;
  /** Last save that changed the content, epoch milliseconds. */
  updatedAt: number;
  /** True when a later save brought changed content the reader has not opened yet. */
  updatedSinceSaved: boolean;
  tags: string[];
  read: boolean;
  /** Number of earlier versions kept. */
  versions: number;
  /** Approximate stored size in characters (html + footnotes + versions). */
  size: number;
  /** The body's opening words, plain text, for the library's card (set at save; older entries get it from fillEntryDetails). */
  excerpt?: string;
  /** Words in the body, for the reading time (set with the excerpt). */
  words?: number;
  /** How far the reader got, 0 to 1 (set with the reading position). */
  progress?: number;
  /** When the reading position last moved, epoch milliseconds. */
  readAt?: number;
};

/** The heavy part of a saved post: the content, its earlier versions and the reading position. */
export type PostRecord = {
  id: string;
  post: Post;
  /** Hash of the current content, to notice changed content cheaply. */
  hash: string;
  versions: PostVersion[];
  position?: ReadingPosition;
};

/** A saved post as a whole: what a backup holds per post (plus, after a delete, the images it used, for an undo). */
export type SavedPost = { entry: SavedEntry; record: PostRecord; images?: StoredImage[] };

/** One post's place in a saved sequence: enough to list it, open it, and notice the site's copy changed. */
export type SequencePostRef = {
  id: string;
  title: string;
  url: string;
  /** The site's revision of the post's text when it was listed (ForumMagnum `contents.version`). */
  version?: string;
  /** When the site's revision was made, ms since the epoch (ForumMagnum `contents.editedAt`), when it says. */
  editedAt?: number;
};

/** A chapter of a sequence (or a sequence inside a collection's book), its posts in reading order. */
export type SequenceChapter = { title: string; posts: SequencePostRef[] };

/** A sequence or collection as the site's API describes it: its chapters and their posts in reading order. */
export type SequenceOutline = {
  /** The site's id of the sequence or collection. */
  id: string;
  kind: 'sequence' | 'collection';
  title: string;
  author?: string;
  /** The page it was saved from. */
  url: string;
  source: Exclude<Source, 'text'>;
  chapters: SequenceChapter[];
};

/** A saved sequence: its outline, the ids of its posts in order (each once; indexed so a post finds its sequences), dates. */
export type SequenceRecord = SequenceOutline & {
  postIds: string[];
  /** First save, epoch milliseconds. */
  savedAt: number;
  /** Last time its outline changed, epoch milliseconds. */
  updatedAt: number;
};

/** Where one post of a save job is: to fetch, stored, already current in the library, or refused (with the reason). */
export type JobPostState = 'pending' | 'saved' | 'skipped' | 'failed';

/** One post of a save job. */
export type JobPost = SequencePostRef & { state: JobPostState; error?: string; tries: number };

/** A whole-sequence save job's state, kept in IndexedDB after every step so a stopped worker resumes it exactly. */
export type SaveJob = {
  /** The sequence's id (one job per sequence). */
  id: string;
  /** The site's GraphQL endpoint the posts come from. */
  endpoint: string;
  title: string;
  /** The posts in reading order, each once. */
  posts: JobPost[];
  status: 'running' | 'paused' | 'done' | 'cancelled';
  /** Why the job is waiting (site busy, network gone), shown beside its progress; absent when it is not waiting. */
  waiting?: string;
  /** Epoch milliseconds before which no request starts (Retry-After, backoff). */
  notBefore: number;
  /** The current backoff after a busy or offline answer, milliseconds (0 after a success). */
  backoffMs: number;
  createdAt: number;
  updatedAt: number;
};
