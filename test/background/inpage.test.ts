import { beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { LENS_SCRIPT, registerInPage, runLensOnClick } from '../../lib/background/inpage';

// The toolbar click: Lens runs on the tab (the content script injected through activeTab) unless it already works on
// the page's post or dump, where a second run would only restart it beside the panel the click opens.
describe('the toolbar click on a tab', () => {
  let click: (tab: { id?: number; windowId?: number }) => void;
  let inject: ReturnType<typeof vi.fn>;
  let answer: (tabId: number, message: unknown) => Promise<unknown>;

  beforeEach(() => {
    fakeBrowser.reset();
    const listeners: ((tab: { id?: number }) => void)[] = [];
    const fb = fakeBrowser as unknown as Record<string, unknown>;
    fb.action = { onClicked: { addListener: (fn: (tab: { id?: number }) => void) => listeners.push(fn) } };
    inject = vi.fn(async () => [{ result: undefined }]);
    fb.scripting = { executeScript: inject };
    (fakeBrowser.tabs as unknown as Record<string, unknown>).sendMessage = vi.fn((tabId: number, m: unknown) =>
      answer(tabId, m),
    );
    registerInPage();
    click = (tab) => {
      for (const fn of listeners) fn(tab);
    };
  });

  test('where Lens already works on the page, nothing is injected', async () => {
    answer = async (_tab, m) => {
      expect(m).toEqual({ type: 'lens-running' });
      return { running: true };
    };
    await runLensOnClick(4);
    expect(fakeBrowser.tabs.sendMessage).toHaveBeenCalledWith(4, { type: 'lens-running' });
    expect(inject).not.toHaveBeenCalled();
  });

  test('the toolbar button is wired to it', async () => {
    answer = async () => ({ running: false });
    click({ id: 9, windowId: 1 });
    await vi.waitFor(() => expect(inject).toHaveBeenCalledWith({ target: { tabId: 9 }, files: [LENS_SCRIPT] }));
  });

  test.each([
    ['Lens found nothing to do there (or is off for the site)', async () => ({ running: false })],
    [
      'no content script answers (a page outside the LessWrong family)',
      async () => {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
    ],
  ])('where %s, Lens is run on the tab', async (_name, reply) => {
    answer = reply;
    await runLensOnClick(7);
    expect(inject).toHaveBeenCalledWith({ target: { tabId: 7 }, files: [LENS_SCRIPT] });
  });
});
