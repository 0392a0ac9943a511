/**
 * Issue 5, end to end: comment text is plain text everywhere it is shown. A
 * commissioner writes HTML and script payloads in the comments panel (quoting
 * words of a paragraph); an observer, in another browser, sees the literal
 * characters, no element made from them, no script run, and no compose box;
 * the author gets the @mention in the bell as inert text, follows it to the
 * thread, replies and resolves it — and the commissioner sees both live.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { replaceDocContent } from '@concord/shared';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, createDocWithMembers, createUser, login, TEST_PASSWORD, type SignedIn } from '../helpers/users.js';
import { stockClient, synced } from '../helpers/yclient.js';
import { newSignedInPerson, waitForConnection, waitForSaveState, waitForText } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});
const { people } = suite;

const IMG = '<img src=x onerror=window.__pwned=1>';
const SCRIPT = '<script>window.__pwned=1</script>';
const JS_URL = 'javascript:alert(1)';
const para = (id: string, text: string) => ({ type: 'paragraph', attrs: { id }, content: [{ type: 'text', text }] });

/** Writes the document through the stock client and waits until the server has it. */
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

/** Selects `text` inside the block with id `blockId`, as a person dragging over it would. */
async function selectInBlock(page: Page, blockId: string, text: string): Promise<void> {
  await page.locator(`[data-id="${blockId}"]`).click();
  await page.evaluate(
    ({ blockId, text }) => {
      const block = document.querySelector(`[data-id="${blockId}"]`)!;
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(text);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + text.length);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
        return;
      }
      throw new Error('text not found');
    },
    { blockId, text },
  );
}

