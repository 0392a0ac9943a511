/**
 * Opening a document puts the caret at its start: on a first visit (nothing on
 * this device yet, the document arrives from the server into an empty editor)
 * and on a reload (opened from the local copy). "At the cursor" shows the first
 * block, and the page is not scrolled to the end.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { editorSelector, newSignedInPerson, waitForConnection, waitForText } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { demo, demoDocId, DEMO_PASSWORD } from './demo.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});

/** The editor's selection, read from TipTap's editor (set on its element; the editor need not have focus). */
const caretFrom = (page: Page) =>
  page.evaluate(
    (selector) =>
      (document.querySelector(selector) as HTMLElement & { editor: { state: { selection: { from: number } } } }).editor.state.selection
        .from,
    editorSelector,
  );

async function expectCaretAtStart(page: Page): Promise<void> {
  const firstBlock = page.locator(`${editorSelector} > [data-id]`).first();
  const firstId = await firstBlock.getAttribute('data-id');
  expect(firstId).not.toBeNull();
  await expect.poll(() => page.getAttribute('[data-testid="cursor-vote"]', 'data-block-id')).toBe(firstId);
  // In the first block's text, at its start (a heading's or paragraph's first position).
  expect(await caretFrom(page)).toBeLessThanOrEqual(2);
  // Not scrolled away: the first block is on screen.
  const box = (await firstBlock.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeLessThan(900);
}

describe('opening a document', () => {
  it('puts the caret at the start of the first block, first visit and reload alike', { timeout: 120_000 }, async () => {
    server = await startTestServer({ env: { DEMO: 'true' } });
    const docId = await demoDocId(server);
    const ines = await newSignedInPerson(suite.browser, server.url, demo.ines.email, DEMO_PASSWORD, `/d/${docId}`);
    suite.people.push(ines);
    const { page } = ines;
    await waitForConnection(page, 'connected');
    await waitForText(page, 'Report of the Commission');
    await expectCaretAtStart(page);

    await page.reload();
    await waitForConnection(page, 'connected');
    await waitForText(page, 'Report of the Commission');
    await expectCaretAtStart(page);
  });
});
