// Chrome's offscreen document (reason DOM_PARSER): the DOM its service worker lacks. It reads posts fetched from a
// site's API (parseDocument) and passes every HTML string of a post through DOMPurify; a post saved from a page it
// also stores itself (same extension origin, same IndexedDB), so the post is not copied back to the worker;
// lib/background/offscreen.ts makes it on demand and closes it when idle.
import { browser } from 'wxt/browser';
import { answerDomWork } from '../../lib/background/dom-work';
import { answerWorker } from '../../lib/background/offscreen';

// The worker posts its requests straight here (lib/background/offscreen.ts postToDocument); runtime messages are
// still answered, for a worker that cannot reach this document as a client.
answerWorker(navigator.serviceWorker, (message) => answerDomWork(message));

// Only the message: the listener's second argument (the sender) is no database.
browser.runtime.onMessage.addListener(((message: unknown) => answerDomWork(message)) as Parameters<
  typeof browser.runtime.onMessage.addListener
>[0]);