/** Nothing in the page was built from comment text, and no payload ran. */
async function expectInert(page: Page, scope: string): Promise<void> {
  const found = await page.evaluate((scope) => {
    const root = document.querySelector(scope)!;
    return {
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      elements: root.querySelectorAll('img, script, iframe, object, embed, svg image, [onerror], [onclick], [onload]').length,
      links: Array.from(root.querySelectorAll('a')).map((a) => ({
        href: a.getAttribute('href'),
        rel: a.getAttribute('rel'),
        target: a.getAttribute('target'),
      })),
    };
  }, scope);
  expect(found.pwned).toBeUndefined();
  expect(found.elements).toBe(0);
  for (const link of found.links) expect(link.href).toMatch(/^https?:\/\//);
  return;
}

describe('comments in the browser', () => {
  it('HTML and script payloads in comments render as inert text for other people', async () => {
    server = await startTestServer();
    const [adaUser, cleoUser, ottoUser] = await Promise.all([
      createUser(server, 'Ada Author'),
      createUser(server, 'Cleo Commissioner'),
      createUser(server, 'Otto Observer'),
    ]);
    const ada: SignedIn = { user: adaUser, cookie: await login(server, adaUser.email) };
    const docId = await createDocWithMembers(
      server,
      ada,
      [
        { user: cleoUser, role: 'commissioner' },
        { user: ottoUser, role: 'observer' },
      ],
      'Housing report',
    );
    await seed(server, ada, docId, [
      para('p1', 'Rents should be capped at 30% of income.'),
      para('p2', 'Social housing needs more funding.'),
    ]);
    const path = `/d/${docId}`;

    // The commissioner quotes words of the first paragraph and comments with payloads.
    const cleo = await newSignedInPerson(suite.browser, server.url, cleoUser.email, TEST_PASSWORD, path);
    people.push(cleo);
    await waitForText(cleo.page, 'Rents should be capped');
    await waitForConnection(cleo.page, 'connected');
    await selectInBlock(cleo.page, 'p1', '30% of income');
    await cleo.page.getByTestId('new-thread-quote').filter({ hasText: '30% of income' }).waitFor();
    const payload = `@Ada Author careful: ${IMG} and ${SCRIPT} and ${JS_URL} — source: https://example.org/rents.`;
    await cleo.page.getByLabel('New comment on this paragraph').fill(payload);
    await cleo.page.getByTestId('new-thread-form').getByTestId('comment-submit').click();
    const cleoThread = cleo.page.locator('[data-testid="thread"][data-block-id="p1"]');
    await cleoThread.waitFor();
    await cleo.page.locator('[data-testid="thread-marker"][data-block-id="p1"]').waitFor();
    expect(await api(server, ada.cookie, 'GET', `/api/docs/${docId}/threads`).then((r) => r.body.threads[0].quote)).toBe('30% of income');
    // A reply with more markup, through the API.
    const threadId = await cleoThread.getAttribute('data-thread-id');
    const cleoCookie = await login(server, cleoUser.email);
    expect(
      (
        await api(server, cleoCookie, 'POST', `/api/docs/${docId}/threads/${threadId}/replies`, {
          text: `<b>bold?</b> <a href="${JS_URL}">click</a>`,
        })
      ).status,
    ).toBe(201);
    await cleo.page.locator('[data-testid="comment-text"]', { hasText: '<b>bold?</b>' }).waitFor();
    await expectInert(cleo.page, '[data-testid="comments"]');

    // The observer reads the literal text; nothing was made from it; no compose box.
    const otto = await newSignedInPerson(suite.browser, server.url, ottoUser.email, TEST_PASSWORD, path);
    people.push(otto);
    const ottoThread = otto.page.locator(`[data-testid="thread"][data-thread-id="${threadId}"]`);
    await ottoThread.waitFor();
    await ottoThread.getByTestId('thread-about').click(); // select: all comments, and the paragraph highlighted
    await otto.page.locator('[data-id="p1"].block-highlight').waitFor();
    await ottoThread.getByTestId('comment-text').nth(1).waitFor(); // the reply too, before reading both
    const texts = await ottoThread.getByTestId('comment-text').allInnerTexts();
    expect(texts[0]).toContain(IMG);
    expect(texts[0]).toContain(SCRIPT);
    expect(texts[0]).toContain(JS_URL);
    expect(texts[1]).toBe(`<b>bold?</b> <a href="${JS_URL}">click</a>`);
    const link = ottoThread.locator('a');
    expect(await link.count()).toBe(1);
    expect(await link.getAttribute('href')).toBe('https://example.org/rents');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await link.getAttribute('target')).toBe('_blank');
    await expectInert(otto.page, '[data-testid="comments"]');
    expect(await otto.page.getByTestId('new-thread').count()).toBe(0);
    expect(await otto.page.getByTestId('new-thread-hint').count()).toBe(0);
    expect(await ottoThread.getByTestId('reply').count()).toBe(0);
    expect(await ottoThread.getByTestId('resolve').count()).toBe(0);
    await otto.page.screenshot({ path: '/tmp/concord-e2e-comments-observer.png' });
    await otto.page.getByTestId('panel-comments').screenshot({ path: '/tmp/concord-e2e-comments-panel-observer.png' });

    // The author was mentioned: the bell shows it as text, and leads to the thread.
    const adaPerson = await newSignedInPerson(suite.browser, server.url, adaUser.email, TEST_PASSWORD, '/');
    people.push(adaPerson);
    const bell = adaPerson.page.getByTestId('notification-bell');
    await adaPerson.page.locator('[data-testid="notification-bell"][data-unread="1"]').waitFor();
    await bell.click();
    const note = adaPerson.page.locator('[data-testid="notification"][data-kind="mention"]');
    await note.waitFor();
    expect(await note.innerText()).toContain('<img');
    await expectInert(adaPerson.page, '[data-testid="notifications"]');
    await adaPerson.page.screenshot({ path: '/tmp/concord-e2e-comments-bell.png' });
    await note.click();
    await adaPerson.page.waitForURL((url) => url.pathname === path && url.hash === `#thread-${threadId}`);
    const adaThread = adaPerson.page.locator(`[data-testid="thread"][data-thread-id="${threadId}"].thread--selected`);
    await adaThread.waitFor();
    await adaPerson.page.locator('[data-testid="notification-bell"][data-unread="0"]').waitFor();

    // The author replies and resolves; the commissioner sees both without reloading.
    await adaThread.getByTestId('reply').click();
    await adaThread.getByLabel('Reply').fill('Noted — see https://example.org/median and <i>this</i>.');
    await adaThread.getByTestId('reply-form').getByTestId('comment-submit').click();
    await adaThread.locator('[data-testid="comment-text"]', { hasText: 'see https://example.org/median' }).waitFor();
    await adaThread.getByTestId('resolve').click();
    await cleo.page.locator('[data-testid="thread-marker"][data-block-id="p1"]').waitFor({ state: 'detached', timeout: 30_000 });
    await cleo.page.getByTestId('filter-resolved').click();
    const resolved = cleo.page.locator(`[data-testid="thread"][data-thread-id="${threadId}"][data-status="resolved"]`);
    await resolved.waitFor();
    await resolved.getByTestId('thread-about').click();
    await resolved.locator('[data-testid="comment-text"]', { hasText: '<i>this</i>' }).waitFor();
    await expectInert(cleo.page, '[data-testid="comments"]');
    await cleo.page.getByTestId('panel-comments').screenshot({ path: '/tmp/concord-e2e-comments-panel-resolved.png' });

    // A thread whose paragraph is deleted is kept, shown detached with the text it was about.
    const second = await api(server, cleoCookie, 'POST', `/api/docs/${docId}/threads`, { blockId: 'p2', text: 'Which funding, exactly?' });
    expect(second.status).toBe(201);
    const ottoSecond = otto.page.locator(`[data-testid="thread"][data-thread-id="${second.body.thread.id}"]`);
    await ottoSecond.waitFor(); // arrives live
    await adaPerson.page.locator('[data-id="p2"]').click({ clickCount: 3 });
    await adaPerson.page.keyboard.press('Backspace');
    await adaPerson.page.keyboard.press('Backspace');
    await adaPerson.page.locator('[data-id="p2"]').waitFor({ state: 'detached' });
    await waitForSaveState(adaPerson.page, 'saved');
    await otto.page
      .locator(`[data-testid="thread"][data-thread-id="${second.body.thread.id}"][data-detached="true"]`)
      .waitFor({ timeout: 30_000 });
    expect(await ottoSecond.textContent()).toContain('Paragraph deleted');
    expect(await ottoSecond.innerText()).toContain('Social housing needs more funding.');
    const listed = await api(server, cleoCookie, 'GET', `/api/docs/${docId}/threads?status=open`);
    expect(listed.body.threads.map((t: { id: string; detached: boolean }) => [t.id, t.detached])).toEqual([[second.body.thread.id, true]]);
    await otto.page.getByTestId('panel-comments').screenshot({ path: '/tmp/concord-e2e-comments-panel-detached.png' });
    for (const person of [cleo, otto, adaPerson]) expect(person.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
