// Chrome's offscreen document (reason DOM_PARSER): the DOM its service worker lacks. It reads posts fetched from a
// site's API (parseDocument) and passes every HTML string of a post through DOMPurify before the worker stores it;
// lib/background/offscreen.ts makes it on demand and closes it when idle.
import { browser } from 'wxt/browser';
import { answerDomWork } from '../../lib/background/dom-work';

browser.runtime.onMessage.addListener(answerDomWork as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
