import type { MessageKey } from '../i18n';
import { isLensMarkdown } from '../parse/markdown';

/** What a file or a paste given to Import is. */
export type ImportKind = 'backup' | 'markdown' | 'html' | 'text' | 'other-json' | 'empty';

/** What the reader is told an import holds, before anything is written (message names: lib/i18n's `t`). */
export const IMPORT_KIND_LABEL: Record<ImportKind, MessageKey> = {
  backup: 'importKindBackup',
  markdown: 'importKindMarkdown',
  html: 'importKindHtml',
  text: 'importKindText',
  'other-json': 'importKindOtherJson',
  empty: 'importKindEmpty',
};

/** Which kind of import a file's (or a paste's) text is, from its content first and its name and type second. */
export function detectImport(input: { text: string; name?: string; type?: string }): ImportKind {
  const text = input.text.replace(/^\uFEFF/, '');
  const head = text.trimStart().slice(0, 4096);
  if (!head) return 'empty';
  if (head.startsWith('{') || head.startsWith('[')) {
    // A backup names its format near the start; anything else in JSON is not something Lens reads.
    if (/"format"\s*:\s*"lens-backup"/.test(head)) return 'backup';
    try {
      JSON.parse(text);
      return 'other-json';
    } catch {
      // Not JSON after all (a text dump that opens with a bracket): read as text.
    }
  }
  if (isLensMarkdown(text.trimStart())) return 'markdown';
  if (
    /^<(!doctype html|html|head|body)\b/i.test(head) ||
    /html/i.test(input.type ?? '') ||
    /\.html?$/i.test(input.name ?? '')
  )
    return 'html';
  return 'text';
}
