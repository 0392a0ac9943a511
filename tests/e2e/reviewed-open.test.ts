/**
 * Issue 11, opening a reviewed report: the editor opens with the votes in compact
 * form (GET …/consensus/summary, not the full consensus) and still draws every
 * status in the gutter; a block's popover then fetches that block's votes in full
 * and shows who disputed and why, when each voted, and what changed since a vote
 * cast on an earlier wording.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { newSignedInPerson } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { api, TEST_PASSWORD } from '../helpers/users.js';
import { marker, popover, setUpCommission, waitForVotesLoaded } from './support/commission.js';

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

const REASON = 'Who sits on the forum, and who appoints them?';
const EARLIER_WORDS = 'A minimum rate for the sector, set every year.';

/** The marker is the block's ::before, left of its box: click there, as a person would. */
async function openPopover(page: Page, blockId: string): Promise<void> {
  await page.click(marker(blockId), { position: { x: -24, y: 14 } });
  await page.waitForSelector(`${popover}[data-block-id="${blockId}"]`);
}

describe('opening a reviewed report (issue 11)', () => {
  it('draws every status from the compact votes, and a popover shows reasons, times and what changed', { timeout: 180_000 }, async () => {
    server = await startTestServer();
    const { docId, author, commissioners } = await setUpCommission(server, {
      commissionerNames: ['Inès Moreau', 'Tom Becker', 'Priya Shah'],
    });
    const [ines, tom] = commissioners as [(typeof commissioners)[0], (typeof commissioners)[0]];
    const blocks = (await api(server, author.cookie, 'GET', `/api/docs/${docId}/consensus`)).body.blocks as Block[];
    const disputed = blocks.find((b) => b.text.startsWith('A sector-wide minimum rate'))!;
    const reworded = blocks.find((b) => b.text.startsWith('Training should be recognised'))!;
    // Everyone agrees with everything, except Tom, who disputes one paragraph…
    for (const c of commissioners) {
      const votes = blocks.map((b) =>
        c === tom && b === disputed
          ? { blockId: b.id, stance: 'dispute' as const, reason: REASON, fingerprint: b.fingerprint }
          : { blockId: b.id, stance: 'agree' as const, fingerprint: b.fingerprint },
      );
      expect((await api(server, c.cookie, 'POST', `/api/docs/${docId}/votes`, { votes })).status).toBe(200);
    }
    // …and Inès, whose vote on another is on an earlier wording of it (as after an edit).
    await server.services.stores.consensus.putVote({
      docId,
      blockId: reworded.id,
      userId: ines.user.id,
      stance: 'agree',
      reason: null,
      fingerprint: 'ab'.repeat(32),
      text: EARLIER_WORDS,
      at: new Date().toISOString(),
    });

    const person = await newSignedInPerson(suite.browser, server.url, ines.user.email, TEST_PASSWORD, '/');
    suite.people.push(person);
    const { page } = person;
    const asked: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith(`/api/docs/${docId}/`)) asked.push(path);
    });
    await page.goto(`${server.url}/d/${docId}`);
    await waitForVotesLoaded(page);

    // The gutter: agreed, disputed, and stale for the block Inès voted on in other words.
    await page.locator(`${marker(disputed.id)}[data-status="disputed"]`).waitFor();
    await page.locator(`${marker(reworded.id)}[data-status="in_review"][data-stale="true"]`).waitFor();
    const agreed = blocks.find((b) => b !== disputed && b !== reworded)!;
    await page.locator(`${marker(agreed.id)}[data-status="agreed"]`).waitFor();
    expect(asked).toContain(`/api/docs/${docId}/consensus/summary`);
    expect(asked).not.toContain(`/api/docs/${docId}/consensus`);
    expect(asked.filter((p) => p.endsWith('/votes'))).toEqual([]);

    // Tom's dispute, with his reason and when he voted: fetched for this block when its popover opens.
    await openPopover(page, disputed.id);
    await page.locator(`${popover} [data-testid="disputed-list"] [data-testid="dispute-reason"]`, { hasText: REASON }).waitFor();
    const tomsVote = page.locator(`${popover} [data-testid="disputed-list"] .cg-vote[data-user-id="${tom.user.id}"]`);
    expect(await tomsVote.locator('.cg-vote__who').innerText()).toBe('Tom Becker');
    expect((await tomsVote.locator('.cg-vote__when').innerText()).length).toBeGreaterThan(0);
    expect(await page.locator(`${popover} [data-testid="agreed-list"] .cg-vote`).count()).toBe(2);
    expect(await page.locator(`${popover} [data-testid="vote-details-loading"]`).count()).toBe(0);
    expect(asked.filter((p) => p.endsWith('/votes'))).toEqual([`/api/docs/${docId}/blocks/${encodeURIComponent(disputed.id)}/votes`]);
    await page.keyboard.press('Escape');
    await page.waitForSelector(popover, { state: 'detached' });

    // Inès's own vote on the earlier wording: what changed since, word by word.
    await openPopover(page, reworded.id);
    const diff = page.locator(`${popover} [data-testid="my-stale-vote"] [data-testid="stale-diff"]`);
    await diff.locator('del', { hasText: 'every' }).waitFor();
    expect(await diff.locator('del').allInnerTexts()).toEqual(EARLIER_WORDS.replace(/\.$/, '').split(' '));
    expect(await diff.locator('ins').first().innerText()).toBe('Training');
  });
});
