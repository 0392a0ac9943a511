/**
 * Issue 16, from the synthesis page: the author reads a dispute, writes a
 * proposal straight from it, the commissioners support it (API: their votes),
 * the author adopts it from the same page, and the paragraph reads the new
 * words, agreed, in the editor — no one had to agree twice.
 */
import { describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, TEST_PASSWORD } from '../helpers/users.js';
import { editorSelector, newSignedInPerson } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { marker, setUpCommission } from './support/commission.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});

describe('proposals from the synthesis page', () => {
  // Two sign-ins, a proposal, an adoption and an editor load: 45–120 s at load 15 (the e2e default is 120 s).
  it('dispute → proposal written from it → support → adopted from the page → agreed in the editor', { timeout: 240_000 }, async () => {
    server = await startTestServer();
    const { docId, author, commissioners } = await setUpCommission(server);
    const [ines, tom] = commissioners as [(typeof commissioners)[0], (typeof commissioners)[0]];
    const consensus = await api(server, author.cookie, 'GET', `/api/docs/${docId}/consensus`);
    const target = (consensus.body.blocks as { id: string; text: string; fingerprint: string }[]).find((b) =>
      b.text.startsWith('Training should be recognised'),
    )!;
    const reason = 'The state will not pay for all of it; say who shares the cost.';
    expect(
      (
        await api(server, ines.cookie, 'PUT', `/api/docs/${docId}/blocks/${target.id}/vote`, {
          stance: 'dispute',
          fingerprint: target.fingerprint,
          reason,
        })
      ).status,
    ).toBe(200);

    const amira = await newSignedInPerson(suite.browser, server.url, author.user.email, TEST_PASSWORD, `/d/${docId}/synthesis`);
    suite.people.push(amira);
    const { page } = amira;
    const card = page.locator(`[data-testid="synthesis-block"][data-block-id="${target.id}"]`);
    await card.getByTestId('synthesis-dispute').getByText(reason).waitFor();

    // Written from the dispute: the current text to rework, a reason.
    await card.getByTestId('synthesis-propose').click();
    const box = card.getByTestId('synthesis-propose-text');
    expect(await box.inputValue()).toBe(target.text);
    const wording = 'Training should be recognised across employers and paid for jointly by the state and employers.';
    await box.fill(wording);
    await card.getByTestId('synthesis-propose-rationale').fill('Answers the dispute on who pays.');
    await card.getByTestId('synthesis-propose-send').click();
    const proposal = card.getByTestId('synthesis-proposal');
    await proposal.waitFor();
    expect(await proposal.innerText()).toContain('Answers the dispute on who pays.');
    // Not supported yet: only a deliberate adoption without agreement is offered.
    expect(await proposal.getByTestId('synthesis-adopt').count()).toBe(0);
    await proposal.getByTestId('synthesis-adopt-force').waitFor();

    // Both commissioners support it.
    const pid = (await proposal.getAttribute('data-proposal-id'))!;
    for (const who of [ines, tom])
      expect((await api(server, who.cookie, 'PUT', `/api/docs/${docId}/proposals/${pid}/vote`, { stance: 'support' })).status).toBe(200);

    // The page shows it meets the rule (it refreshes on focus and on a timer; reload to be quick).
    await page.reload();
    // At load 15 the card once stayed past the locator default (30 s): the adoption takes a checkpoint and
    // waits until the new text is durable, then the page reloads the synthesis and renders it. The test
    // waits for each state in turn, with budgets for a loaded machine: the adoption's answer, then the page.
    const adoption = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/proposals/${pid}/adopt`), {
      timeout: 90_000,
    });
    await card.getByTestId('synthesis-adopt').click();
    const answer = await adoption;
    expect(answer.status(), `adoption refused: ${await answer.text()}`).toBe(200);
    // Then the page reloads the synthesis (one request and a render), where the block is agreed, so no longer listed.
    await card.waitFor({ state: 'detached', timeout: 60_000 });

    // In the editor: the new words, agreed.
    await page.goto(`${server.url}/d/${docId}`);
    await page.locator(`${editorSelector} p`, { hasText: 'paid for jointly' }).waitFor();
    await page.waitForSelector(`${marker(target.id)}[data-status="agreed"]`);
    expect(amira.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
