/**
 * Issue 14 #14 (print stylesheet): printing the editor prints the report — no
 * header, outline, panels, toolbar, margin marks or comment markers — and #9:
 * after a comment quoting the selected words is posted, the box no longer says
 * "Quoting …" for the same selection.
 */
import { describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { editorSelector, newSignedInPerson } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { TEST_PASSWORD } from '../helpers/users.js';
import { setUpCommission, waitForVotesLoaded } from './support/commission.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});

describe('the editor page', () => {
  it('stops quoting once the quoting comment is posted, and prints only the report', { timeout: 90_000 }, async () => {
    server = await startTestServer();
    const { docId, commissioners } = await setUpCommission(server);
    const ines = await newSignedInPerson(suite.browser, server.url, commissioners[0]!.user.email, TEST_PASSWORD, `/d/${docId}`);
    suite.people.push(ines);
    const { page } = ines;
    await waitForVotesLoaded(page);

    // Select a word, comment on it: the quote goes with that comment, then is gone.
    const paragraph = page.locator(`${editorSelector} p`, { hasText: 'eleven public hearings' });
    await paragraph.click();
    await paragraph.evaluate((block, words) => {
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(words);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + words.length);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
        return;
      }
      throw new Error('words not found');
    }, 'eleven public hearings');
    await page.waitForSelector('[data-testid="new-thread-quote"]');
    await page.fill('[data-testid="new-thread-form"] [data-testid="comment-input"]', 'How many were online?');
    await page.click('[data-testid="new-thread-form"] [data-testid="comment-submit"]');
    await page.waitForSelector('[data-testid="thread"] >> text=How many were online?');
    await page.waitForSelector('[data-testid="new-thread-quote"]', { state: 'detached' });

    // Print: only the report.
    await page.emulateMedia({ media: 'print' });
    for (const selector of [
      '.app-header',
      '[data-testid="outline-column"]',
      '[data-testid="panels-column"]',
      '.doc-tools',
      '.thread-marker',
    ]) {
      expect(await page.locator(selector).first().isVisible(), selector).toBe(false);
    }
    expect(await page.locator(editorSelector).isVisible()).toBe(true);
    const marks = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[data-testid="gutter-marker"]')).map((el) => getComputedStyle(el, '::before').content),
    );
    expect(marks.length).toBeGreaterThan(5);
    expect(new Set(marks)).toEqual(new Set(['none']));
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('.app-header').isVisible()).toBe(true);
  });
});
