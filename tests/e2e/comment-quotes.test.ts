/**
 * Issue 14 #9: comments behave like the ones people know. The words a thread
 * quotes are highlighted in the text, for everyone; clicking them opens that
 * thread in the panel; clicking a comment's words in the panel opens its
 * thread and shows its paragraph; and the new-comment box no longer says
 * "Quoting …" once the quoting comment is posted.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { editorSelector, newSignedInPerson } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { api, TEST_PASSWORD } from '../helpers/users.js';
import { blockIdOf, setUpCommission, waitForVotesLoaded } from './support/commission.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});

/** Selects `words` inside the paragraph that contains them (a DOM selection, as a mouse drag makes). */
async function selectWords(page: Page, words: string): Promise<void> {
  const paragraph = page.locator(`${editorSelector} p`, { hasText: words });
  await paragraph.click();
  await paragraph.evaluate((block, w) => {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(w);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + w.length);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
      return;
    }
    throw new Error('words not found');
  }, words);
}

const quoted = (page: Page, words: string) => page.locator(`${editorSelector} [data-testid="comment-quote"]`, { hasText: words });
const selectedThread = (page: Page) => page.locator('[data-testid="thread"].thread--selected');

describe('comments in the text (issue 14 #9)', () => {
  it(
    'highlights quoted words, opens a thread from its words in the text or in the panel, and stops quoting after posting',
    { timeout: 240_000 },
    async () => {
      server = await startTestServer();
      const { docId, commissioners } = await setUpCommission(server);
      const [ines, tom] = commissioners as [(typeof commissioners)[0], (typeof commissioners)[0]];

      // Inès quotes words and comments: her box stops quoting, and the words are highlighted.
      const inesPage = await newSignedInPerson(suite.browser, server.url, ines.user.email, TEST_PASSWORD, `/d/${docId}`);
      suite.people.push(inesPage);
      const { page } = inesPage;
      await waitForVotesLoaded(page);
      await selectWords(page, 'eleven public hearings');
      await page.waitForSelector('[data-testid="new-thread-quote"]');
      await page.fill('[data-testid="new-thread-form"] [data-testid="comment-input"]', 'How many were online?');
      await page.click('[data-testid="new-thread-form"] [data-testid="comment-submit"]');
      await page.waitForSelector('[data-testid="thread"] >> text=How many were online?');
      await page.waitForSelector('[data-testid="new-thread-quote"]', { state: 'detached' });
      await quoted(page, 'eleven public hearings').waitFor();
      expect(await quoted(page, 'eleven public hearings').innerText()).toBe('eleven public hearings');
      const hearingsThread = await page.locator('[data-testid="thread"]').first().getAttribute('data-thread-id');

      // A second thread, on another paragraph, through the API.
      const trainingBlock = await blockIdOf(page, 'Training should be recognised');
      const started = await api(server, tom.cookie, 'POST', `/api/docs/${docId}/threads`, {
        blockId: trainingBlock,
        quote: 'paid for by the state',
        text: 'Which budget line?',
      });
      expect(started.status).toBe(201);

      // Tom sees both highlights; nothing is selected yet.
      const tomPage = await newSignedInPerson(suite.browser, server.url, tom.user.email, TEST_PASSWORD, `/d/${docId}`);
      suite.people.push(tomPage);
      const tp = tomPage.page;
      await waitForVotesLoaded(tp);
      await quoted(tp, 'eleven public hearings').waitFor();
      await quoted(tp, 'paid for by the state').waitFor();
      expect(await selectedThread(tp).count()).toBe(0);

      // Clicking a comment's words in the panel opens its thread and shows its paragraph.
      await tp.locator('[data-testid="comment-text"]', { hasText: 'Which budget line?' }).click();
      await selectedThread(tp)
        .and(tp.locator(`[data-block-id="${trainingBlock}"]`))
        .waitFor();
      await tp.locator(`${editorSelector} [data-id="${trainingBlock}"].block-highlight`).waitFor();
      expect(await selectedThread(tp).getByTestId('reply').count()).toBe(1);

      // Clicking the highlighted words in the text opens their thread.
      await quoted(tp, 'eleven public hearings').click();
      await tp.locator(`[data-testid="thread"].thread--selected[data-thread-id="${hearingsThread}"]`).waitFor();
      expect(await selectedThread(tp).count()).toBe(1);

      // Resolved by the one who started it: the words are no longer highlighted, for her or for Tom.
      await page.locator(`[data-testid="thread"][data-thread-id="${hearingsThread}"] [data-testid="thread-about"]`).click();
      await page.locator(`[data-thread-id="${hearingsThread}"] [data-testid="resolve"]`).click();
      await quoted(tp, 'eleven public hearings').waitFor({ state: 'detached' });
      await quoted(page, 'eleven public hearings').waitFor({ state: 'detached' });
      expect(await quoted(tp, 'paid for by the state').count()).toBe(1);
    },
  );
});
