/**
 * Issue 19's main path in the browser, with a real SMTP server inside the test
 * (smtp-server): the author starts a review round on one chapter with a
 * deadline; the commissioner gets one email with her count and a link straight
 * to the paragraph, sees the round on the document list and in the editor's
 * banner, signs the chapter off, and the author's coverage dashboard shows her
 * finished while the other commissioner is not.
 */
import { describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { newSignedInPerson, waitForConnection } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { api, TEST_PASSWORD } from '../helpers/users.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';
import { setUpCommission, waitForVotesLoaded } from './support/commission.js';

let server: TestServer | undefined;
let smtp: TestSmtp | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  await smtp?.close();
  server = undefined;
  smtp = undefined;
});

async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('review round, end to end', () => {
  it('author opens a round on a chapter → commissioner is emailed her count and a link, sees the banner, signs off → the dashboard shows her finished', async () => {
    smtp = await startSmtp();
    server = await startTestServer({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Concord <concord@example.org>' } });
    const { docId, author, commissioners } = await setUpCommission(server);
    const [ines, tom] = commissioners as [(typeof commissioners)[0], (typeof commissioners)[0]];
    // Inès wants every email as it happens (the default, a daily digest, would wait for the digest hour).
    expect((await api(server, ines.cookie, 'PUT', '/api/me/notification-settings', { docId, email: 'every' })).status).toBe(200);

    // --- the author starts the round ----------------------------------------------------------
    const amira = await newSignedInPerson(suite.browser, server.url, author.user.email, TEST_PASSWORD, `/d/${docId}`);
    suite.people.push(amira);
    await waitForConnection(amira.page, 'connected');
    await amira.page.getByTestId('start-round-button').click();
    const dialog = amira.page.getByTestId('start-round');
    await dialog.waitFor();
    await dialog.locator('label', { hasText: 'What we heard' }).getByTestId('round-section').check();
    // A deadline ten days ahead at 17:00, typed as the author's local time.
    const due = new Date(Date.now() + 10 * 24 * 3600_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    await dialog.getByTestId('round-deadline').fill(`${due.getFullYear()}-${pad(due.getMonth() + 1)}-${pad(due.getDate())}T17:00`);
    await dialog.getByTestId('round-message').fill('Please sign off what we heard.');
    await dialog.getByTestId('round-submit').click();
    await dialog.waitFor({ state: 'detached' });

    const rounds = (await api(server, ines.cookie, 'GET', `/api/docs/${docId}/rounds`)).body.rounds as {
      id: string;
      mine: { left: number } | null;
      sectionTitles: string[];
    }[];
    expect(rounds).toHaveLength(1);
    const left = rounds[0]!.mine!.left;
    expect(left).toBeGreaterThan(1);

    // --- the email, received by the real SMTP server ------------------------------------------
    await waitUntil(() => smtp!.to(ines.user.email).length === 1, 'the round email to Inès');
    const { mail } = smtp.to(ines.user.email)[0]!;
    expect(mail.subject).toContain(`${left} paragraphs need your review by`);
    expect(mail.text).toContain(`${left} paragraphs need your review by`);
    expect(mail.text).toContain('Please sign off what we heard.');
    const link = new RegExp(`${server.url.replace(/[.:/]/g, '\\$&')}/d/${docId}#block-[\\w-]+`).exec(mail.text ?? '')?.[0];
    expect(link, 'a link straight to the first paragraph to review').toBeDefined();
    // Tom chose nothing: the default is a digest, held until the digest hour; author and others get nothing.
    for (const who of [tom, author]) expect(smtp.to(who.user.email)).toEqual([]);

    // --- the commissioner: the document list, the email's link, the banner, the sign-off -----
    const inesBrowser = await newSignedInPerson(suite.browser, server.url, ines.user.email, TEST_PASSWORD, '/');
    suite.people.push(inesBrowser);
    const page = inesBrowser.page;
    await page.waitForSelector(`[data-testid="doc-row"][data-doc-id="${docId}"] [data-testid="doc-round"][data-left="${left}"]`);
    // The link opens the editor at that paragraph, highlighted for a moment: a page script records
    // every paragraph highlighted, so a busy machine cannot miss the moment.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { highlighted: string[] }).highlighted = seen;
      // The class may be set on a paragraph's element, or come with a new one.
      const record = (node: Node) => {
        if (!(node instanceof HTMLElement)) return;
        for (const el of [node, ...Array.from(node.querySelectorAll<HTMLElement>('.block-highlight'))])
          if (el.classList.contains('block-highlight')) seen.push(el.dataset.id ?? '');
      };
      new MutationObserver((changes) => {
        for (const c of changes) {
          record(c.target);
          c.addedNodes.forEach(record);
        }
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['class'], childList: true });
    });
    await page.goto(link!);
    await waitForConnection(page, 'connected');
    const firstBlock = decodeURIComponent(link!.split('#block-')[1]!);
    await expect.poll(() => page.evaluate(() => (window as unknown as { highlighted: string[] }).highlighted)).toContain(firstBlock);
    await waitForVotesLoaded(page);
    // Waits for her count, not just the banner: it may show before every vote is counted.
    const banner = page.locator(`[data-testid="round-banner"][data-left="${left}"]`);
    await banner.waitFor();
    expect(await banner.innerText()).toContain(`${left} paragraphs in What we heard need your review`);
    expect(await banner.innerText()).toContain('Please sign off what we heard.');

    await page.locator('[data-testid="outline"] li', { hasText: 'What we heard' }).getByTestId('section-signoff').click();
    const signoff = page.getByTestId('signoff-dialog');
    await signoff.getByTestId('signoff-confirm').click();
    await signoff.waitFor({ state: 'detached' });
    await page.waitForSelector('[data-testid="round-banner"][data-left="0"]');

    // --- the author's dashboard follows -------------------------------------------------------
    await amira.page.goto(`/d/${docId}/dashboard`);
    const progress = amira.page.getByTestId('round-progress');
    await progress.waitFor();
    await amira.page.waitForSelector(`[data-testid="round-reviewer"][data-done="true"][data-left="0"]`);
    const rows = progress.getByTestId('round-reviewer');
    expect(await rows.count()).toBe(2);
    const inesRow = rows.filter({ hasText: 'Inès Moreau' });
    const tomRow = rows.filter({ hasText: 'Tom Becker' });
    expect(await inesRow.getAttribute('data-done')).toBe('true');
    expect(await tomRow.getAttribute('data-done')).toBe('false');
    expect(await tomRow.getAttribute('data-left')).toBe(String(left));
    expect(await progress.innerText()).toContain('1 of 2 commissioners finished');
  });
});
