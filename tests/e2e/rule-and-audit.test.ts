/**
 * Issue 14 #15 in the browser: the author changes the consensus rule on its
 * own screen, seeing first how statuses would change (the preview must match
 * what the server then computes); the author and a publisher read the audit
 * log with filters (who, what, when, which block); a commissioner may do
 * neither. Axe: no serious or critical violations on either screen.
 */
import { describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { newSignedInPerson, waitForConnection } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { api, TEST_PASSWORD } from '../helpers/users.js';
import { setUpCommission, waitForVotesLoaded } from './support/commission.js';
import { seriousViolations } from './support/axe.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});

interface Block {
  id: string;
  text: string;
  fingerprint: string;
  status: string;
}

describe('consensus rule and audit log screens (issue 14 #15)', () => {
  it(
    'the author previews and sets a quorum; author and publisher filter the audit log; a commissioner may do neither',
    { timeout: 240_000 },
    async () => {
      server = await startTestServer();
      const { docId, author, commissioners, publisher } = await setUpCommission(server);
      const [ines, tom] = commissioners as [(typeof commissioners)[0], (typeof commissioners)[0]];
      const blocks = (await api(server, ines.cookie, 'GET', `/api/docs/${docId}/consensus`)).body.blocks as Block[];
      const [first, second, third] = blocks as [Block, Block, Block];
      const vote = async (who: typeof ines, b: Block, stance: 'agree' | 'dispute', reason?: string) =>
        expect(
          (
            await api(server!, who.cookie, 'PUT', `/api/docs/${docId}/blocks/${b.id}/vote`, {
              stance,
              fingerprint: b.fingerprint,
              ...(reason ? { reason } : {}),
            })
          ).status,
        ).toBe(200);
      // Ines agrees with three blocks, Tom with one and disputes another: under unanimity one block is agreed.
      await vote(ines, first, 'agree');
      await vote(ines, second, 'agree');
      await vote(ines, third, 'agree');
      await vote(tom, first, 'agree');
      await vote(tom, third, 'dispute', 'Cite the source.');

      // The author opens the rule screen from the consensus panel.
      const amira = await newSignedInPerson(suite.browser, server.url, author.user.email, TEST_PASSWORD, `/d/${docId}`);
      suite.people.push(amira);
      const page = amira.page;
      await waitForConnection(page, 'connected');
      await waitForVotesLoaded(page);
      await page.getByTestId('rule-link').click();
      await page.waitForURL((url) => url.pathname === `/d/${docId}/rule`);
      await page.getByTestId('rule-preview').waitFor();
      expect(await page.getByTestId('rule-current').innerText()).toContain('Unanimous');
      expect(await page.getByTestId('rule-save').isDisabled()).toBe(true);

      // Quorum 1 agree, 0 disputes: the second block (Ines only) becomes agreed; the disputed one stays disputed.
      await page.getByTestId('rule-quorum').check();
      await page.getByTestId('rule-min-agree').fill('1');
      await page.getByTestId('rule-max-dispute').fill('0');
      await page.locator('[data-testid="rule-preview-summary"]', { hasText: '1 block would change status' }).waitFor();
      const agreedRow = page.getByTestId('rule-preview-agreed');
      expect(await agreedRow.getAttribute('data-now')).toBe('1');
      expect(await agreedRow.getAttribute('data-then')).toBe('2');
      expect(await page.getByTestId('rule-preview-change').getAttribute('data-block-id')).toBe(second.id);
      // Allowing one dispute would also let the third block through.
      await page.getByTestId('rule-max-dispute').fill('1');
      await page.locator('[data-testid="rule-preview-summary"]', { hasText: '2 blocks would change status' }).waitFor();
      expect(await agreedRow.getAttribute('data-then')).toBe('3');
      // More agreements than there are commissioners: said before saving.
      await page.getByTestId('rule-min-agree').fill('5');
      await page.getByTestId('rule-unreachable').waitFor();
      await page.getByTestId('rule-min-agree').fill('1');
      await page.getByTestId('rule-max-dispute').fill('0');
      expect(await seriousViolations(page), 'rule screen').toEqual([]);
      await page.getByTestId('rule-save').click();
      await page.getByTestId('rule-saved').waitFor();
      const after = (await api(server, ines.cookie, 'GET', `/api/docs/${docId}/consensus`)).body;
      expect(after.rule).toEqual({ kind: 'quorum', minAgree: 1, maxDispute: 0 });
      // The preview said what the server now computes.
      expect((after.blocks as Block[]).filter((b) => b.status === 'agreed').map((b) => b.id)).toEqual([first.id, second.id]);

      // The audit log: every entry (the import's doc.created and the author's member.added, then
      // the six of this test), then filtered by who, what, which block, when.
      await page.goto(`/d/${docId}/audit`);
      await page.locator('[data-testid="audit-count"][data-count="8"]').waitFor();
      expect(await page.getByTestId('audit-entry').first().getAttribute('data-action')).toBe('rule.changed');
      await page.getByTestId('audit-who').selectOption({ label: 'Tom Becker' });
      await page.locator('[data-testid="audit-count"][data-count="2"]').waitFor();
      expect(await page.getByTestId('audit-entry').first().innerText()).toContain('disputed: “Cite the source.”');
      await page.getByTestId('audit-clear').click();
      await page.getByTestId('audit-what').selectOption('rule');
      await page.locator('[data-testid="audit-count"][data-count="1"]').waitFor();
      await page.getByTestId('audit-what').selectOption('votes');
      await page.getByTestId('audit-block').fill(third.text.slice(0, 20));
      await page.locator('[data-testid="audit-count"][data-count="2"]').waitFor();
      await page.getByTestId('audit-block').fill('');
      await page.getByTestId('audit-to').fill('2000-01-01');
      await page.locator('[data-testid="audit-count"][data-count="0"]').waitFor();
      await page.getByTestId('audit-clear').click();
      await page.locator('[data-testid="audit-count"][data-count="8"]').waitFor();
      expect(await seriousViolations(page), 'audit log').toEqual([]);

      // A publisher reads the log (link in the panel) but has no rule link; a commissioner gets neither.
      const lena = await newSignedInPerson(suite.browser, server.url, publisher.user.email, TEST_PASSWORD, `/d/${docId}`);
      suite.people.push(lena);
      await waitForVotesLoaded(lena.page);
      expect(await lena.page.getByTestId('rule-link').count()).toBe(0);
      await lena.page.getByTestId('audit-link').click();
      await lena.page.locator('[data-testid="audit-count"][data-count="8"]').waitFor();
      await lena.page.goto(`/d/${docId}/rule`);
      await lena.page.getByTestId('rule-current').waitFor();
      expect(await lena.page.getByTestId('rule-save').count()).toBe(0);

      const tomPage = await newSignedInPerson(suite.browser, server.url, tom.user.email, TEST_PASSWORD, `/d/${docId}`);
      suite.people.push(tomPage);
      await waitForVotesLoaded(tomPage.page);
      expect(await tomPage.page.getByTestId('audit-link').count()).toBe(0);
      await tomPage.page.goto(`/d/${docId}/audit`);
      await tomPage.page.getByTestId('audit-forbidden').waitFor();
    },
  );
});
