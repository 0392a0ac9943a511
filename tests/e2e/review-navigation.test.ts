/**
 * Issue 14 #11: "Next to review" and the status filters show where they went —
 * the paragraph scrolls into view, is marked for a moment (`block-revealed`,
 * without animation for people who ask for reduced motion) and the live notice
 * says which one it is — and clicking in the text does not move the panels in
 * the right-hand column.
 *
 * The mark and the notice are short-lived, so the page records them as they
 * appear (a MutationObserver) and the tests wait for those records and for the
 * scroll to settle, never for a moment in time.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { editorSelector, newSignedInPerson, waitForConnection } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { api, TEST_PASSWORD } from '../helpers/users.js';
import { blockIdOf, setUpCommission, waitForVotesLoaded, type Commission } from './support/commission.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});

/** Longer than a window: most paragraphs start off screen. */
const LONG_REPORT = [
  '# A long report',
  ...Array.from(
    { length: 40 },
    (_, i) => `Paragraph ${i + 1} of the long report, with enough words to run onto a second line in the editor at most widths.`,
  ),
  '',
].join('\n\n');

interface Consensus {
  id: string;
  text: string;
  fingerprint: string;
}

/** Inès agrees with the heading and paragraphs 1–9; Tom disputes paragraph 35. */
async function longReport(srv: TestServer): Promise<Commission & { blocks: Consensus[] }> {
  const commission = await setUpCommission(srv, { markdown: LONG_REPORT });
  const { docId, author, commissioners } = commission;
  const blocks = (await api(srv, author.cookie, 'GET', `/api/docs/${docId}/consensus`)).body.blocks as Consensus[];
  for (const b of blocks.slice(0, 10)) {
    const res = await api(srv, commissioners[0]!.cookie, 'PUT', `/api/docs/${docId}/blocks/${b.id}/vote`, {
      stance: 'agree',
      fingerprint: b.fingerprint,
    });
    expect(res.status).toBe(200);
  }
  const disputed = blocks.find((b) => b.text.startsWith('Paragraph 35 '))!;
  const res = await api(srv, commissioners[1]!.cookie, 'PUT', `/api/docs/${docId}/blocks/${disputed.id}/vote`, {
    stance: 'dispute',
    reason: 'Not what we heard.',
    fingerprint: disputed.fingerprint,
  });
  expect(res.status).toBe(200);
  return { ...commission, blocks };
}

async function openAsInes(commission: Commission, reducedMotion: 'reduce' | 'no-preference' = 'no-preference'): Promise<Page> {
  const ines = await newSignedInPerson(
    suite.browser,
    server!.url,
    commission.commissioners[0]!.user.email,
    TEST_PASSWORD,
    `/d/${commission.docId}`,
  );
  suite.people.push(ines);
  await ines.page.setViewportSize({ width: 1400, height: 900 });
  await ines.page.emulateMedia({ reducedMotion });
  await waitForConnection(ines.page, 'connected', 60_000);
  await waitForVotesLoaded(ines.page);
  return ines.page;
}

interface Seen {
  revealed: { id: string | null; animation: string }[];
  notices: string[];
}

/** From now on, the page writes down every paragraph marked `block-revealed` and every notice shown. */
async function recordReveals(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: Seen = { revealed: [], notices: [] };
    (window as unknown as { __seen: Seen }).__seen = seen;
    const look = () => {
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('.block-revealed'))) {
        const id = el.getAttribute('data-id');
        if (!seen.revealed.some((r) => r.id === id)) seen.revealed.push({ id, animation: getComputedStyle(el).animationName });
      }
      const notice = document.querySelector('[data-testid="consensus-notice"]')?.textContent;
      if (notice && seen.notices.at(-1) !== notice) seen.notices.push(notice);
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
  });
}

const seen = (page: Page) => page.evaluate(() => (window as unknown as { __seen: Seen }).__seen);

/** Waits until the block is wholly on screen below the sticky header and toolbar, and has been marked. */
async function waitUntilRevealed(page: Page, blockId: string): Promise<void> {
  await page.waitForFunction(
    (id) => {
      const el = document.querySelector(`[data-testid="editor"] [data-id="${id}"]`);
      if (!el) return false;
      const top = Math.max(0, ...Array.from(document.querySelectorAll('.app-header, .doc-tools'), (e) => e.getBoundingClientRect().bottom));
      const r = el.getBoundingClientRect();
      const inView = r.top >= top - 1 && r.bottom <= window.innerHeight + 1;
      return inView && (window as unknown as { __seen: Seen }).__seen.revealed.some((x) => x.id === id);
    },
    blockId,
    { timeout: 30_000 },
  );
}

const waitForNotice = (page: Page, text: string) =>
  page.waitForFunction((t) => (window as unknown as { __seen: Seen }).__seen.notices.some((n) => n.includes(t)), text, { timeout: 30_000 });

/** Where every panel (and the main landmarks inside them) sits in the right-hand column. */
function columnBoxes(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const column = document.querySelector('[data-testid="panels-column"]')!;
    const out: Record<string, string> = {};
    const box = (name: string, el: Element | null) => {
      if (!el) return;
      const r = el.getBoundingClientRect();
      out[name] = `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}`;
    };
    box('column', column);
    for (const section of Array.from(column.querySelectorAll('.side-panel'))) box(section.getAttribute('data-testid') ?? '?', section);
    for (const id of ['cursor-vote', 'consensus-filters', 'next-needing-review', 'new-thread-form'])
      box(id, column.querySelector(`[data-testid="${id}"]`));
    out.scrollTop = String(column.scrollTop);
    return out;
  });
}

