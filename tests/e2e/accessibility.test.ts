/**
 * Issue 14, accessibility: axe-core finds no serious or critical violation on
 * any page — sign-in, document list, editor (and with the vote popover open),
 * synthesis, coverage, export, import — for the roles that see them.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { newPerson, newSignedInPerson, signIn, waitForConnection } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { api, TEST_PASSWORD } from '../helpers/users.js';
import { seriousViolations } from './support/axe.js';
import { marker, popover, setUpCommission, waitForVotesLoaded, blockIdOf } from './support/commission.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});

async function check(page: Page, name: string, found: Record<string, string[]>): Promise<void> {
  // Let transitions and late renders settle: axe reads computed colours.
  await page.waitForTimeout(300);
  const started = Date.now();
  found[name] = await seriousViolations(page);
  if (process.env.AXE_LOG) console.log(`${name}: ${found[name].length} serious, ${Date.now() - started} ms`);
}

describe('accessibility', () => {
  it('no serious or critical axe violations on any page', { timeout: 240_000 }, async () => {
    server = await startTestServer();
    const { docId, commissioners, author, publisher } = await setUpCommission(server);
    // Some votes, so statuses of every kind are drawn.
    const blocks = (await api(server, author.cookie, 'GET', `/api/docs/${docId}/consensus`)).body.blocks as {
      id: string;
      fingerprint: string;
    }[];
    const c = commissioners[0]!;
    await api(server, c.cookie, 'PUT', `/api/docs/${docId}/blocks/${blocks[1]!.id}/vote`, {
      stance: 'agree',
      fingerprint: blocks[1]!.fingerprint,
    });
    await api(server, c.cookie, 'PUT', `/api/docs/${docId}/blocks/${blocks[2]!.id}/vote`, {
      stance: 'dispute',
      reason: 'Too vague.',
      fingerprint: blocks[2]!.fingerprint,
    });
    const found: Record<string, string[]> = {};

    const visitor = await newPerson(suite.browser, server.url);
    suite.people.push(visitor);
    await visitor.page.goto('/signin');
    await visitor.page.getByLabel('Email').waitFor();
    await check(visitor.page, 'sign-in', found);

    const commissioner = await newPerson(suite.browser, server.url);
    suite.people.push(commissioner);
    await signIn(commissioner.page, c.user.email, TEST_PASSWORD);
    await commissioner.page.waitForSelector('[data-testid="doc-row"]');
    await check(commissioner.page, 'document list', found);
    await commissioner.page.goto(`/d/${docId}`);
    await waitForConnection(commissioner.page, 'connected');
    await waitForVotesLoaded(commissioner.page);
    await check(commissioner.page, 'editor (commissioner)', found);
    const blockId = await blockIdOf(commissioner.page, 'The commission was asked');
    await commissioner.page.click(marker(blockId), { position: { x: -24, y: 12 } });
    await commissioner.page.waitForSelector(popover);
    await check(commissioner.page, 'editor with the vote popover', found);
    await commissioner.page.keyboard.press('Escape');

    const amira = await newSignedInPerson(suite.browser, server.url, author.user.email, TEST_PASSWORD, `/d/${docId}`);
    suite.people.push(amira);
    await waitForConnection(amira.page, 'connected');
    await waitForVotesLoaded(amira.page);
    await check(amira.page, 'editor (author)', found);
    await amira.page.goto(`/d/${docId}/synthesis`);
    await amira.page.waitForSelector('[data-testid="synthesis-section"], [data-testid="synthesis-empty"]');
    await check(amira.page, 'synthesis', found);
    await amira.page.goto(`/d/${docId}/dashboard`);
    await amira.page.waitForSelector('[data-testid="coverage-grid"]');
    await check(amira.page, 'coverage', found);
    await amira.page.goto('/');
    await amira.page.getByTestId('import-draft').click();
    await amira.page.getByTestId('import-dialog').waitFor();
    await check(amira.page, 'import', found);

    const lena = await newSignedInPerson(suite.browser, server.url, publisher.user.email, TEST_PASSWORD, `/d/${docId}/export`);
    suite.people.push(lena);
    await lena.page.waitForSelector('[data-testid="export-counts"]');
    await check(lena.page, 'export', found);

    const failing = Object.fromEntries(Object.entries(found).filter(([, v]) => v.length > 0));
    expect(failing).toEqual({});
  });
});
