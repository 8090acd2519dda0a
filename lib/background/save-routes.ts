import { t } from '../i18n';
import type { PageSaveReply, SaveReply, SaveTabReply } from '../messages';
import { postIdFromUrl } from '../parse/url';
import { saveMessage } from './save-toast';

/** A save reply that also names the post saved (for the page's message). */
export type LinkSaveReply = SaveReply | { ok: true; updated: boolean; firstSave: boolean; title: string; id: string };

/** What saving a tab's post needs, injectable for tests. */
export type TabSaveDeps = {
  /** Asks the tab's Lens content script to save the post it parsed; undefined when no Lens content script answers. */
  askPage: (tabId: number) => Promise<PageSaveReply | undefined>;
  /** Fetches a post link through its site's API and saves it. */
  saveLink: (url: string) => Promise<LinkSaveReply>;
  /** Tells the reader the outcome on the tab (toast, else the toolbar badge). */
  tell: (tabId: number | undefined, text: string, ok: boolean) => Promise<void>;
};

/** Said when a tab has no Lens post and its address is not a post either. */
export function notAPost(): string {
  return t('noPostToSaveHere');
}

/** The sentence for a link save's outcome. */
export function linkSaveMessage(reply: LinkSaveReply): string {
  return saveMessage(reply, 'title' in reply ? reply.title : undefined);
}

/**
 * Saves the post a tab shows (the page context menu and the keyboard command): the post the tab's content script
 * already parsed when one answers (it sends `save-post` and shows the toast itself); else, for a post address, the
 * same post fetched through the site's API; else a clear "not a post".
 */
export async function saveTab(tab: { id?: number; url?: string }, deps: TabSaveDeps): Promise<SaveTabReply> {
  const answer = tab.id === undefined ? undefined : await deps.askPage(tab.id).catch(() => undefined);
  if (answer?.handled) return { ok: answer.ok, message: answer.message, via: 'page' };
  // No content script (Lens off on this site, a tab opened before Lens was installed, the body never appeared):
  // a post address can still be saved through the API.
  if (tab.url && postIdFromUrl(tab.url)) {
    const reply = await deps.saveLink(tab.url);
    const message = linkSaveMessage(reply);
    await deps.tell(tab.id, message, reply.ok);
    return { ok: reply.ok, message, via: 'api' };
  }
  const message = answer?.reason ?? notAPost();
  await deps.tell(tab.id, message, false);
  return { ok: false, message, via: 'none' };
}
