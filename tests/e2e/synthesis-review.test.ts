/**
 * Issue 5, end to end: a commissioner disputes a paragraph with a reason (API:
 * the vote itself) and comments on it in the comments panel; the author finds
 * both in the synthesis workspace, rewrites the paragraph in the editor and asks
 * for re-review; the commissioner's bell rings live, the notification leads to
 * the paragraph; they agree again (API) and the block leaves the author's list.
 */
import { describe, expect, it } from 'vitest';
import { replaceDocContent } from '@concord/shared';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, createDocWithMembers, createUser, login, TEST_PASSWORD, type SignedIn } from '../helpers/users.js';
import { stockClient, synced } from '../helpers/yclient.js';
import { editorSelector, newSignedInPerson, waitForConnection, waitForSaveState, waitForText } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});
const { people } = suite;

const para = (id: string, text: string) => ({ type: 'paragraph', attrs: { id }, content: [{ type: 'text', text }] });
const heading = (id: string, text: string) => ({ type: 'heading', attrs: { id, level: 2 }, content: [{ type: 'text', text }] });

async function seed(server: TestServer, author: SignedIn, docId: string, content: Record<string, unknown>[]): Promise<void> {
  const writer = stockClient(server.url, docId, author.cookie);
  await synced(writer);
  replaceDocContent(writer.doc, { type: 'doc', content });
  const deadline = Date.now() + 30_000;
  while ((await api(server, author.cookie, 'GET', `/api/docs/${docId}/consensus`)).body.blocks?.length !== content.length) {
    if (Date.now() > deadline) throw new Error('content never reached the server');
    await new Promise((r) => setTimeout(r, 50));
  }
  writer.destroy();
}

async function vote(server: TestServer, cookie: string, docId: string, blockId: string, stance: 'agree' | 'dispute', reason?: string) {
  const view = await api(server, cookie, 'GET', `/api/docs/${docId}/consensus`);
  const fingerprint = view.body.blocks.find((b: { id: string }) => b.id === blockId).fingerprint as string;
  const res = await api(server, cookie, 'PUT', `/api/docs/${docId}/blocks/${blockId}/vote`, {
    stance,
    fingerprint,
    ...(reason ? { reason } : {}),
  });
  expect(res.status).toBe(200);
}