describe('where the editor takes you', () => {
  it('[#11] “Next to review” scrolls to the paragraph, marks it and says which one it is', { timeout: 180_000 }, async () => {
    server = await startTestServer();
    const commission = await longReport(server);
    const page = await openAsInes(commission);
    const tenth = await blockIdOf(page, 'Paragraph 10 of');
    const eleventh = await blockIdOf(page, 'Paragraph 11 of');
    // The caret at the start of the document, the window at the top.
    await page.locator(`${editorSelector} h1`).click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await recordReveals(page);

    await page.getByTestId('next-needing-review').click();
    await waitUntilRevealed(page, tenth);
    await waitForNotice(page, 'Next to review: “Paragraph 10 of the long report');
    const first = await seen(page);
    expect(first.revealed.find((r) => r.id === tenth)?.animation).toBe('cg-revealed');
    expect(first.notices.find((n) => n.startsWith('Next to review'))).toContain('31 left for you to review');
    // The caret went there too: the card at the cursor shows that paragraph.
    await page.waitForSelector(`[data-testid="cursor-vote"][data-block-id="${tenth}"]`);

    // Again, from the keyboard: the next one along.
    await page.keyboard.press('Control+Alt+n');
    await waitUntilRevealed(page, eleventh);
    await page.waitForSelector(`[data-testid="cursor-vote"][data-block-id="${eleventh}"]`);
  });

  it('[#11] with reduced motion the mark does not animate', { timeout: 180_000 }, async () => {
    server = await startTestServer();
    const commission = await longReport(server);
    const page = await openAsInes(commission, 'reduce');
    const tenth = await blockIdOf(page, 'Paragraph 10 of');
    await page.locator(`${editorSelector} h1`).click();
    await recordReveals(page);
    await page.getByTestId('next-needing-review').click();
    await waitUntilRevealed(page, tenth);
    expect((await seen(page)).revealed.find((r) => r.id === tenth)?.animation).toBe('none');
  });

  it('[#11] choosing a status filter scrolls to its first paragraph when none is on screen', { timeout: 180_000 }, async () => {
    server = await startTestServer();
    const commission = await longReport(server);
    const page = await openAsInes(commission);
    const disputed = await blockIdOf(page, 'Paragraph 35 of');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForFunction(() => window.scrollY === 0);
    await recordReveals(page);

    await page.getByTestId('filter-disputed').click();
    await waitUntilRevealed(page, disputed);
    await waitForNotice(page, 'Disputed: 1 paragraph; it is “Paragraph 35 of the long report');

    // Chosen again while that paragraph is on screen: nothing moves, the count is still said.
    await page.getByTestId('filter-disputed').click();
    await page.waitForSelector('[data-testid="filter-disputed"][aria-pressed="false"]');
    // The first mark lasts a moment: once it is gone, any new one would be this choice's.
    await page.waitForFunction(() => !document.querySelector('.block-revealed'), undefined, { timeout: 30_000 });
    await recordReveals(page);
    await page.getByTestId('filter-disputed').click();
    await waitForNotice(page, 'Disputed: 1 paragraph.');
    expect((await seen(page)).revealed).toEqual([]);

    // "Needs my review" from the top, where paragraph 10 onwards are off screen.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForFunction(() => window.scrollY === 0);
    const tenth = await blockIdOf(page, 'Paragraph 10 of');
    const onScreenAtTop = await page.evaluate(
      (id) => document.querySelector(`[data-id="${id}"]`)!.getBoundingClientRect().top < window.innerHeight,
      tenth,
    );
    expect(onScreenAtTop).toBe(false);
    await page.click('[data-testid="consensus-filters"] [data-testid="filter-mine"]');
    await waitUntilRevealed(page, tenth);
    await waitForNotice(page, 'Needs my review: 31 paragraphs; the first is “Paragraph 10 of');
  });

  it('[#11] clicking in the text does not move the panels in the right-hand column', { timeout: 180_000 }, async () => {
    server = await startTestServer();
    const commission = await longReport(server);
    const page = await openAsInes(commission);
    // Tall enough that every paragraph clicked is on screen: nothing scrolls.
    await page.setViewportSize({ width: 1400, height: 1400 });
    await page.waitForFunction(() => window.innerHeight === 1400);
    const before = await columnBoxes(page);
    // A two-line excerpt you agreed to, a one-line heading, a paragraph nobody voted on: each a different card.
    for (const text of ['Paragraph 3 of', 'A long report', 'Paragraph 12 of']) {
      const id = await blockIdOf(page, text);
      const clicked = (what: string) => (e: Error) => {
        throw new Error(`after clicking “${text}”, ${what}: ${e.message}`);
      };
      await page.locator(`${editorSelector} [data-id="${id}"]`).click();
      await page
        .waitForFunction((blockId) => {
          const node = window.getSelection()?.anchorNode;
          const el = node instanceof Element ? node : node?.parentElement;
          return el?.closest('[data-id]')?.getAttribute('data-id') === blockId;
        }, id)
        .catch(clicked('the caret'));
      await page.waitForSelector(`[data-testid="cursor-vote"][data-block-id="${id}"]`).catch(clicked('the card at the cursor'));
      await page.waitForSelector(`[data-testid="new-thread"][data-block-id="${id}"]`).catch(clicked('the new-comment box'));
      expect(await columnBoxes(page), `after clicking “${text}”`).toEqual(before);
    }
  });
});
