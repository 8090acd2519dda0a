// Chrome's offscreen document (reason DOM_PARSER): the DOM its service worker lacks. It reads posts fetched from a
// site's API (parseDocument) and passes every HTML string of a post through DOMPurify; a post saved from a page it
// also stores itself (same extension origin, same IndexedDB), so the post is not copied back to the worker;
// lib/background/offscreen.ts makes it on demand and closes it when idle.
import { browser } from 'wxt/browser';
import { answerDomWork } from '../../lib/background/dom-work';
import { answerWorker } from '../../lib/background/offscreen';
import { type Catalog, setCatalog } from '../../lib/i18n';

// Chrome gives an offscreen document no browser.i18n (runtime only), yet its errors reach the reader: it serves the
// catalog of the language the worker's messages are in (`?locale=`, lib/background/library.ts), bundled from the same
// public/_locales files the browser reads.
const catalogs = import.meta.glob<Catalog>('../../public/_locales/*/messages.json', { eager: true, import: 'default' });
const locale = new URLSearchParams(location.search).get('locale') ?? 'en';
const catalog =
  catalogs[`../../public/_locales/${locale}/messages.json`] ?? catalogs['../../public/_locales/en/messages.json'];
if (catalog) setCatalog(catalog, navigator.language);

// The worker posts its requests straight here (lib/background/offscreen.ts postToDocument); runtime messages are
// still answered, for a worker that cannot reach this document as a client.
answerWorker(navigator.serviceWorker, (message) => answerDomWork(message));

// Only the message: the listener's second argument (the sender) is no database.
browser.runtime.onMessage.addListener(((message: unknown) => answerDomWork(message)) as Parameters<
  typeof browser.runtime.onMessage.addListener
>[0]);
