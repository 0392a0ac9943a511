/**
 * Issue 14 #5: "All changes saved" must never claim more than the server
 * confirmed, whichever tab typed it. One person, two tabs of one document; the
 * server goes away; the second tab types and is closed. The first tab must
 * show those words as not yet saved, and send them itself when the server is
 * back — without being reloaded.
 */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { newSignedInPerson, typeAtEnd, waitForConnection, waitForSaveState, waitForText } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { demo, demoDocId, DEMO_PASSWORD } from './demo.js';

let server: TestServer | undefined;
let dataDir: string | undefined;
const suite = useBrowserSuite(async () => {
  await server?.stop();
  server = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const unsavedCount = async (page: Page) => Number(await page.getAttribute('[data-testid="save-status"]', 'data-unsaved'));
const WORDS = 'Typed offline in the second tab.';

describe('two tabs of one document', () => {
  it('the first tab counts the closed second tab’s offline words as unsaved and sends them', async () => {
    server = await startTestServer({ env: { DEMO: 'true' } });
    dataDir = server.dataDir;
    const port = server.port;
    const docId = await demoDocId(server);
    const path = `/d/${docId}`;
    const ines = await newSignedInPerson(suite.browser, server.url, demo.ines.email, DEMO_PASSWORD, path);
    suite.people.push(ines);
    const first = ines.page;
    const second = await ines.context.newPage();
    await second.goto(path);
    for (const page of [first, second]) {
      await waitForConnection(page, 'connected');
      await waitForSaveState(page, 'saved');
    }

    await server.stop();
    server = undefined;
    await waitForConnection(second, 'offline');
    await typeAtEnd(second, ' ' + WORDS);
    await waitForSaveState(second, 'offline');
    await expect.poll(() => unsavedCount(second)).toBeGreaterThan(0);
    await second.close();

    // The first tab holds the words and says they are not saved.
    await waitForText(first, WORDS);
    await expect.poll(() => unsavedCount(first)).toBeGreaterThan(0);
    await expect.poll(() => first.locator('[data-testid="save-status"]').innerText()).toMatch(/not yet saved/);

    server = await startTestServer({ dataDir, env: { DEMO: 'true', PORT: String(port) } });
    await waitForConnection(first, 'connected', 20_000);
    await waitForSaveState(first, 'saved');
    // Someone else, on another device, now reads them from the server.
    const tom = await newSignedInPerson(suite.browser, server.url, demo.tom.email, DEMO_PASSWORD, path);
    suite.people.push(tom);
    await waitForText(tom.page, WORDS);
  });
});
