/**
 * Issue 14, accessibility and #7: a commissioner who uses no mouse signs in,
 * finds a paragraph that needs them, agrees, disputes another with a reason,
 * comments, and opens the list of shortcuts (Ctrl+/) — keys only, no click.
 * The vote controls are reached with Tab from the text (“At the cursor”), and
 * every one of them is at least 24×24 px. #12: an observer's legend does not
 * tell them to vote.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { editorSelector, newPerson, newSignedInPerson } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { TEST_PASSWORD } from '../helpers/users.js';
import { marker, popover, setUpCommission, waitForVotesLoaded } from './support/commission.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});

const focusedMatches = (page: Page, selector: string) => page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`; fails after `max` presses. */
async function tabTo(page: Page, selector: string, { max = 40, back = false } = {}): Promise<number> {
  for (let presses = 0; presses <= max; presses++) {
    if (await focusedMatches(page, selector)) return presses;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The block id of the paragraph holding the editor's caret. */
const caretBlockId = (page: Page) =>
  page.evaluate(() => {
    const node = window.getSelection()?.anchorNode;
    const el = node instanceof Element ? node : node?.parentElement;
    return el?.closest('[data-id]')?.getAttribute('data-id') ?? null;
  });

describe('keyboard only', () => {
  it('a commissioner signs in, agrees, disputes with a reason and comments without the mouse', { timeout: 240_000 }, async () => {
    server = await startTestServer();
    const { docId, commissioners } = await setUpCommission(server);
    const ines = commissioners[0]!;
    const person = await newPerson(suite.browser, server.url);
    suite.people.push(person);
    const { page } = person;

    // Sign in: the email field has the focus; Tab to the password; Enter sends.
    await page.goto(`/d/${docId}`);
    await page.waitForURL(/\/signin/);
    await page.waitForSelector('input[type="email"]:focus');
    await page.keyboard.type(ines.user.email);
    await tabTo(page, 'input[type="password"]');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForSelector(editorSelector);
    await waitForVotesLoaded(page);

    // Into the text, then to the next paragraph that needs me (Ctrl+Alt+N).
    await tabTo(page, `${editorSelector}, ${editorSelector} *`, { max: 80 });
    await page.keyboard.press('Control+Alt+n');
    const first = await caretBlockId(page);
    expect(first).not.toBeNull();
    await expect.poll(() => page.getAttribute('[data-testid="cursor-vote"]', 'data-block-id')).toBe(first);

    // Tab from the text reaches the vote controls for that paragraph, big enough to hit.
    const presses = await tabTo(page, '[data-testid="cursor-agree"]', { max: 6 });
    expect(presses).toBeGreaterThan(0);
    for (const id of ['cursor-agree', 'cursor-dispute', 'cursor-details']) {
      const box = (await page.locator(`[data-testid="${id}"]`).boundingBox())!;
      expect(box.width).toBeGreaterThanOrEqual(24);
      expect(box.height).toBeGreaterThanOrEqual(24);
    }
    expect(await page.locator('[data-testid="cursor-agree"]').innerText()).toMatch(/Ctrl\+Alt\+A/);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${marker(first!)}[data-needs-me="false"]`);
    await expect.poll(() => page.locator('[data-testid="cursor-vote-status"]').innerText()).toMatch(/You agree\./);

    // Back to the text at the same place, on to the next paragraph, and dispute it with a reason.
    await tabTo(page, `${editorSelector}, ${editorSelector} *`, { back: true, max: 6 });
    expect(await caretBlockId(page)).toBe(first);
    await page.keyboard.press('Control+Alt+n');
    const second = await caretBlockId(page);
    expect(second).not.toBe(first);
    await tabTo(page, '[data-testid="cursor-dispute"]', { max: 8 });
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${popover} [data-testid="dispute-reason-input"]:focus`);
    await page.keyboard.type('The figure needs a source.');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector(`${marker(second!)}[data-status="disputed"]`);
    await page.keyboard.press('Escape');
    await page.waitForSelector(popover, { state: 'detached' });

    // Comment on the paragraph at the cursor: Tab to the comment box, type, Ctrl+Enter.
    await tabTo(page, `${editorSelector}, ${editorSelector} *`, { back: true, max: 40 });
    await tabTo(page, '[data-testid="new-thread-form"] [data-testid="comment-input"]', { max: 60 });
    await page.keyboard.type('Which year is this figure from?');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('[data-testid="thread"] >> text=Which year is this figure from?');

    // Every shortcut, in one list (Ctrl+/), closed with Escape.
    await page.keyboard.press('Control+/');
    const list = page.locator('[data-testid="shortcut-list"]');
    await list.waitFor();
    const listed = await list.innerText();
    for (const text of ['Ctrl+Alt+A', 'Ctrl+Alt+D', 'Ctrl+Alt+N', 'Ctrl+Enter', 'Ctrl+B', 'Ctrl+/']) expect(listed).toContain(text);
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'detached' });
  });

  it('an observer’s legend explains the marks without asking them to vote', async () => {
    server = await startTestServer();
    const { docId, observer } = await setUpCommission(server);
    const sam = await newSignedInPerson(suite.browser, server.url, observer.user.email, TEST_PASSWORD, `/d/${docId}`);
    suite.people.push(sam);
    await waitForVotesLoaded(sam.page);
    await sam.page.keyboard.press('Control+/');
    await sam.page.locator('[data-testid="shortcut-list"]').waitFor();
    expect(await sam.page.locator('[data-testid="shortcut-list"]').innerText()).not.toContain('Ctrl+Alt+A');
    await sam.page.keyboard.press('Escape');
    await sam.page.click('[data-testid="legend-button"]');
    const intro = await sam.page.locator('[data-testid="legend-dialog"] [data-testid="legend-intro"]').innerText();
    expect(intro).toContain('Only commissioners vote');
    expect(intro).not.toMatch(/to vote/);
    expect(await sam.page.locator('[data-testid="cursor-vote"]').count()).toBe(0);
  });
});
