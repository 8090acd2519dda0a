import { t, tn } from '../i18n';
import type { Post } from '../model';
import { nextTask } from '../schedule';
import type { Sanitizer } from './clean';
import type { LensDatabase } from './db';
import { quotaMessage, savePost } from './saved-posts';

/** What reading a dump needs: the parsers and the page-to-text step (injected so this stays testable). */
export type DumpDeps = {
  parseText: (text: string) => Post[];
  parseDocument: (doc: Document, url: string) => Post | null;
  /** The visible text of an HTML page, one block a line (lib/inpage/dump-text `extractDumpText`). */
  extractText: (doc: Document) => Promise<string>;
};

/** The posts in an imported file or paste: a saved post page is read as that post, any other HTML as its visible text. */
export async function postsFromDump(
  input: { text: string; name: string; type: string },
  deps: DumpDeps,
): Promise<Post[]> {
  const isHtml = /html/i.test(input.type) || /\.html?$/i.test(input.name) || /^\s*<(!doctype|html)\b/i.test(input.text);
  if (!isHtml) return deps.parseText(input.text);
  const doc = new DOMParser().parseFromString(input.text, 'text/html');
  const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? '';
  const single = deps.parseDocument(doc, canonical);
  if (single && doc.querySelector('#postContent, div.body-text.post-body')) return [single];
  return deps.parseText(await deps.extractText(doc));
}

/** Saves posts a chunk at a time (each post its own transaction), yielding between chunks; stops at a full disk. */
export async function saveMany(
  db: LensDatabase,
  posts: readonly Post[],
  options: { sanitize?: Sanitizer; progress?: (done: number, total: number) => void; chunk?: number } = {},
): Promise<{ saved: number; updated: number; failed: string[]; quota: boolean; firstSave: boolean }> {
  const chunk = options.chunk ?? 10;
  const out = { saved: 0, updated: 0, failed: [] as string[], quota: false, firstSave: false };
  for (let i = 0; i < posts.length; i++) {
    const r = await savePost(db, posts[i]!, { sanitize: options.sanitize });
    if (r.ok) {
      out.saved++;
      if (r.updated) out.updated++;
      if (r.firstSave) out.firstSave = true;
    } else if (r.reason === 'quota') {
      out.quota = true;
      break;
    } else out.failed.push(`${posts[i]!.title || t('untitledPost')}: ${r.error}`);
    if ((i + 1) % chunk === 0) {
      options.progress?.(i + 1, posts.length);
      await nextTask();
    }
  }
  options.progress?.(posts.length, posts.length);
  return out;
}

/** One sentence saying what a batch save did. */
export function describeSaveMany(r: Awaited<ReturnType<typeof saveMany>>, total: number): string {
  const parts = [tn('savedOfTotal', total, r.saved)];
  if (r.updated) parts.push(tn('savedUpdated', r.updated));
  if (r.failed.length) parts.push(t('savedFailedSome', r.failed.length, r.failed.slice(0, 3).join('; ')));
  let text = `${parts.join(', ')}.`;
  if (r.quota) text += ` ${t('savedStopped', quotaMessage())}`;
  return text;
}
