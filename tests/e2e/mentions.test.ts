/**
 * Issue 14 #3: "@Amira Haddad" — the name shown everywhere — notifies her.
 * Typing `@` offers the members; choosing one writes the name; the posted
 * comment says who was notified; the mentioned author's bell counts it.
 */
import { describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { editorSelector, newSignedInPerson, waitForConnection } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { TEST_PASSWORD } from '../helpers/users.js';
import { setUpCommission } from './support/commission.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});

describe('@mentions', () => {
  it('[#3] autocomplete offers members by display name; the comment lists who was notified; they are', async () => {
    server = await startTestServer();
    // The name people see carries a note, as in the demo commission.
    const { docId, commissioners, author } = await setUpCommission(server, { authorName: 'Amira Haddad (author)' });
    const ines = await newSignedInPerson(suite.browser, server.url, commissioners[0]!.user.email, TEST_PASSWORD, `/d/${docId}`);
    suite.people.push(ines);
    const { page } = ines;
    await waitForConnection(page, 'connected');
    await page.locator(`${editorSelector} p`, { hasText: 'Care workers look after' }).click();
    const box = page.getByLabel('New comment on this paragraph');
    await box.click();
    await box.pressSequentially('Could @Ami', { delay: 10 });
    const option = page.locator('[data-testid="mention-option"]', { hasText: 'Amira Haddad' });
    await option.waitFor();
    expect(await option.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    expect(await box.inputValue()).toBe('Could @Amira Haddad ');
    await box.pressSequentially('check the figure?', { delay: 5 });
    await page.keyboard.press('Control+Enter');
    const notified = page.locator('[data-testid="comment-notified"]');
    await notified.waitFor();
    expect(await notified.innerText()).toBe('Notified: Amira Haddad (author)');

    const amira = await newSignedInPerson(suite.browser, server.url, author.user.email, TEST_PASSWORD, '/');
    suite.people.push(amira);
    await amira.page.waitForSelector('[data-testid="notification-bell"][data-unread="1"]');
  });
});
