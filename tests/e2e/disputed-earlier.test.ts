/**
 * Issue 14 #8 (C39): a keystroke in a disputed paragraph does not silently
 * take it out of "Disputed". The author edits a paragraph Tom disputed: it
 * stays under "Disputed", marked "disputed on an earlier wording", until Tom
 * votes on the new wording.
 */
import { describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { newSignedInPerson, waitForSaveState } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { api, TEST_PASSWORD } from '../helpers/users.js';
import { marker, setUpCommission, waitForVotesLoaded } from './support/commission.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});

interface Block {
  id: string;
  text: string;
  fingerprint: string;
}

describe('a dispute outlives an edit (issue 14 #8)', () => {
  it(
    'an edited disputed paragraph stays under "Disputed" as disputed on an earlier wording until the disputer votes again',
    { timeout: 180_000 },
    async () => {
      server = await startTestServer();
      const { docId, author, commissioners } = await setUpCommission(server);
      const tom = commissioners[1]!;
      const blockOf = async (words: string) =>
        ((await api(server!, tom.cookie, 'GET', `/api/docs/${docId}/consensus`)).body.blocks as Block[]).find((b) =>
          b.text.startsWith(words),
        )!;
      const target = await blockOf('A sector-wide minimum rate');
      const disputed = await api(server, tom.cookie, 'PUT', `/api/docs/${docId}/blocks/${target.id}/vote`, {
        stance: 'dispute',
        fingerprint: target.fingerprint,
        reason: 'Who sits on the forum?',
      });
      expect(disputed.status).toBe(200);

      const amira = await newSignedInPerson(suite.browser, server.url, author.user.email, TEST_PASSWORD, `/d/${docId}`);
      suite.people.push(amira);
      const { page } = amira;
      await waitForVotesLoaded(page);
      const disputedCount = page.locator('[data-testid="filter-disputed"] .cg-filter__count');
      await page.locator(`${marker(target.id)}[data-status="disputed"]`).waitFor();
      // The filter's count renders after the gutter marks; wait for it rather than read it once.
      await page.locator('[data-testid="filter-disputed"] .cg-filter__count', { hasText: /^1$/ }).waitFor();

      // The author rewords it: no vote counts any more, but Tom's objection has not been answered.
      await page.click(`p[data-id="${target.id}"]`);
      await page.keyboard.press('End');
      await page.keyboard.type(' Members are named by the social partners.', { delay: 10 });
      const earlier = page.locator(`${marker(target.id)}[data-disputed-earlier="true"]`);
      await earlier.waitFor();
      expect(await earlier.getAttribute('data-status')).toBe('unreviewed');
      expect(await earlier.getAttribute('aria-description')).toContain('Disputed on an earlier wording by one commissioner');
      // The count renders after the gutter marks (above): poll it, do not read it once.
      await expect.poll(() => disputedCount.innerText()).toBe('1');
      await page.getByTestId('disputed-earlier-count').waitFor();
      // The filter still finds it.
      await page.click('[data-testid="filter-disputed"]');
      await page.locator(`${marker(target.id)}:not(.cg-block--dim)`).waitFor();
      await page.click('[data-testid="filter-disputed"]');

      // Tom looks again and agrees with the new wording: it leaves "Disputed".
      await waitForSaveState(page, 'saved');
      const reworded = await blockOf('A sector-wide minimum rate');
      expect(reworded.text).toContain('social partners');
      const agreed = await api(server, tom.cookie, 'PUT', `/api/docs/${docId}/blocks/${target.id}/vote`, {
        stance: 'agree',
        fingerprint: reworded.fingerprint,
      });
      expect(agreed.status).toBe(200);
      await page.locator(`${marker(target.id)}[data-disputed-earlier="false"][data-status="in_review"]`).waitFor();
      await page.locator('[data-testid="filter-disputed"] .cg-filter__count', { hasText: /^0$/ }).waitFor();
      await expect.poll(() => page.getByTestId('disputed-earlier-count').count()).toBe(0);
    },
  );
});
