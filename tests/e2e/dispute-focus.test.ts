/**
 * Issue 14 #1 and #4: Ctrl+Alt+D right after opening a document puts the
 * typed reason into the dispute form, not into the paragraph; Ctrl+Enter sends
 * it; Escape puts focus back in the text at the caret. The popover opened for
 * a paragraph low in the window is wholly inside the window.
 */
import { describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { editorSelector, newSignedInPerson, waitForConnection } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { TEST_PASSWORD } from '../helpers/users.js';
import { blockIdOf, marker, popover, setUpCommission, waitForVotesLoaded } from './support/commission.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});

describe('disputing from the keyboard', () => {
  it('[#1] the reason goes into the form at once, Ctrl+Enter sends it, Escape returns to the text', async () => {
    server = await startTestServer();
    const { docId, commissioners } = await setUpCommission(server);
    const ines = await newSignedInPerson(suite.browser, server.url, commissioners[0]!.user.email, TEST_PASSWORD, `/d/${docId}`);
    suite.people.push(ines);
    const { page } = ines;
    // Straight after the document appears: no waiting for votes or the connection.
    await page.waitForSelector(editorSelector);
    const paragraph = page.locator(`${editorSelector} p`, { hasText: 'The commission was asked' });
    await paragraph.click();
    const before = await paragraph.innerText();
    await page.keyboard.press('Control+Alt+d');
    const reason = 'Say who pays for the training.';
    await page.keyboard.type(reason, { delay: 5 });
    await page.waitForSelector(`${popover} [data-testid="dispute-reason-input"]`);
    expect(await page.inputValue(`${popover} [data-testid="dispute-reason-input"]`)).toBe(reason);
    expect(await paragraph.innerText()).toBe(before);

    // Ctrl+Enter sends; the paragraph turns disputed.
    await waitForConnection(page, 'connected');
    await waitForVotesLoaded(page);
    const blockId = await blockIdOf(page, 'The commission was asked');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector(`${marker(blockId)}[data-status="disputed"]`);
    await page.waitForSelector(`${popover} [data-testid="disputed-list"] >> text=${reason}`);

    // Escape: the popover closes and the caret is back in the paragraph at once — not on
    // ProseMirror's 20 ms restore timer, which a key typed on a busy machine beats — so typing
    // goes there. Read before any timer can run: a message-channel turn after the key.
    const caretInParagraph = await page.evaluate(async (text) => {
      document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      await new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = resolve;
        channel.port2.postMessage(null);
      });
      const node = document.getSelection()?.anchorNode;
      const element = node instanceof Element ? node : node?.parentElement;
      return element?.closest('p')?.textContent?.includes(text) ?? false;
    }, 'The commission was asked');
    expect(caretInParagraph).toBe(true);
    await page.waitForSelector(popover, { state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('editor');
    await page.keyboard.type('X');
    expect(await paragraph.innerText()).toContain('X');
    expect(ines.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  it('[#4] the popover of a paragraph at the bottom of the window is wholly visible', async () => {
    server = await startTestServer();
    const { docId, commissioners } = await setUpCommission(server);
    const tom = await newSignedInPerson(suite.browser, server.url, commissioners[1]!.user.email, TEST_PASSWORD, `/d/${docId}`);
    suite.people.push(tom);
    const { page } = tom;
    await waitForVotesLoaded(page);
    const blockId = await blockIdOf(page, 'Training should be recognised');
    // Scroll so the paragraph sits at the very bottom of the 900 px window.
    await page.evaluate((id) => {
      const el = document.querySelector(`[data-block-id="${id}"]`)!;
      const r = el.getBoundingClientRect();
      window.scrollBy(0, r.bottom - window.innerHeight + 4);
    }, blockId);
    await page.waitForSelector(marker(blockId));
    await page.click(marker(blockId), { position: { x: -24, y: 12 } });
    await page.waitForSelector(`${popover}[data-block-id="${blockId}"]`);
    await page.click(`${popover} [data-testid="vote-dispute"]`);
    await page.waitForSelector(`${popover} [data-testid="dispute-submit"]`);
    // Read after the next painted frame: the popover is placed when its new size is known, before paint.
    const placement = () =>
      page.evaluate(
        (sel) =>
          new Promise<{ top: number; bottom: number; sendBottom: number; height: number }>((resolve) =>
            requestAnimationFrame(() =>
              requestAnimationFrame(() => {
                const box = document.querySelector(sel)!.getBoundingClientRect();
                const send = document.querySelector(`${sel} [data-testid="dispute-submit"]`)!.getBoundingClientRect();
                resolve({ top: box.top, bottom: box.bottom, sendBottom: send.bottom, height: window.innerHeight });
              }),
            ),
          ),
        popover,
      );
    const placed = await placement();
    expect(placed.top).toBeGreaterThanOrEqual(0);
    expect(placed.bottom).toBeLessThanOrEqual(placed.height);
    expect(placed.sendBottom).toBeLessThanOrEqual(placed.height);
  });
});
