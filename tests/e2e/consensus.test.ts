/**
 * Issue 4, end to end: three commissioners agree on a paragraph in three
 * browser contexts and it turns agreed for all of them and for the author; one
 * edits it and it turns stale everywhere; a dispute's reason reaches the
 * others; a vote on text that changed in flight (409) is shown and asked again;
 * the keyboard shortcut votes; the filters dim; the dashboard draws.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { newSignedInPerson, waitForConnection } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { createUser, signedInUser, TEST_PASSWORD } from '../helpers/users.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});
const { people } = suite;

const REPORT = [
  '# Report on fair work in care',
  'Care workers look after more than a million people at home and in residential settings.',
  'The commission was asked to recommend how pay, training and working time could be set fairly.',
  '> We love the work. We cannot afford to stay in it.',
  '## What we heard',
  'Over six months the commission held eleven public hearings and received 412 written submissions.',
  '- Pay is 14% below comparable public-sector roles.',
  '- Travel time between visits is often unpaid.',
  '## Recommendations',
  'A sector-wide minimum rate, negotiated every year by a standing forum.',
  '',
].join('\n\n');
const TARGET_TEXT = 'Care workers look after';
const OTHER_TEXT = 'The commission was asked';
const marker = (blockId: string) => `[data-testid="gutter-marker"][data-block-id="${blockId}"]`;
const popover = '[data-testid="block-popover"]';

async function waitForMarker(page: Page, blockId: string, attrs: Record<string, string>, timeout = 10_000): Promise<void> {
  const selector =
    marker(blockId) +
    Object.entries(attrs)
      .map(([k, v]) => `[data-${k}="${v}"]`)
      .join('');
  await page.waitForSelector(selector, { timeout });
}

/** The marker is the block's ::before, left of its box: click there, as a person would. */
async function openPopover(page: Page, blockId: string): Promise<void> {
  await page.click(marker(blockId), { position: { x: -24, y: 14 } });
  await page.waitForSelector(`${popover}[data-block-id="${blockId}"]`);
}

async function closePopover(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.waitForSelector(popover, { state: 'detached' });
}

async function agreeByClick(page: Page, blockId: string): Promise<void> {
  await openPopover(page, blockId);
  await page.click(`${popover} [data-testid="vote-agree"]`);
  await page.waitForSelector(`${popover} [data-testid="agreed-list"] >> text=You`);
  await closePopover(page);
}

