/**
 * Issue 2, end to end: with the server stopped, typing continues, the status
 * says so, a reload keeps the text (IndexedDB + the app shell kept by the
 * service worker), and after the server restarts on the same port both people
 * converge and the status returns to "All changes saved".
 */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import {
  editorSelector,
  editorText,
  newSignedInPerson,
  typeAtEnd,
  waitForConnection,
  waitForSaveState,
  waitForText,
} from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { demo, demoDocId, DEMO_PASSWORD } from './demo.js';

let server: TestServer | undefined;
let dataDir: string | undefined;
const suite = useBrowserSuite(async () => {
  await server?.stop();
  server = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});
const { people } = suite;

const unsavedCount = async (page: Page) => Number(await page.getAttribute('[data-testid="save-status"]', 'data-unsaved'));

describe('working while the server is down', () => {
  it('keeps typing, survives a reload, and converges when the server is back', async () => {
    server = await startTestServer({ env: { DEMO: 'true' } });
    dataDir = server.dataDir;
    const port = server.port;
    const docId = await demoDocId(server);
    const path = `/d/${docId}`;
    const ines = await newSignedInPerson(suite.browser, server.url, demo.ines.email, DEMO_PASSWORD, path);
    const tom = await newSignedInPerson(suite.browser, server.url, demo.tom.email, DEMO_PASSWORD, path);
    people.push(ines, tom);
    for (const { page } of people) {
      await waitForConnection(page, 'connected');
      await waitForSaveState(page, 'saved');
      // The app shell is kept on the device once the service worker controls the page.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    }

    await server.stop();
    server = undefined;

    // A deletion does not move Yjs state vectors; it must still count as unsaved.
    const heading = ines.page.locator(`${editorSelector} h1`);
    const headingBefore = await heading.innerText();
    await heading.click();
    await ines.page.keyboard.press('Control+Home');
    await ines.page.keyboard.press('Delete');
    // The heading is agreed in the demo: editing it first asks (issue 16); she chooses to edit, and
    // the Delete that was held back lands; six more follow.
    await ines.page.click('[data-testid="edit-warning-edit"]');
    for (let i = 0; i < 6; i++) await ines.page.keyboard.press('Delete');
    const headingAfter = await heading.innerText();
    expect(headingAfter).toBe(headingBefore.slice(7));
    await waitForSaveState(ines.page, 'offline');
    await expect.poll(() => ines.page.locator('[data-testid="save-status"]').innerText()).toMatch(/^\d+ changes? not yet saved$/);

    await typeAtEnd(ines.page, ' Offline words from Ines.');
    await typeAtEnd(tom.page, ' Offline words from Tom.');
    for (const { page } of people) {
      await waitForConnection(page, 'offline');
      await waitForSaveState(page, 'offline');
      // "Offline" may show before the count catches up with the last keystrokes: wait for the count.
      await expect.poll(() => unsavedCount(page)).toBeGreaterThan(0);
      await expect.poll(() => page.locator('[data-testid="save-status"]').innerText()).toMatch(/^\d+ changes? not yet saved$/);
    }
    await ines.page.screenshot({ path: '/tmp/concord-e2e-offline.png' });

    // Reload while the server is still down: the browser warns first, then the
    // page comes back from this device with the offline text.
    const dialog = new Promise<string>((resolve) =>
      ines.page.once('dialog', (d) => {
        resolve(d.type());
        void d.accept();
      }),
    );
    await ines.page.reload();
    expect(await dialog).toBe('beforeunload');
    await waitForText(ines.page, 'Offline words from Ines.');
    await waitForSaveState(ines.page, 'offline');
    await expect.poll(() => ines.page.locator('[data-testid="save-status"]').innerText()).toMatch(/not yet saved/);

    server = await startTestServer({ dataDir, env: { DEMO: 'true', PORT: String(port) } });
    for (const { page } of people) {
      await waitForConnection(page, 'connected', 20_000);
      await waitForText(page, 'Offline words from Ines.');
      await waitForText(page, 'Offline words from Tom.');
      await waitForSaveState(page, 'saved');
    }
    expect(await editorText(ines.page)).toBe(await editorText(tom.page));
    expect(await tom.page.locator(`${editorSelector} h1`).innerText()).toBe(headingAfter);
  });
});
