import { t } from '../i18n';
import type { SaveReply } from '../messages';
import { describeImages } from '../store/images';
import { savedSentence } from '../store/saved-sentence';

/**
 * Shows a short status box at the bottom right of the page. The background injects it as a function
 * (scripting.executeScript), so it must stay self-contained; the content script calls it directly. Text only, no
 * HTML: the message may quote a title.
 */
export function showToast(text: string, ok: boolean): void {
  const id = 'lens-save-toast'; // the browser tests look for this id
  document.getElementById(id)?.remove();
  const box = document.createElement('div');
  box.id = id;
  box.setAttribute('role', 'status');
  box.textContent = text;
  box.style.cssText = `position:fixed;z-index:2147483647;right:16px;bottom:16px;max-width:360px;padding:10px 14px;border-radius:8px;font:14px/1.4 system-ui,sans-serif;color:#fff;background:${ok ? '#1f6f43' : '#9b1c1c'};box-shadow:0 4px 16px rgba(0,0,0,.3)`;
  document.documentElement.append(box);
  setTimeout(() => box.remove(), 6000);
}

/** The sentence that tells a reader what a save did (or why it failed). */
export function saveMessage(reply: SaveReply | undefined, title: string | undefined): string {
  if (!reply) return t('noAnswer');
  if (!reply.ok) return reply.error;
  return savedSentence(title, reply.updated, describeImages(reply.images));
}
