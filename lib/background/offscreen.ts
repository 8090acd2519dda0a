import type { Request } from '../messages';

/** The part of Chrome's `chrome.offscreen` API Lens uses (Chrome 109+; absent in Firefox and from the typings). */
export type OffscreenApi = {
  createDocument: (parameters: { url: string; reasons: string[]; justification: string }) => Promise<void>;
  closeDocument: () => Promise<void>;
};

/** What the offscreen client needs, injectable for tests. */
export type OffscreenDeps = {
  api: OffscreenApi;
  /** Sends a message to the extension's pages (runtime.sendMessage); the offscreen document answers its own kinds. */
  send: (message: Request) => Promise<unknown>;
  /** The document's URL (`runtime.getURL('/offscreen.html')`). */
  url: string;
  /** Milliseconds without work after which the document is closed (default 30 s); it is made again on demand. */
  idleMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
};

/** A client of the offscreen document: `call` creates it when needed and sends it one request. */
export type OffscreenClient = { call: (request: Request) => Promise<unknown>; close: () => Promise<void> };

/** Path of the built offscreen document (entrypoints/offscreen/). */
export const OFFSCREEN_PATH = '/offscreen.html';

// Chrome's words when a document exists already (made by an earlier run of this service worker, which forgot it).
const EXISTS = /single offscreen document|already exists/i;
// When the document is gone (closed by the browser) or not listening yet.
const NO_RECEIVER = /receiving end does not exist|could not establish connection/i;

/**
 * One offscreen document for Lens's DOM work, made on first use, reused while there is work and closed after
 * `idleMs` without any. Two calls that race to make it share one `createDocument`; a close waits for nothing in
 * flight, and a call arriving while it closes waits for the close before making a new one.
 */
export function offscreenClient(deps: OffscreenDeps): OffscreenClient {
  const setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let ready: Promise<void> | null = null;
  let closing: Promise<void> | null = null;
  let busy = 0;
  let timer: unknown;

  const ensure = (): Promise<void> => {
    if (ready) return ready;
    const made = (async () => {
      while (closing) await closing;
      try {
        await deps.api.createDocument({
          url: deps.url,
          reasons: ['DOM_PARSER'],
          justification: 'Parse a post fetched from the site API and sanitise post HTML before saving it offline.',
        });
      } catch (error) {
        if (!EXISTS.test(String((error as Error)?.message ?? error))) throw error;
      }
    })();
    ready = made;
    made.catch(() => {
      if (ready === made) ready = null;
    });
    return made;
  };

  const close = async (): Promise<void> => {
    const was = ready;
    if (!was) return;
    ready = null;
    const done = was.then(
      () => deps.api.closeDocument().catch(() => {}),
      () => {},
    );
    closing = done;
    await done;
    if (closing === done) closing = null;
  };

  const send = async (request: Request): Promise<unknown> => {
    await ensure();
    const reply = await deps.send(request);
    if (reply === undefined) throw new Error('the offscreen document did not answer');
    return reply;
  };

  return {
    async call(request) {
      busy++;
      clearTimer(timer);
      try {
        try {
          return await send(request);
        } catch (error) {
          // The document went away (or was not listening yet): make it again and try once more.
          if (!NO_RECEIVER.test(String((error as Error)?.message ?? error))) throw error;
          ready = null;
          return await send(request);
        }
      } finally {
        busy--;
        if (busy === 0) timer = setTimer(() => void (busy === 0 && close()), deps.idleMs ?? 30_000);
      }
    },
    close,
  };
}

/** The part of a service worker's `clients` Lens uses to reach its offscreen document. */
export type WorkerClients = {
  matchAll: (options: {
    includeUncontrolled: boolean;
    type: 'all';
  }) => Promise<readonly { url: string; postMessage: (message: unknown, transfer: Transferable[]) => void }[]>;
};

/**
 * Sends a request straight to the offscreen document at `url` and resolves with its answer, over a MessageChannel
 * (structured clone, one receiver) instead of runtime.sendMessage, which every open extension page (side panel,
 * reader tabs) would receive and deserialise too, a 200 KB post included. No document at `url` is reported in the
 * words Chrome uses for a missing receiver, so the offscreen client makes it again; no answer within `timeoutMs` is an
 * error.
 */
export async function postToDocument(
  clients: WorkerClients,
  url: string,
  message: Request,
  timeoutMs = 60_000,
): Promise<unknown> {
  const all = await clients.matchAll({ includeUncontrolled: true, type: 'all' });
  const target = all.find((c) => c.url === url);
  if (!target) throw new Error('Could not establish connection. Receiving end does not exist.');
  const channel = new MessageChannel();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      channel.port1.close();
      reject(new Error('the offscreen document did not answer in time'));
    }, timeoutMs);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      channel.port1.close();
      // No answer (a kind the document does not handle) may arrive as null: the client reports it either way.
      resolve(event.data ?? undefined);
    };
    target.postMessage(message, [channel.port2]);
  });
}

/**
 * In the offscreen document: answers the requests its service worker posts (postToDocument) on the port each one
 * brings. Only the extension's own service worker can post to this document's `navigator.serviceWorker`.
 */
export function answerWorker(
  container: Pick<ServiceWorkerContainer, 'addEventListener' | 'startMessages'>,
  answer: (message: unknown) => Promise<unknown> | undefined,
): void {
  container.addEventListener('message', (event) => {
    const port = event.ports[0];
    if (!port) return;
    const reply = answer(event.data);
    void Promise.resolve(reply).then((value) => port.postMessage(value));
  });
  // Deliver what the worker posted before this listener existed (the queue otherwise opens only at DOMContentLoaded).
  container.startMessages();
}