describe('consensus in the browser', () => {
  it('[C7] three commissioners agree and everyone sees it agreed; an edit turns it stale everywhere; disputes, 409 and shortcuts work', async () => {
    server = await startTestServer();
    const author = await signedInUser(server, 'Amira Haddad');
    const commissioners = await Promise.all(['Inès Moreau', 'Tom Becker', 'Priya Nair'].map((name) => createUser(server!, name)));
    const imported = await fetch(`${server.url}/api/docs/import?filename=report.md&title=${encodeURIComponent('Fair work in care')}`, {
      method: 'POST',
      headers: { cookie: author.cookie },
      body: REPORT,
    });
    expect(imported.status).toBe(201);
    const docId = ((await imported.json()) as { id: string }).id;
    for (const user of commissioners) await server.services.stores.members.setMember(docId, user.id, 'commissioner');

    const path = `/d/${docId}`;
    const [ines, tom, priya, amira] = await Promise.all(
      [...commissioners, author.user].map((user) => newSignedInPerson(suite.browser, server!.url, user.email, TEST_PASSWORD, path)),
    );
    const everyone = [ines!, tom!, priya!, amira!];
    people.push(...everyone);
    // Four browsers open at once: on a loaded 2-core machine that can take longer than one's 15 s.
    await Promise.all(everyone.map((p) => waitForConnection(p.page, 'connected', 30_000)));
    const TARGET = (await ines!.page.locator('p', { hasText: TARGET_TEXT }).getAttribute('data-id'))!;
    const OTHER = (await ines!.page.locator('p', { hasText: OTHER_TEXT }).getAttribute('data-id'))!;
    expect(TARGET && OTHER && TARGET !== OTHER).toBeTruthy();
    await Promise.all(everyone.map((p) => waitForMarker(p.page, TARGET, { status: 'unreviewed', stale: 'false' })));
    // A newcomer sees the legend without asking for it.
    await ines!.page.waitForSelector('[data-testid="legend-first-time"]');

    // --- three agreements, seen by all four ------------------------------------------
    await agreeByClick(ines!.page, TARGET);
    await Promise.all(everyone.map((p) => waitForMarker(p.page, TARGET, { status: 'in_review', agree: '1' })));
    await agreeByClick(tom!.page, TARGET);
    await agreeByClick(priya!.page, TARGET);
    await Promise.all(everyone.map((p) => waitForMarker(p.page, TARGET, { status: 'agreed', stale: 'false', agree: '3' })));
    await amira!.page.screenshot({ path: '/tmp/concord-e2e-consensus-agreed.png' });

    // --- Tom edits it: stale at once for him, within moments for everyone ---------------
    await tom!.page.click(`p[data-id="${TARGET}"]`);
    await tom!.page.keyboard.press('End');
    // Editing agreed text first asks (issue 16): the keystroke is held back until he chooses to edit.
    await tom!.page.keyboard.type(' ');
    await tom!.page.waitForSelector('[data-testid="edit-warning"]');
    await tom!.page.click('[data-testid="edit-warning-edit"]');
    await tom!.page.click(`p[data-id="${TARGET}"]`);
    await tom!.page.keyboard.press('End');
    await tom!.page.keyboard.type('Edited.', { delay: 10 });
    // His own gutter reads stale from the local document, before any server round trip.
    await waitForMarker(tom!.page, TARGET, { status: 'unreviewed', stale: 'true' }, 1_000);
    await Promise.all(everyone.map((p) => waitForMarker(p.page, TARGET, { status: 'unreviewed', stale: 'true' })));

    // Inès sees exactly what changed since she agreed, and agrees again in one click.
    await openPopover(ines!.page, TARGET);
    await ines!.page.waitForSelector(`${popover} [data-testid="my-stale-vote"] [data-testid="stale-diff"] ins >> text=Edited.`);
    await ines!.page.screenshot({ path: '/tmp/concord-e2e-consensus-stale.png' });
    await ines!.page.click(`${popover} [data-testid="vote-reagree"]`);
    await Promise.all(everyone.map((p) => waitForMarker(p.page, TARGET, { status: 'in_review', stale: 'true', agree: '1' })));
    await closePopover(ines!.page);

    // Tom agrees with his own edit from the keyboard (the caret is still in the paragraph).
    await tom!.page.keyboard.press('Control+Alt+a');
    await Promise.all(everyone.map((p) => waitForMarker(p.page, TARGET, { status: 'in_review', agree: '2' })));

    // --- a dispute with a reason, visible to the others ----------------------------------
    const reason = 'The survey had 3,000 respondents, not a census; say "surveyed".';
    await openPopover(priya!.page, OTHER);
    await priya!.page.click(`${popover} [data-testid="vote-dispute"]`);
    await priya!.page.fill(`${popover} [data-testid="dispute-reason-input"]`, reason);
    await priya!.page.click(`${popover} [data-testid="dispute-submit"]`);
    await closePopover(priya!.page);
    await Promise.all(everyone.map((p) => waitForMarker(p.page, OTHER, { status: 'disputed', dispute: '1' })));
    await openPopover(amira!.page, OTHER);
    expect(await amira!.page.locator(`${popover} [data-testid="dispute-reason"]`).innerText()).toBe(reason);
    // The author does not vote.
    expect(await amira!.page.locator(`${popover} [data-testid="vote-agree"]`).count()).toBe(0);
    await closePopover(amira!.page);

    // --- 409: the server has other text than the voter saw; the voter is asked again -------
    let tampered = false;
    await tom!.page.route(`**/api/docs/*/blocks/${OTHER}/vote`, async (route) => {
      if (tampered || route.request().method() !== 'PUT') return route.continue();
      tampered = true;
      const body = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>;
      await route.continue({ postData: JSON.stringify({ ...body, fingerprint: '0'.repeat(64) }) });
    });
    await openPopover(tom!.page, OTHER);
    await tom!.page.click(`${popover} [data-testid="vote-agree"]`);
    await tom!.page.waitForSelector(
      `${popover} [data-testid="vote-conflict"] [data-testid="conflict-text"] >> text=The commission was asked`,
    );
    await tom!.page.screenshot({ path: '/tmp/concord-e2e-consensus-conflict.png' });
    await tom!.page.click(`${popover} [data-testid="vote-conflict-confirm"]`);
    await Promise.all(everyone.map((p) => waitForMarker(p.page, OTHER, { status: 'disputed', agree: '1', dispute: '1' })));
    await closePopover(tom!.page);

    // --- filters dim what does not match -----------------------------------------------
    await ines!.page.click('[data-testid="filter-disputed"]');
    await ines!.page.waitForSelector(`p[data-id="${TARGET}"].cg-block--dim`);
    expect(await ines!.page.locator(`p[data-id="${OTHER}"].cg-block--dim`).count()).toBe(0);
    await ines!.page.screenshot({ path: '/tmp/concord-e2e-consensus-filter.png' });
    await ines!.page.click('[data-testid="filter-disputed"]');

    // --- the dashboard --------------------------------------------------------------------
    await amira!.page.click('[data-testid="dashboard-link"]');
    await amira!.page.waitForSelector('[data-testid="coverage-grid"]');
    await amira!.page.waitForSelector('[data-testid="progress-chart"] [data-testid="chart-row"]');
    const inesId = commissioners[0]!.id;
    await amira!.page.waitForSelector(`[data-testid="coverage-total"][data-user-id="${inesId}"][data-count="1"]`);
    await amira!.page.screenshot({ path: '/tmp/concord-e2e-consensus-dashboard.png', fullPage: true });

    for (const p of everyone) expect(p.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
