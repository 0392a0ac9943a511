/**
 * Issue 19's email in the browser: without SMTP the author is told that nobody
 * will be emailed (in the rounds bar and the "Start a review round" dialog) and a
 * member's Email settings say so too; a member's choice made in the user menu's
 * Email settings is what the server keeps; an address the real SMTP server
 * refuses (550) is reported to the author in the editor, and to nobody else.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { newSignedInPerson, waitForConnection } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { api, TEST_PASSWORD, type SignedIn } from '../helpers/users.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';
import { setUpCommission } from './support/commission.js';

let server: TestServer | undefined;
let smtp: TestSmtp | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  await smtp?.close();
  server = undefined;
  smtp = undefined;
});

const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600_000).toISOString();

/** What the server holds as `who`'s email choice for the document. */
async function emailModeOf(s: TestServer, who: SignedIn, docId: string): Promise<string | undefined> {
  const res = await api(s, who.cookie, 'GET', '/api/me/notification-settings');
  return (res.body.settings as { docId: string; email: string }[]).find((x) => x.docId === docId)?.email;
}

/** Opens Email settings from the user menu and chooses `label` for the document. */
async function chooseEmail(page: Page, docId: string, label: string): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('email-settings-item').click();
  const dialog = page.getByTestId('email-settings');
  await dialog.waitFor();
  await dialog.locator(`[data-testid="email-mode"][data-doc="${docId}"]`).selectOption({ label });
}

describe('review rounds and email settings in the browser', () => {
  it('without SMTP: the author is told nobody is emailed; a member can still choose, and the choice is kept', async () => {
    server = await startTestServer();
    const s = server;
    const { docId, author, commissioners } = await setUpCommission(s);
    const ines = commissioners[0]!;

    const amira = await newSignedInPerson(suite.browser, s.url, author.user.email, TEST_PASSWORD, `/d/${docId}`);
    suite.people.push(amira);
    await waitForConnection(amira.page, 'connected');
    const bar = amira.page.getByTestId('rounds-bar');
    await bar.waitFor();
    expect(await bar.innerText()).toContain('No email on this server');
    await amira.page.getByTestId('start-round-button').click();
    const dialog = amira.page.getByTestId('start-round');
    await dialog.waitFor();
    expect(await dialog.getByTestId('round-no-email').innerText()).toContain('This server sends no email');
    await amira.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    const inesBrowser = await newSignedInPerson(suite.browser, s.url, ines.user.email, TEST_PASSWORD, `/d/${docId}`);
    suite.people.push(inesBrowser);
    await waitForConnection(inesBrowser.page, 'connected');
    expect(await emailModeOf(s, ines, docId)).toBe('digest');
    await chooseEmail(inesBrowser.page, docId, 'Every event');
    await inesBrowser.page.getByTestId('email-not-configured').waitFor();
    await expect.poll(() => emailModeOf(s, ines, docId)).toBe('every');
    // A commissioner does not manage the document: no rounds bar, nothing about the server's email.
    expect(await inesBrowser.page.getByTestId('rounds-bar').count()).toBe(0);
  });

  it('with SMTP: a member turns email on in the user menu; the address the SMTP server refuses is reported to the author only', async () => {
    smtp = await startSmtp();
    const mail = smtp;
    server = await startTestServer({ env: { SMTP_URL: mail.url, MAIL_FROM: 'Concord <concord@example.org>' } });
    const s = server;
    const { docId, author, commissioners } = await setUpCommission(s);
    const ines = commissioners[0]!;
    mail.unknownAddresses.add(ines.user.email.toLowerCase());

    const inesBrowser = await newSignedInPerson(suite.browser, s.url, ines.user.email, TEST_PASSWORD, `/d/${docId}`);
    suite.people.push(inesBrowser);
    await waitForConnection(inesBrowser.page, 'connected');
    await chooseEmail(inesBrowser.page, docId, 'Every event');
    await expect.poll(() => emailModeOf(s, ines, docId)).toBe('every');
    expect(await inesBrowser.page.getByTestId('email-not-configured').count()).toBe(0);
    await inesBrowser.page.keyboard.press('Escape');

    const opened = await api(s, author.cookie, 'POST', `/api/docs/${docId}/rounds`, { deadline: inDays(5), message: 'Before Friday' });
    expect(opened.status).toBe(201);
    // The worker sends at once when mail is queued; the 550 gives her mail up for good.
    await expect.poll(async () => (await api(s, author.cookie, 'GET', `/api/docs/${docId}/rounds`)).body.mailFailures.length).toBe(1);
    expect(mail.recipientsRefused).toBe(1);

    const amira = await newSignedInPerson(suite.browser, s.url, author.user.email, TEST_PASSWORD, `/d/${docId}`);
    suite.people.push(amira);
    await waitForConnection(amira.page, 'connected');
    const failures = amira.page.getByTestId('mail-failures');
    await failures.waitFor();
    expect(await failures.innerText()).toMatch(/Emails that could not be delivered: Inès Moreau \(550 /);
    expect(await amira.page.getByTestId('rounds-bar').innerText()).not.toContain('No email on this server');

    // Inès sees her round, and nothing about undeliverable mail.
    await inesBrowser.page.getByTestId('round-banner').waitFor();
    expect(await inesBrowser.page.getByTestId('mail-failures').count()).toBe(0);
  });
});
