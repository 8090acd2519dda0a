// The EPUB bench's bundle entry: lib/export/epub.ts as it ships, plus the English catalog that browser.i18n gives it
// in the extension (a blank page has no browser.i18n; the book's few words, such as "Contents", come from it).

import { setCatalog } from '../../lib/i18n';
import en from '../../public/_locales/en/messages.json';

setCatalog(en, 'en');

export * from '../../lib/export/epub';
