/**
 * When the page fails to render, Concord says so and offers Reload instead of a
 * blank page, and the reload loses nothing: edits the server never received are
 * kept on the device and sent after it. And a stale chunk (a redeploy while the
 * tab was open) reloads the page once, not in a loop.
 *
 * The render failure is the one browser extensions and page translators cause:
 * a node React rendered is moved away behind its back, so React's next removal
 * of it throws (NotFoundError) while committing.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import {
  editorSelector,
  newSignedInPerson,
  signIn,
  typeAtEnd,
  waitForConnection,
  waitForSaveState,
  waitForText,
} from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { seriousViolations } from './support/axe.js';
import { demo, demoDocId, DEMO_PASSWORD } from './demo.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});

/** Opens the user menu, moves its popup out of React's tree (as an extension might), and closes the menu. */
async function breakRendering(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.locator('.user-menu__popup').waitFor();
  await page.evaluate(() => document.body.append(document.querySelector('.user-menu__popup')!));
  await page.getByTestId('user-menu').click();
}

describe('a page that fails to render', () => {
  it('shows what happened and Reload; the unsent edits survive the reload and reach the server', { timeout: 180_000 }, async () => {
    server = await startTestServer({ env: { DEMO: 'true' } });
    const docId = await demoDocId(server);
    const path = `/d/${docId}`;
    const ines = await newSignedInPerson(suite.browser, server.url, demo.ines.email, DEMO_PASSWORD, path);
    const tom = await newSignedInPerson(suite.browser, server.url, demo.tom.email, DEMO_PASSWORD, path);
    suite.people.push(ines, tom);
    const { page } = ines;
    await waitForConnection(page, 'connected');
    await waitForSaveState(page, 'saved');

    // From now on her sync sockets reach nothing (the server never hears her edits) until told otherwise.
    let socketsReachServer = false;
    await page.routeWebSocket(/\/sync\//, (ws) => {
      if (socketsReachServer) ws.connectToServer();
    });
    await page.reload();
    await waitForText(page, 'Report of the Commission');
    await typeAtEnd(page, ' Words the server has not seen.');
    await expect.poll(async () => Number(await page.getAttribute('[data-testid="save-status"]', 'data-unsaved'))).toBeGreaterThan(0);

    await breakRendering(page);
    const shown = page.getByTestId('render-error');
    await shown.waitFor();
    expect(await shown.innerText()).toContain('Something went wrong on this page');
    expect(await page.locator(editorSelector).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    // Reload: the page comes back with her words, and sends them.
    socketsReachServer = true;
    await shown.getByRole('button', { name: 'Reload' }).click();
    await waitForText(page, 'Words the server has not seen.');
    await waitForConnection(page, 'connected');
    await waitForSaveState(page, 'saved');
    await waitForText(tom.page, 'Words the server has not seen.');
  });

  it('a chunk missing after a redeploy reloads the page once, then says so with Reload', { timeout: 120_000 }, async () => {
    server = await startTestServer({ env: { DEMO: 'true' } });
    const docId = await demoDocId(server);
    // No service worker: it would serve the chunk from its cache (which is the point of it).
    const context = await suite.browser.newContext({
      baseURL: server.url,
      viewport: { width: 1400, height: 900 },
      serviceWorkers: 'block',
    });
    const page = await context.newPage();
    suite.people.push({ context, page, errors: [] });
    await signIn(page, demo.ines.email, DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Your documents' }).waitFor();

    // The editor's chunk is gone from the server (a new build replaced it).
    let chunkGone = true;
    await page.route(/\/assets\/EditorPage-[^/]*\.js$/, (route) =>
      chunkGone ? route.fulfill({ status: 404, body: 'not found' }) : route.continue(),
    );
    let loads = 0;
    page.on('load', () => loads++);
    await page.locator(`a[href="/d/${docId}"]`).first().click();

    // One reload, and with the chunk still missing, the message instead of another.
    const shown = page.getByTestId('render-error');
    await shown.waitFor({ timeout: 30_000 });
    // (The handler decided not to reload again before the error reached the page: no later reload can come.)
    expect(loads).toBe(1);

    chunkGone = false;
    await shown.getByRole('button', { name: 'Reload' }).click();
    await waitForText(page, 'Report of the Commission');
  });
});
