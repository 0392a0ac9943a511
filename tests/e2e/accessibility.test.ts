/**
 * Issue 14, accessibility: axe-core finds no serious or critical violation,
 * and no heading-order or landmark one, on any page — sign-in, document list,
 * editor as commissioner, author, publisher and observer (and with the vote popover, the
 * mention list, the notifications, the dialogs open), synthesis, coverage,
 * export, import, version history (list, compare, one version, one
 * paragraph's wordings, changes since I voted), review rounds, the consensus
 * rule with its preview, the audit log — for the roles that see them, and the
 * editor, its drawer and coverage on a phone. One browser, one server, pages
 * visited in turn.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { editorSelector, newPerson, newSignedInPerson, signIn, waitForConnection } from '../helpers/browser.js';
import { waitForSettled } from '../helpers/settled-page.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { api, TEST_PASSWORD } from '../helpers/users.js';
import { stockClient, synced } from '../helpers/yclient.js';
import { editBlock } from '../integration/support/proposal-doc.js';
import { seriousViolations } from './support/axe.js';
import { marker, popover, setUpCommission, waitForIdleViews, waitForVotesLoaded, blockIdOf } from './support/commission.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});

/** The coverage page's headline once it has counted the document's blocks (it shows 0 of 0 until then). */
const coverageCounted = '[data-testid="consensus-summary"]:not([data-total="0"])';

async function check(page: Page, name: string, found: Record<string, string[]>): Promise<void> {
  // Fonts, fetches, transitions and layout done: axe reads computed colours and what is drawn.
  const settling = Date.now();
  await waitForSettled(page);
  const started = Date.now();
  found[name] = await seriousViolations(page);
  if (process.env.AXE_LOG)
    console.log(`${name}: ${found[name].length} serious, settled in ${started - settling} ms, axe ${Date.now() - started} ms`);
}

