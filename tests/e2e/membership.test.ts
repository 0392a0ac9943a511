/**
 * Issue 3, end to end: an author adds a commissioner by email in the members
 * panel; the commissioner signs in elsewhere and edits; an observer sees the
 * edits but cannot type. Then the author's changes to membership reach the
 * others' open editors at once.
 *
 * Issue 12: adding is an invitation. Invited people are listed by the email
 * typed, marked invited and without a name — an email with an account exactly
 * like one without — until they open the document; the panel says what happens
 * next; an invitation is revoked like a member is removed.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createUser, TEST_PASSWORD } from '../helpers/users.js';
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

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});
const { people } = suite;

/** Invites in the panel and waits for the invited entry. */
async function addMember(page: Page, email: string, role: string): Promise<void> {
  await page.getByTestId('add-member-email').fill(email);
  await page.getByTestId('add-member-role').selectOption(role);
  await page.getByTestId('add-member-submit').click();
  await page.locator(`[data-testid="member"][data-email="${email}"][data-role="${role}"][data-status="invited"]`).waitFor();
  expect(await page.getByTestId('invited-note').innerText()).toBe(
    `Invited ${email} as ${role}. They are listed as invited until they open the document.`,
  );
}

/** The entry once the person has opened the document: by name. */
const joinedRow = (page: Page, email: string) => page.locator(`[data-testid="member"][data-email="${email}"][data-status="member"]`);

describe('membership and roles in the browser', () => {
  it('author adds a commissioner who edits; an observer sees the edits and cannot type', async () => {
    server = await startTestServer();
    const authorUser = await createUser(server, 'Ada Author');
    const commissionerUser = await createUser(server, 'Cleo Commissioner');
    const observerUser = await createUser(server, 'Otto Observer');

    // The author creates a document and adds the others in the members panel.
    const author = await newSignedInPerson(suite.browser, server.url, authorUser.email, TEST_PASSWORD);
    people.push(author);
    await author.page.getByTestId('new-doc-title').fill('Interim report on housing');
    await author.page.getByRole('button', { name: 'New document' }).click();
    await author.page.waitForURL(/\/d\//);
    const docId = decodeURIComponent(new URL(author.page.url()).pathname.split('/')[2]!);
    await author.page.waitForSelector(editorSelector);
    expect(await author.page.getByTestId('my-role').getAttribute('data-role')).toBe('author');
    // The form says what inviting does, for both kinds of email (it cannot tell them apart).
    expect(await author.page.getByTestId('invite-help').innerText()).toContain('listed as invited until they open the document');
    expect(await author.page.getByTestId('invite-help').innerText()).toContain('ask your server administrator to create one');
    await addMember(author.page, commissionerUser.email, 'commissioner');
    await addMember(author.page, observerUser.email, 'observer');
    // An email nobody has is listed exactly like one with an account: by the email, invited, no name.
    const stranger = `nobody.${Date.now()}@test.concord`;
    await addMember(author.page, stranger, 'commissioner');
    const invitedRow = (email: string) => author.page.locator(`[data-testid="member"][data-email="${email}"]`);
    for (const email of [commissionerUser.email, stranger]) {
      expect(await invitedRow(email).locator('.member__name').textContent()).toBe(`${email} invited`);
      expect(await invitedRow(email).locator('.member__email').innerText()).toBe('Has not opened the document yet');
    }
    expect(await author.page.getByTestId('members').innerText()).not.toContain('Cleo Commissioner');
    await author.page.screenshot({ path: '/tmp/concord-e2e-invited.png' });
    // Revoking the stranger's invitation (after confirming) takes it off the list.
    await invitedRow(stranger)
      .getByRole('button', { name: `Revoke the invitation of ${stranger}` })
      .click();
    await invitedRow(stranger).getByTestId('confirm-remove').click();
    await invitedRow(stranger).waitFor({ state: 'detached' });
    await typeAtEnd(author.page, 'Housing costs have risen faster than wages.');
    await waitForSaveState(author.page, 'saved');

    // The commissioner finds it in their list, with their role, and edits.
    const commissioner = await newSignedInPerson(suite.browser, server.url, commissionerUser.email, TEST_PASSWORD);
    people.push(commissioner);
    const row = commissioner.page.locator(`[data-testid="doc-row"][data-doc-id="${docId}"]`);
    await row.waitFor();
    expect(await row.locator('.role-badge').innerText()).toMatch(/commissioner/i);
    await row.getByRole('link', { name: 'Interim report on housing' }).click();
    await waitForText(commissioner.page, 'Housing costs have risen');
    await typeAtEnd(commissioner.page, ' Rents most of all.');
    await waitForSaveState(commissioner.page, 'saved');
    await waitForText(author.page, 'Rents most of all.');
    // Having opened the document, the commissioner is listed by name in the author's panel (pushed live).
    await joinedRow(author.page, commissionerUser.email).waitFor();
    expect(await joinedRow(author.page, commissionerUser.email).locator('.member__name').innerText()).toBe('Cleo Commissioner');

    // The observer sees the edits, is told they are read-only, and cannot type.
    const observer = await newSignedInPerson(suite.browser, server.url, observerUser.email, TEST_PASSWORD, `/d/${docId}`);
    people.push(observer);
    await waitForText(observer.page, 'Rents most of all.');
    await waitForConnection(observer.page, 'connected');
    const banner = observer.page.getByTestId('readonly-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('You are an observer: you can read but not edit');
    expect(await observer.page.getByTestId('my-role').getAttribute('data-role')).toBe('observer');
    await observer.page.locator(`${editorSelector}[contenteditable="false"]`).waitFor();
    await observer.page.locator(editorSelector).click();
    await observer.page.keyboard.press('Control+End');
    await observer.page.keyboard.type('Observer was here');
    await typeAtEnd(commissioner.page, ' Last word.');
    await waitForText(observer.page, 'Last word.');
    for (const page of [observer.page, commissioner.page, author.page]) expect(await editorText(page)).not.toContain('Observer was here');
    // Observers see the members and roles, but cannot change them.
    await observer.page.locator(`[data-testid="member"][data-email="${authorUser.email}"][data-role="author"]`).waitFor();
    expect(await observer.page.getByTestId('add-member').count()).toBe(0);
    await observer.page.screenshot({ path: '/tmp/concord-e2e-observer.png' });

    // The author makes the commissioner an observer: their open editor turns read-only.
    await joinedRow(author.page, observerUser.email).waitFor();
    await joinedRow(author.page, commissionerUser.email).getByTestId('member-role').selectOption('observer');
    await commissioner.page.getByTestId('readonly-banner').waitFor({ timeout: 30_000 });
    // The banner and the read-only editor are two updates: wait for the editor's too.
    await commissioner.page.locator(`${editorSelector}[contenteditable="false"]`).waitFor();

    // The author removes the observer (after confirming): their page says so at once.
    const observerRow = author.page.locator(`[data-testid="member"][data-email="${observerUser.email}"]`);
    await observerRow.getByTestId('remove-member').click();
    await observerRow.getByTestId('confirm-remove').click();
    await observerRow.waitFor({ state: 'detached' });
    await observer.page.getByTestId('no-access').waitFor({ timeout: 30_000 });
    expect(await observer.page.getByTestId('no-access').innerText()).toContain('You no longer have access');
    await author.page.screenshot({ path: '/tmp/concord-e2e-author.png' });
  });
});
