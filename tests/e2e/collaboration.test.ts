/**
 * Issue 2, end to end: two people in two browser contexts edit one document and
 * see each other's text and carets; a reload keeps everything; the status line
 * reaches "All changes saved" only once the server has it.
 */
import { describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { editorText, newSignedInPerson, typeAtEnd, waitForConnection, waitForSaveState, waitForText } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { demo, demoDocId, DEMO_PASSWORD } from './demo.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});
const { people } = suite;

describe('collaborative editing in the browser', () => {
  it('two people see each other’s text and carets; reload keeps everything; status reaches saved', async () => {
    server = await startTestServer({ env: { DEMO: 'true' } });
    const docId = await demoDocId(server);
    const path = `/d/${docId}`;
    const ines = await newSignedInPerson(suite.browser, server.url, demo.ines.email, DEMO_PASSWORD, path);
    const tom = await newSignedInPerson(suite.browser, server.url, demo.tom.email, DEMO_PASSWORD, path);
    people.push(ines, tom);
    await Promise.all([waitForConnection(ines.page, 'connected'), waitForConnection(tom.page, 'connected')]);
    await waitForText(ines.page, 'Report of the Commission');

    await typeAtEnd(ines.page, ' Ines was here.');
    await waitForText(tom.page, 'Ines was here.');
    await typeAtEnd(tom.page, ' Tom agrees.');
    await waitForText(ines.page, 'Tom agrees.');

    // Each sees the other's caret, labelled with the name the server vouches for.
    await ines.page.locator('.collaboration-carets__caret', { hasText: demo.tom.name }).waitFor({ timeout: 30_000 });
    await tom.page.locator('.collaboration-carets__caret', { hasText: demo.ines.name }).waitFor({ timeout: 30_000 });
    // … and both names in "who is here".
    await ines.page.locator(`[data-testid="presence-user"][data-name="${demo.tom.name}"]`).waitFor();

    await Promise.all([waitForSaveState(ines.page, 'saved'), waitForSaveState(tom.page, 'saved')]);
    expect(await ines.page.locator('[data-testid="save-status"]').innerText()).toBe('All changes saved');

    // Deleting is a change too: "saved" comes back only once the server confirms it.
    await typeAtEnd(ines.page, ' Strike this.');
    await waitForText(tom.page, 'Strike this.');
    for (let i = 0; i < ' Strike this.'.length; i++) await ines.page.keyboard.press('Backspace');
    await tom.page.waitForFunction(() => !document.querySelector('[data-testid="editor"]')!.textContent!.includes('Strike'));
    await waitForSaveState(ines.page, 'saved');
    await ines.page.screenshot({ path: '/tmp/concord-e2e-collaboration.png' });

    for (const person of [ines, tom]) {
      await person.page.reload();
      await waitForText(person.page, 'Ines was here.');
      await waitForText(person.page, 'Tom agrees.');
      await waitForConnection(person.page, 'connected');
      await waitForSaveState(person.page, 'saved');
    }

    // The server has it all: someone who never opened the document sees it too.
    const priya = await newSignedInPerson(suite.browser, server.url, demo.priya.email, DEMO_PASSWORD, path);
    people.push(priya);
    await waitForText(priya.page, 'Tom agrees.');
    expect(await editorText(priya.page)).toContain('Ines was here.');
    expect(ines.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
