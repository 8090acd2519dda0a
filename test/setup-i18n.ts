// Unit tests have no browser.i18n (WXT's fake browser lacks it): serve the English catalog the extension ships, so
// components and messages read as a user with an English browser sees them.
import { setCatalog } from '../lib/i18n';
import en from '../public/_locales/en/messages.json';

setCatalog(en, 'en');
