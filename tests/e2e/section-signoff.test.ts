/**
 * Issue 14 #13 in the browser: the document list says how many blocks wait for
 * my review; from the outline a commissioner signs off a whole section, seeing
 * first how many blocks and which they already agree with or dispute; a block
 * changed on the server in the meantime fails the whole sign-off, nothing recorded.
 */
import { describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { newSignedInPerson, waitForConnection } from '../helpers/browser.js';
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

describe('sign-off by section', () => {
  it('[#13] from the outline, all or nothing, with the document list counting what is left', async () => {
    server = await startTestServer();
    const { docId, commissioners } = await setUpCommission(server);
    const ines = commissioners[0]!;
    const blocks = (await api(server, ines.cookie, 'GET', `/api/docs/${docId}/consensus`)).body.blocks as Block[];
    expect(blocks).toHaveLength(10);
    const byText = (t: string) => blocks.find((b) => b.text.startsWith(t))!;
    const vote = (b: Block, stance: string, reason?: string) =>
      api(server!, ines.cookie, 'PUT', `/api/docs/${docId}/blocks/${b.id}/vote`, {
        stance,
        fingerprint: b.fingerprint,
        ...(reason ? { reason } : {}),
      });
    expect((await vote(byText('Over six months'), 'agree')).status).toBe(200);
    expect((await vote(byText('Travel time'), 'dispute', 'Say how often.')).status).toBe(200);

    const person = await newSignedInPerson(suite.browser, server.url, ines.user.email, TEST_PASSWORD, '/');
    suite.people.push(person);
    const { page } = person;
    await page.waitForSelector(`[data-testid="doc-row"][data-doc-id="${docId}"] [data-testid="needs-my-review"][data-count="8"]`);
    await page.click(`[data-testid="doc-row"][data-doc-id="${docId}"] a`);
    await waitForConnection(page, 'connected');
    await waitForVotesLoaded(page);

    // Nothing in the outline clips its content (a long heading wraps, the progress bar is rounded
    // without a clip): each clip splits the outline's paint into chunks, which Chromium layerizes again
    // in every keystroke's frame, ~1 ms a key with a 150-page report's outline (BENCHMARKS.md
    // "Round 14 (client: frame)").
    await page.waitForSelector('[data-testid="outline"] [data-testid="section-progress"]');
    const clipping = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[data-testid="outline"] *'), (el) => {
        const style = getComputedStyle(el);
        return style.overflowX === 'visible' && style.overflowY === 'visible' ? null : `${el.tagName} ${el.className}`;
      }).filter((found) => found !== null),
    );
    expect(clipping).toEqual([]);
    // And the outline paints after the document (a positive z-index on the sticky column): painted
    // before it, Chromium checked every paint chunk of the document against the outline's own layer in
    // every keystroke's frame, ~0.4–0.5 ms a key (BENCHMARKS.md "Round 15 (client: paint layers)").
    const outlineOrder = await page.evaluate(() => {
      const style = getComputedStyle(document.querySelector('.workspace__outline')!);
      return { position: style.position, zIndex: style.zIndex };
    });
    expect(outlineOrder).toEqual({ position: 'sticky', zIndex: '1' });

    // A first attempt meets a paragraph changed on the server: the whole request fails, nothing recorded.
    let tampered = false;
    await page.route('**/api/docs/*/votes', async (route) => {
      if (tampered) return route.continue();
      tampered = true;
      const body = JSON.parse(route.request().postData() ?? '{}') as { votes: { fingerprint: string }[] };
      body.votes[0]!.fingerprint = '0'.repeat(64);
      await route.continue({ postData: JSON.stringify(body) });
    });
    const signOff = page.locator('[data-testid="outline"] li', { hasText: 'What we heard' }).getByTestId('section-signoff');
    await signOff.click();
    const dialog = page.getByTestId('signoff-dialog');
    expect(await dialog.getByTestId('signoff-summary').innerText()).toBe(
      'This section has 4 blocks. You already agree with 1, dispute 1 and have not voted on 2 as they read now.',
    );
    expect(await dialog.getByTestId('signoff-disputed').innerText()).toContain('Travel time between visits');
    await dialog.getByTestId('signoff-confirm').click();
    await dialog.getByTestId('signoff-conflict').waitFor();
    expect((await server.services.stores.consensus.listVotes(docId)).length).toBe(2);

    // Again: two blocks agreed in one request; the dispute is left alone.
    expect(await dialog.getByTestId('signoff-confirm').innerText()).toBe('Agree with 2 blocks');
    await dialog.getByTestId('signoff-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    for (const t of ['What we heard', 'Pay is 14%']) await page.waitForSelector(`${marker(byText(t).id)}[data-agree="1"]`);
    await page.waitForSelector(`${marker(byText('Travel time').id)}[data-status="disputed"]`);
    const votes = await server.services.stores.consensus.listVotes(docId);
    expect(votes.filter((v) => v.stance === 'agree')).toHaveLength(3);
    expect(votes.filter((v) => v.stance === 'dispute')).toHaveLength(1);
    const log = await server.services.stores.consensus.listAudit(docId);
    expect(log.filter((e) => e.action === 'vote.batch')).toHaveLength(1);

    await page.goto('/');
    await page.waitForSelector(`[data-testid="doc-row"][data-doc-id="${docId}"] [data-testid="needs-my-review"][data-count="6"]`);
  });
});