describe('synthesis workspace in the browser', () => {
  it('dispute and comment reach the author, who rewrites and asks for re-review; the commissioner is notified and agrees again', async () => {
    server = await startTestServer();
    const [adaUser, cleoUser, tomUser] = await Promise.all([
      createUser(server, 'Ada Author'),
      createUser(server, 'Cleo Commissioner'),
      createUser(server, 'Tom Commissioner'),
    ]);
    const ada: SignedIn = { user: adaUser, cookie: await login(server, adaUser.email) };
    const cleoCookie = await login(server, cleoUser.email);
    const docId = await createDocWithMembers(
      server,
      ada,
      [
        { user: cleoUser, role: 'commissioner' },
        { user: tomUser, role: 'commissioner' },
      ],
      'Housing report',
    );
    await seed(server, ada, docId, [
      heading('h1', 'Housing'),
      para('p1', 'Rents should be capped at 30% of income.'),
      para('p2', 'Social housing needs more funding.'),
      heading('h2', 'Transport'),
      para('p3', 'Buses should be free for students.'),
    ]);
    const path = `/d/${docId}`;
    const reason = '30% is too rigid; tie the cap to local median rents.';

    // The commissioner disputes p1 with a reason, and comments on it in the panel.
    await vote(server, cleoCookie, docId, 'p1', 'dispute', reason);
    const cleo = await newSignedInPerson(suite.browser, server.url, cleoUser.email, TEST_PASSWORD, path);
    people.push(cleo);
    await waitForText(cleo.page, 'Rents should be capped');
    await waitForConnection(cleo.page, 'connected');
    expect(await cleo.page.getByTestId('synthesis-link').count()).toBe(0); // authors only
    await cleo.page.locator('[data-id="p1"]').click();
    await cleo.page.getByTestId('new-thread').and(cleo.page.locator('[data-block-id="p1"]')).waitFor();
    await cleo.page.getByLabel('New comment on this paragraph').fill('Could we cite the 2024 rent survey? https://example.org/survey');
    await cleo.page.getByTestId('new-thread-form').getByTestId('comment-submit').click();
    await cleo.page.locator('[data-testid="thread"][data-block-id="p1"]').waitFor();

    // The author opens the synthesis workspace from the editor header.
    const author = await newSignedInPerson(suite.browser, server.url, adaUser.email, TEST_PASSWORD, path);
    people.push(author);
    await waitForText(author.page, 'Rents should be capped');
    await author.page.getByTestId('synthesis-link').click();
    await author.page.waitForURL((url) => url.pathname === `${path}/synthesis`);
    const block = author.page.locator('[data-testid="synthesis-block"][data-block-id="p1"]');
    await block.waitFor();
    expect(await author.page.getByTestId('synthesis-progress').getAttribute('data-not-agreed')).toBe('5');
    expect(await author.page.getByTestId('synthesis-progress').innerText()).toContain(
      '5 blocks stand between the commission and a complete consensus report',
    );
    // Every block standing between the commission and the report is on the page: cards for those to
    // work on, and (collapsed) the ones that only wait for votes.
    const cards = await author.page.locator('[data-testid="synthesis-block"]').count();
    const waiting = await author.page
      .locator('[data-testid^="synthesis-waiting-"][data-count]')
      .evaluateAll((groups) => groups.reduce((n, g) => n + Number(g.getAttribute('data-count')), 0));
    expect(cards + waiting).toBe(5);
    expect(await block.getAttribute('data-status')).toBe('disputed');
    expect(await block.getByTestId('synthesis-dispute').innerText()).toContain(reason);
    expect(await block.getByTestId('synthesis-thread').innerText()).toContain('Could we cite the 2024 rent survey?');
    expect(await block.getByTestId('synthesis-not-voted').innerText()).toContain('Tom Commissioner');
    expect(await author.page.locator('[data-testid="synthesis-section"]').first().innerText()).toContain('Housing');
    await author.page.screenshot({ path: '/tmp/concord-e2e-synthesis-disputed.png', fullPage: true });

    // "Edit in document": the editor opens at the paragraph, and the author rewrites it.
    await block.getByTestId('edit-in-document').click();
    await author.page.waitForURL((url) => url.pathname === path && url.hash === '#block-p1');
    await author.page.waitForSelector(editorSelector);
    await author.page.locator('[data-id="p1"].block-highlight').waitFor();
    await author.page.screenshot({ path: '/tmp/concord-e2e-synthesis-edit.png' });
    await author.page.locator('[data-id="p1"]').click({ clickCount: 3 });
    await author.page.keyboard.type('Rents should be capped at the local median rent.', { delay: 10 });
    await waitForSaveState(author.page, 'saved');
    await waitForText(cleo.page, 'capped at the local median rent.');

    // Back in the workspace: Cleo's dispute is now on older text, with what changed.
    await author.page.getByTestId('synthesis-link').click();
    const stale = author.page.locator('[data-testid="synthesis-block"][data-block-id="p1"][data-stale="true"]');
    await stale.waitFor();
    const diff = stale.getByTestId('word-diff');
    expect(await diff.locator('del').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('30%')]));
    expect(await diff.locator('ins').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('median')]));
    await stale.getByTestId('request-review').click();
    await stale.getByLabel('Note to the commissioners (optional)').fill('Rewritten around median rents, as suggested.');
    await stale.getByTestId('send-review-request').click();
    const notified = await stale.getByTestId('review-notified').innerText();
    expect(notified).toContain('Cleo Commissioner');
    expect(notified).toContain('Tom Commissioner');
    await author.page.screenshot({ path: '/tmp/concord-e2e-synthesis-stale.png', fullPage: true });

    // The commissioner's bell rings while the document is open (live, not the 30 s poll).
    await cleo.page.locator('[data-testid="notification-bell"][data-unread="1"]').waitFor({ timeout: 30_000 });
    await cleo.page.getByTestId('notification-bell').click();
    const note = cleo.page.locator('[data-testid="notification"][data-kind="review_requested"]');
    await note.waitFor();
    expect(await note.innerText()).toContain('Ada Author');
    await cleo.page.screenshot({ path: '/tmp/concord-e2e-synthesis-bell.png' });
    await note.click();
    await cleo.page.waitForURL((url) => url.hash === '#block-p1');
    await cleo.page.locator('[data-id="p1"].block-highlight').waitFor();
    await cleo.page.locator('[data-testid="notification-bell"][data-unread="0"]').waitFor();

    // The commissioner agrees with the new wording: the block leaves the author's list.
    await vote(server, cleoCookie, docId, 'p1', 'agree');
    await author.page.bringToFront();
    await author.page.evaluate(() => window.dispatchEvent(new Event('focus'))); // the author comes back to the tab
    await author.page.locator('[data-testid="synthesis-block"][data-block-id="p1"]').waitFor({ state: 'detached', timeout: 30_000 });
    await author.page.getByTestId('synthesis-empty').waitFor();
    await author.page.screenshot({ path: '/tmp/concord-e2e-synthesis-done.png' });
    // Commissioners are told the workspace is the author's.
    await cleo.page.goto(`${path}/synthesis`);
    await cleo.page.getByTestId('synthesis-forbidden').waitFor();
    for (const person of [cleo, author]) expect(person.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