describe('accessibility', () => {
  it('no serious, critical, heading-order or landmark axe violations on any page', { timeout: 900_000 }, async () => {
    server = await startTestServer();
    const { docId, commissioners, author, publisher, observer } = await setUpCommission(server);
    // Votes, a changed paragraph, comments, a notification and an open round, so every kind of status and panel is drawn.
    const blocks = (await api(server, author.cookie, 'GET', `/api/docs/${docId}/consensus`)).body.blocks as {
      id: string;
      text: string;
      fingerprint: string;
    }[];
    const byText = (start: string) => blocks.find((b) => b.text.startsWith(start))!;
    const [careWorkers, asked, sixMonths] = [byText('Care workers'), byText('The commission was asked'), byText('Over six months')];
    const c = commissioners[0]!;
    for (const b of [careWorkers, sixMonths])
      await api(server, c.cookie, 'PUT', `/api/docs/${docId}/blocks/${b.id}/vote`, { stance: 'agree', fingerprint: b.fingerprint });
    await api(server, c.cookie, 'PUT', `/api/docs/${docId}/blocks/${asked.id}/vote`, {
      stance: 'dispute',
      reason: 'Too vague.',
      fingerprint: asked.fingerprint,
    });
    const thread = await api(server, author.cookie, 'POST', `/api/docs/${docId}/threads`, {
      blockId: asked.id,
      quote: 'pay, training',
      text: '@Inès Moreau which part is vague?',
    });
    expect(thread.status).toBe(201);
    const threadId = (thread.body as { thread: { id: string } }).thread.id;
    expect((await api(server, c.cookie, 'POST', `/api/docs/${docId}/threads/${threadId}/replies`, { text: 'The timing.' })).status).toBe(
      201,
    );
    const round = await api(server, author.cookie, 'POST', `/api/docs/${docId}/rounds`, {
      deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      message: 'Please read the whole draft.',
    });
    expect(round.status).toBe(201);
    // The author rewrites a paragraph Inès agreed to (from another device): "changed since you voted".
    const writer = stockClient(server.url, docId, author.cookie);
    await synced(writer);
    editBlock(writer, sixMonths.id, 'Over six months the commission held twelve public hearings.');
    await expect
      .poll(
        async () =>
          ((await api(server!, author.cookie, 'GET', `/api/docs/${docId}/consensus`)).body.blocks as { id: string; text: string }[]).find(
            (b) => b.id === sixMonths.id,
          )?.text,
      )
      .toContain('twelve');
    writer.destroy();
    const found: Record<string, string[]> = {};

    const visitor = await newPerson(suite.browser, server.url);
    suite.people.push(visitor);
    await visitor.page.goto('/signin');
    await visitor.page.getByLabel('Email').waitFor();
    await check(visitor.page, 'sign-in', found);

    // A commissioner.
    const commissioner = await newPerson(suite.browser, server.url);
    suite.people.push(commissioner);
    const ines = commissioner.page;
    await signIn(ines, c.user.email, TEST_PASSWORD);
    await ines.waitForSelector('[data-testid="doc-row"]');
    await check(ines, 'document list', found);
    await ines.goto(`/d/${docId}`);
    await waitForConnection(ines, 'connected', 60_000);
    await waitForVotesLoaded(ines);
    await ines.waitForSelector('[data-testid="round-banner"]');
    await ines.waitForSelector('[data-testid="thread"]');
    await waitForIdleViews(ines);
    await check(ines, 'editor (commissioner)', found);
    const blockId = await blockIdOf(ines, 'The commission was asked');
    await ines.click(marker(blockId), { position: { x: -24, y: 12 } });
    await ines.waitForSelector(popover);
    await check(ines, 'editor with the vote popover', found);
    await ines.keyboard.press('Escape');
    await ines.waitForSelector(popover, { state: 'detached' });
    await ines.locator(`${editorSelector} p`, { hasText: 'Care workers look after' }).click();
    await ines.getByLabel('New comment on this paragraph').click();
    await ines.keyboard.type('@Am');
    await ines.waitForSelector('[data-testid="mention-option"]');
    await check(ines, 'editor with the mention list', found);
    await ines.keyboard.press('Escape');
    await ines.click('[data-testid="notification-bell"]');
    await ines.waitForSelector('[data-testid="notifications"] [data-testid="notification"]');
    await check(ines, 'notifications', found);
    await ines.keyboard.press('Escape');
    await ines.click('[data-testid="user-menu"]');
    await ines.click('[data-testid="email-settings-item"]');
    await ines.waitForSelector('[data-testid="email-settings"]');
    await check(ines, 'email settings', found);
    await ines.keyboard.press('Escape');
    await ines.waitForSelector('[data-testid="email-settings"]', { state: 'detached' });
    await ines.locator('[data-testid="outline"] li', { hasText: 'What we heard' }).getByTestId('section-signoff').click();
    await ines.waitForSelector('[data-testid="signoff-dialog"]');
    await check(ines, 'section sign-off', found);
    await ines.keyboard.press('Escape');
    await ines.waitForSelector('[data-testid="signoff-dialog"]', { state: 'detached' });
    await ines.goto(`/d/${docId}/versions?since=vote`);
    await ines.waitForSelector('[data-testid="compare-change"]');
    await check(ines, 'changes since I voted', found);

    // The author.
    const amira = await newSignedInPerson(suite.browser, server.url, author.user.email, TEST_PASSWORD, `/d/${docId}`);
    suite.people.push(amira);
    const a = amira.page;
    await waitForConnection(a, 'connected', 60_000);
    await waitForVotesLoaded(a);
    await a.click('[data-testid="show-rounds"]');
    await a.waitForSelector('[data-testid="round-progress"]');
    await waitForIdleViews(a);
    await check(a, 'editor (author) with round progress', found);
    await a.click('[data-testid="start-round-button"]');
    await a.waitForSelector('[data-testid="start-round"]');
    await check(a, 'start a review round', found);
    await a.keyboard.press('Escape');
    await a.waitForSelector('[data-testid="start-round"]', { state: 'detached' });
    await a.keyboard.press('Control+/');
    await a.waitForSelector('[data-testid="shortcut-list"]');
    await check(a, 'shortcut list', found);
    await a.keyboard.press('Escape');
    await a.click('[data-testid="legend-button"]');
    await a.waitForSelector('[data-testid="legend-dialog"]');
    await check(a, 'legend', found);
    await a.keyboard.press('Escape');
    await a.goto(`/d/${docId}/synthesis`);
    await a.waitForSelector('[data-testid="synthesis-section"], [data-testid="synthesis-empty"]');
    await check(a, 'synthesis', found);
    await a.goto(`/d/${docId}/dashboard`);
    await a.waitForSelector('[data-testid="coverage-grid"]');
    await a.waitForSelector(coverageCounted);
    await check(a, 'coverage', found);
    await a.goto(`/d/${docId}/rule`);
    await a.getByTestId('rule-preview').waitFor();
    await a.getByTestId('rule-quorum').check();
    await a.getByTestId('rule-min-agree').fill('1');
    await a.getByTestId('rule-preview-change').first().waitFor();
    await check(a, 'consensus rule with a preview', found);
    await a.goto(`/d/${docId}/audit`);
    await a.getByTestId('audit-entry').first().waitFor();
    await check(a, 'audit log', found);
    await a.goto(`/d/${docId}/versions`);
    await a.waitForSelector('[data-testid="version-item"][data-reason="import"]');
    await check(a, 'version history', found);
    await a.locator('[data-testid="version-item"][data-reason="import"] [data-testid="compare-version"]').click();
    await a.waitForSelector('[data-testid="compare-change"]');
    await check(a, 'compare versions', found);
    await a.goto(`/d/${docId}/versions`);
    await a.locator('[data-testid="version-item"][data-reason="import"] [data-testid="view-version"]').click();
    await a.waitForSelector('[data-testid="version-block"]');
    await check(a, 'one version', found);
    await a.goto(`/d/${docId}/versions?block=${encodeURIComponent(sixMonths.id)}`);
    await a.waitForSelector('[data-testid="wording"]');
    await check(a, 'one paragraph’s wordings', found);
    await a.goto('/');
    await a.getByTestId('import-draft').click();
    await a.getByTestId('import-dialog').waitFor();
    await check(a, 'import', found);
    await a.keyboard.press('Escape');

    // On a phone the side columns are drawers and wide tables scroll on their own.
    await a.setViewportSize({ width: 390, height: 844 });
    await a.goto(`/d/${docId}`);
    await waitForVotesLoaded(a);
    await waitForIdleViews(a);
    await check(a, 'editor (phone)', found);
    await a.getByTestId('open-panels').click();
    await a.waitForSelector('[data-testid="panels-column"].is-open [data-testid="consensus-panel"]');
    await check(a, 'votes and comments drawer (phone)', found);
    await a.goto(`/d/${docId}/dashboard`);
    await a.waitForSelector('[data-testid="coverage-grid"]');
    await a.waitForSelector(coverageCounted);
    await check(a, 'coverage (phone)', found);

    // The publisher: the editor (read-only for them), then the export page.
    const lena = await newSignedInPerson(suite.browser, server.url, publisher.user.email, TEST_PASSWORD, `/d/${docId}`);
    suite.people.push(lena);
    await waitForConnection(lena.page, 'connected', 60_000);
    await waitForVotesLoaded(lena.page);
    await lena.page.waitForSelector('[data-testid="thread"]');
    await waitForIdleViews(lena.page);
    await check(lena.page, 'editor (publisher)', found);
    await lena.page.goto(`/d/${docId}/export`);
    await lena.page.waitForSelector('[data-testid="export-counts"]');
    await check(lena.page, 'export', found);

    // The observer: the editor, read-only, and its legend.
    const sam = await newSignedInPerson(suite.browser, server.url, observer.user.email, TEST_PASSWORD, `/d/${docId}`);
    suite.people.push(sam);
    await waitForConnection(sam.page, 'connected', 60_000);
    await waitForVotesLoaded(sam.page);
    await sam.page.waitForSelector('[data-testid="thread"]');
    await waitForIdleViews(sam.page);
    await check(sam.page, 'editor (observer)', found);
    await sam.page.click('[data-testid="legend-button"]');
    await sam.page.waitForSelector('[data-testid="legend-dialog"]');
    await check(sam.page, 'legend (observer)', found);
    await sam.page.keyboard.press('Escape');

    const failing = Object.fromEntries(Object.entries(found).filter(([, v]) => v.length > 0));
    expect(failing).toEqual({});
  });
});
