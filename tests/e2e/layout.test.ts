/**
 * Issue 14 #2, "Done means": the editor, synthesis and export pages at 1400,
 * 1024, 390 and 360 px wide (screenshots in /tmp/concord-e2e-layout-*.png)
 * never scroll sideways and no two header items overlap or leave the window;
 * the coverage chart's text is at least 12 px on screen at every width.
 * On a phone a commissioner reads, votes, comments and replies by touch; at
 * 1024 px the author edits with the toolbar and reaches the outline. At 1920,
 * 1440 and 1280 px and where the outline is a drawer, the vote marks left of the
 * text sit in the editor column's own margin, never over the outline or the panels.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { editorSelector, newSignedInPerson, signIn, waitForConnection, waitForText } from '../helpers/browser.js';
import { waitForSettled, waitForStill } from '../helpers/settled-page.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { api, TEST_PASSWORD } from '../helpers/users.js';
import { blockIdOf, marker, popover, setUpCommission, waitForIdleViews, waitForVotesLoaded } from './support/commission.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});

const WIDTHS = [
  { width: 1400, height: 900 },
  { width: 1024, height: 768 },
  { width: 390, height: 844 },
  { width: 360, height: 740 },
];

/**
 * Problems with the page as laid out now: sideways scroll, header items
 * overlapping or off-screen, and (on a document's other pages) no visible way
 * back to the document.
 */
function layoutProblems(docHref: string | null): string[] {
  const problems: string[] = [];
  const scroller = document.scrollingElement ?? document.documentElement;
  // Neither past the window nor past the area beside a vertical scrollbar.
  const vw = Math.min(window.innerWidth, scroller.clientWidth);
  if (scroller.scrollWidth > vw + 1) problems.push(`scrolls sideways: ${scroller.scrollWidth} > ${vw}`);
  const header = document.querySelector('.app-header');
  if (!header) return [...problems, 'no header'];
  const visible = (el: HTMLElement) => {
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && getComputedStyle(el).visibility !== 'hidden';
  };
  const name = (el: HTMLElement) => el.getAttribute('data-testid') ?? `${el.tagName.toLowerCase()}.${el.className}`;
  const overlaps = (list: HTMLElement[]) => {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!.getBoundingClientRect();
        const b = list[j]!.getBoundingClientRect();
        const overlapX = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const overlapY = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (overlapX > 1 && overlapY > 1) problems.push(`${name(list[i]!)} overlaps ${name(list[j]!)}`);
      }
    }
  };
  // The header's own children (brand, title, status, bell, user menu) side by side…
  overlaps(Array.from(header.children).filter((el): el is HTMLElement => el instanceof HTMLElement && visible(el)));
  // …and the smallest things a person reads or clicks in it.
  const items = Array.from(
    header.querySelectorAll<HTMLElement>('a, button, h1, [data-testid="status-line"], [data-testid="presence"], .role-badge'),
  ).filter((el) => visible(el) && !el.closest('[role="menu"], [role="dialog"]'));
  // Nested items (a button inside the presence list) are checked against their container's siblings only.
  const leaves = items.filter((el) => !items.some((other) => other !== el && el.contains(other)));
  for (const el of leaves) {
    const r = el.getBoundingClientRect();
    if (r.left < -1 || r.right > vw + 1)
      problems.push(`${name(el)} leaves the window (${Math.round(r.left)}–${Math.round(r.right)} of ${vw})`);
  }
  overlaps(leaves);
  if (docHref && !leaves.some((el) => el.getAttribute('href') === docHref)) problems.push(`no visible link back to ${docHref}`);
  // Drawings (the coverage chart) are not scaled down to unreadable text: at least 12 px on screen.
  for (const text of Array.from(document.querySelectorAll<SVGTextElement>('svg text'))) {
    const scale = text.getScreenCTM()?.a ?? 1;
    const px = parseFloat(getComputedStyle(text).fontSize) * scale;
    if (text.getBoundingClientRect().width > 0 && px < 12)
      problems.push(`chart text “${text.textContent?.slice(0, 20)}” is ${px.toFixed(1)} px on screen`);
    const r = text.getBoundingClientRect();
    const svg = text.ownerSVGElement!.getBoundingClientRect();
    if (r.width > 0 && (r.left < svg.left - 1 || r.right > svg.right + 1))
      problems.push(`chart text “${text.textContent?.slice(0, 20)}” is cut off (${Math.round(r.left)}–${Math.round(r.right)})`);
  }
  return problems;
}

async function checkAt(page: Page, label: string, found: Record<string, string[]>, docHref: string | null = null): Promise<void> {
  // Fonts, fetches, transitions and layout all done: what is measured is what stays.
  await waitForSettled(page);
  await page.screenshot({ path: `/tmp/concord-e2e-layout-${label}.png` });
  found[label] = await page.evaluate(layoutProblems, docHref);
}

/** The element's box lies wholly inside the window. */
async function inWindow(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((s) => {
    const el = document.querySelector(s);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.left >= -1 && r.top >= -1 && r.right <= window.innerWidth + 1 && r.bottom <= window.innerHeight + 1;
  }, selector);
}

const noSidewaysScroll = (page: Page) =>
  page.evaluate(() => {
    const s = document.scrollingElement ?? document.documentElement;
    return s.scrollWidth <= window.innerWidth;
  });

/**
 * Vote marks (each block's `::before`, consensus.css) that leave the editor column or the window,
 * or lie over the outline or the side panels. A mark's box is worked out from its block's box and
 * the pseudo-element's used right offset, width, top margin and height. Only the blocks on screen
 * are measured: the others are not laid out (content-visibility: auto, editor.css).
 */
function gutterProblems(): string[] {
  const problems: string[] = [];
  const column = document.querySelector('.workspace__doc')?.getBoundingClientRect();
  if (!column) return ['no editor column'];
  const others = Array.from(document.querySelectorAll<HTMLElement>('.workspace__outline, .workspace__panels'))
    .map((el) => ({ name: el.getAttribute('data-testid') ?? el.className, box: el.getBoundingClientRect() }))
    .filter(({ box }) => box.width > 0 && box.height > 0);
  let measured = 0;
  for (const block of Array.from(document.querySelectorAll<HTMLElement>('[data-testid="editor"] [data-testid="gutter-marker"]'))) {
    const b = block.getBoundingClientRect();
    if (b.height === 0 || b.bottom < 0 || b.top > window.innerHeight) continue;
    const mark = getComputedStyle(block, '::before');
    const right = b.right - block.clientLeft - parseFloat(mark.right);
    const left = right - parseFloat(mark.width);
    const top = b.top + block.clientTop + parseFloat(mark.marginTop);
    const bottom = top + parseFloat(mark.height);
    const label = `mark “${block.getAttribute('data-cg-face')}” of “${block.textContent?.slice(0, 20)}” (${Math.round(left)}–${Math.round(right)})`;
    if (![left, right, top, bottom].every(Number.isFinite)) {
      problems.push(`${label} has no box`);
      continue;
    }
    measured++;
    if (left < -1 || right > window.innerWidth + 1) problems.push(`${label} leaves the window`);
    if (left < column.left - 1) problems.push(`${label} leaves the editor column (${Math.round(column.left)}–${Math.round(column.right)})`);
    for (const { name, box } of others) {
      const overlapX = Math.min(right, box.right) - Math.max(left, box.left);
      const overlapY = Math.min(bottom, box.bottom) - Math.max(top, box.top);
      if (overlapX > 0 && overlapY > 0) problems.push(`${label} lies over ${name} (${Math.round(box.left)}–${Math.round(box.right)})`);
    }
  }
  if (measured === 0) problems.push('no vote marks on screen');
  return problems;
}

describe('layouts', () => {
  it(
    '[#2] editor, synthesis and export at 1400, 1024, 390 and 360 px: no sideways scroll, no overlapping header items',
    { timeout: 600_000 },
    async () => {
      server = await startTestServer();
      const { docId, author, commissioners } = await setUpCommission(server, { authorName: 'Amira Haddad (author)' });
      // A dispute with a long reason: the audit log and the synthesis page have a row to lay out.
      const blocks = (await api(server, author.cookie, 'GET', `/api/docs/${docId}/consensus`)).body.blocks as {
        id: string;
        fingerprint: string;
      }[];
      const voted = await api(server, commissioners[0]!.cookie, 'PUT', `/api/docs/${docId}/blocks/${blocks[2]!.id}/vote`, {
        stance: 'dispute',
        reason: 'The standing forum is not defined anywhere in the report; say who sits on it and who appoints them.',
        fingerprint: blocks[2]!.fingerprint,
      });
      expect(voted.status).toBe(200);
      const found: Record<string, string[]> = {};
      const amira = await newSignedInPerson(suite.browser, server.url, author.user.email, TEST_PASSWORD, `/d/${docId}`);
      const ines = await newSignedInPerson(suite.browser, server.url, commissioners[0]!.user.email, TEST_PASSWORD, `/d/${docId}`);
      suite.people.push(amira, ines);
      for (const size of WIDTHS) {
        for (const p of [amira, ines]) await p.page.setViewportSize(size);
        await amira.page.goto(`/d/${docId}`);
        await waitForConnection(amira.page, 'connected', 60_000);
        await waitForVotesLoaded(amira.page);
        await waitForIdleViews(amira.page);
        await checkAt(amira.page, `editor-author-${size.width}`, found);
        await ines.page.goto(`/d/${docId}`);
        await waitForVotesLoaded(ines.page);
        await waitForIdleViews(ines.page);
        await checkAt(ines.page, `editor-commissioner-${size.width}`, found);
        if (size.width < 1280) {
          // The outline is a drawer there: it opens, and closes with Escape.
          await ines.page.getByTestId('open-outline').click();
          await ines.page.waitForSelector('[data-testid="outline-column"].is-open [data-testid="outline"]');
          await checkAt(ines.page, `editor-outline-drawer-${size.width}`, found);
          await ines.page.keyboard.press('Escape');
          await ines.page.waitForSelector('[data-testid="outline-column"].is-open', { state: 'detached' });
        }
        if (size.width < 900) {
          // So are the votes and comments.
          await ines.page.getByTestId('open-panels').click();
          await ines.page.waitForSelector('[data-testid="panels-column"].is-open [data-testid="consensus-panel"]');
          await checkAt(ines.page, `editor-panels-drawer-${size.width}`, found);
          await ines.page.keyboard.press('Escape');
          await ines.page.waitForSelector('[data-testid="panels-column"].is-open', { state: 'detached' });
        }
        await amira.page.goto(`/d/${docId}/synthesis`);
        await amira.page.waitForSelector('[data-testid="synthesis-section"], [data-testid="synthesis-empty"]');
        await checkAt(amira.page, `synthesis-${size.width}`, found, `/d/${docId}`);
        await amira.page.goto(`/d/${docId}/export`);
        await amira.page.waitForSelector('[data-testid="export-counts"]');
        await checkAt(amira.page, `export-${size.width}`, found, `/d/${docId}`);
        // The coverage chart at every width (its text must stay readable on a phone), the other pages at two.
        await amira.page.goto(`/d/${docId}/dashboard`);
        await amira.page.waitForSelector('[data-testid="coverage-grid"]');
        await amira.page.waitForSelector('[data-testid="progress-chart"] [data-testid="chart-row"]');
        await checkAt(amira.page, `coverage-${size.width}`, found, `/d/${docId}`);
        if (size.width === 1024 || size.width === 360) {
          await amira.page.goto(`/d/${docId}/versions`);
          await amira.page.waitForSelector('[data-testid="version-item"]');
          await checkAt(amira.page, `versions-${size.width}`, found, `/d/${docId}`);
          await amira.page.goto(`/d/${docId}/rule`);
          await amira.page.getByTestId('rule-preview').waitFor();
          await checkAt(amira.page, `rule-${size.width}`, found, `/d/${docId}`);
          await amira.page.goto(`/d/${docId}/audit`);
          await amira.page.getByTestId('audit-entry').first().waitFor();
          await checkAt(amira.page, `audit-${size.width}`, found, `/d/${docId}`);
        }
      }
      const failing = Object.fromEntries(Object.entries(found).filter(([, v]) => v.length > 0));
      expect(failing).toEqual({});
    },
  );

  it('[#2] on a phone a commissioner reads, votes, comments and replies by touch', { timeout: 180_000 }, async () => {
    server = await startTestServer();
    const { docId, author, commissioners } = await setUpCommission(server);
    const blocks = (await api(server, author.cookie, 'GET', `/api/docs/${docId}/consensus`)).body.blocks as { id: string; text: string }[];
    const recommendation = blocks.find((b) => b.text.startsWith('A sector-wide minimum rate'))!;
    const asked = await api(server, author.cookie, 'POST', `/api/docs/${docId}/threads`, {
      blockId: recommendation.id,
      text: 'Is “every year” right, or every two years?',
    });
    expect(asked.status).toBe(201);

    const context = await suite.browser.newContext({
      baseURL: server.url,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    suite.people.push({ context, page, errors: [] });
    await signIn(page, commissioners[0]!.user.email, TEST_PASSWORD, `/d/${docId}`);
    await waitForConnection(page, 'connected', 60_000);
    await waitForVotesLoaded(page);

    // Reading: the text runs the width of the screen, not a sliver of it.
    const care = page.locator(`${editorSelector} p`, { hasText: 'Care workers look after' });
    const box = (await care.boundingBox())!;
    expect(box.width).toBeGreaterThan(250);
    expect(box.x + box.width).toBeLessThanOrEqual(390);

    // Agree: tap the paragraph, open "Votes & comments", tap Agree for the paragraph at the cursor.
    const careId = await blockIdOf(page, 'Care workers look after');
    await care.tap();
    await page.getByTestId('open-panels').tap();
    await page.waitForSelector(`[data-testid="panels-column"].is-open [data-testid="cursor-vote"][data-block-id="${careId}"]`);
    const agree = page.getByTestId('cursor-agree');
    const agreeBox = (await agree.boundingBox())!;
    expect(Math.min(agreeBox.width, agreeBox.height)).toBeGreaterThanOrEqual(24);
    await agree.tap();
    await page.waitForSelector(`${marker(careId)}[data-needs-me="false"]`, { state: 'attached' });
    await page.getByTestId('close-panels').tap();
    await page.waitForSelector('[data-testid="panels-column"].is-open', { state: 'detached' });

    // Dispute: tap the paragraph's mark in the margin; the sheet is wholly on screen, Send included.
    const askedId = await blockIdOf(page, 'The commission was asked');
    await page.locator(marker(askedId)).tap({ position: { x: -24, y: 12 } });
    await page.waitForSelector(`${popover}[data-block-id="${askedId}"]`);
    await page.locator(`${popover} [data-testid="vote-dispute"]`).tap();
    await page.locator(`${popover} [data-testid="dispute-reason-input"]`).fill('Say who sets the rate.');
    expect(await inWindow(page, popover)).toBe(true);
    expect(await inWindow(page, `${popover} [data-testid="dispute-submit"]`)).toBe(true);
    await page.locator(`${popover} [data-testid="dispute-submit"]`).tap();
    await page.waitForSelector(`${marker(askedId)}[data-status="disputed"]`, { state: 'attached' });
    expect(await noSidewaysScroll(page)).toBe(true);
    await page.keyboard.press('Escape');
    await page.waitForSelector(popover, { state: 'detached' });

    // Comment on a paragraph, then reply to the author's question, from the drawer.
    await page.locator(`${editorSelector} p`, { hasText: 'Training should be recognised' }).tap();
    await page.getByTestId('open-panels').tap();
    const newComment = page.locator('[data-testid="panels-column"].is-open [data-testid="new-thread-form"] [data-testid="comment-input"]');
    await newComment.tap();
    await newComment.fill('Which employers does this cover?');
    await page.locator('[data-testid="new-thread-form"] [data-testid="comment-submit"]').tap();
    await page.waitForSelector('[data-testid="thread"] >> text=Which employers does this cover?');
    const thread = page.locator('[data-testid="thread"]', { hasText: 'every two years' });
    await thread.getByTestId('thread-about').tap();
    await thread.getByTestId('reply').tap();
    const reply = thread.getByTestId('comment-input');
    await reply.fill('Every year: the forum meets yearly.');
    await thread.getByTestId('comment-submit').tap();
    // The posted reply, not the reply box, which still holds the text until the server answers.
    await thread.getByTestId('comment-text').filter({ hasText: 'Every year: the forum meets yearly.' }).waitFor();
    expect(await noSidewaysScroll(page)).toBe(true);
    await page.screenshot({ path: '/tmp/concord-e2e-layout-phone-comments.png' });
  });

  it('[#2] at 1024 px the author edits with the toolbar and reaches the outline', { timeout: 120_000 }, async () => {
    server = await startTestServer();
    const { docId, author } = await setUpCommission(server);
    const amira = await newSignedInPerson(suite.browser, server.url, author.user.email, TEST_PASSWORD, `/d/${docId}`);
    suite.people.push(amira);
    const { page } = amira;
    await page.setViewportSize({ width: 1024, height: 768 });
    await waitForConnection(page, 'connected', 60_000);
    await waitForVotesLoaded(page);

    // Every toolbar button is on screen, none hidden behind another.
    const toolbarProblems = await page.evaluate(() => {
      const buttons = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="doc-tools"] button'));
      const problems: string[] = [];
      for (const b of buttons) {
        const r = b.getBoundingClientRect();
        if (r.width < 1) continue;
        if (r.left < 0 || r.right > document.documentElement.clientWidth) problems.push(`${b.textContent} off screen`);
        const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        if (!top || !(b === top || b.contains(top))) problems.push(`${b.textContent} covered`);
      }
      return problems;
    });
    expect(toolbarProblems).toEqual([]);

    // Type at the end of a paragraph, then make a word bold with the toolbar.
    // The caret at the paragraph's end, placed through the DOM selection (no click-and-arrow race).
    await page.locator(editorSelector).focus();
    await page.evaluate((text) => {
      const p = Array.from(document.querySelectorAll('[data-testid="editor"] p')).find((el) => el.textContent?.startsWith(text))!;
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      let last: Text | null = null;
      while (walker.nextNode()) last = walker.currentNode as Text;
      window.getSelection()!.collapse(last, last!.length);
    }, 'Training should be recognised');
    await page.waitForFunction(() => window.getSelection()?.anchorNode?.textContent?.endsWith('by the state.'));
    await page.keyboard.type(' Also for agency staff.');
    await waitForText(page, 'paid for by the state. Also for agency staff.');
    await page.keyboard.press('Shift+ArrowLeft');
    for (let i = 0; i < 'staff.'.length - 1; i++) await page.keyboard.press('Shift+ArrowLeft');
    await page.getByTestId('format-bold').click();
    await page.waitForSelector(`${editorSelector} p strong >> text=staff.`);

    // The outline is a drawer: open it, choose a heading, the text goes there and the drawer closes.
    await page.getByTestId('open-outline').click();
    await page.locator('[data-testid="outline-column"].is-open [data-testid="outline"]').getByText('Recommendations').click();
    await page.waitForSelector('[data-testid="outline-column"].is-open', { state: 'detached' });
    const heading = page.locator(`${editorSelector} h2`, { hasText: 'Recommendations' });
    await expect.poll(async () => (await heading.boundingBox())!.y).toBeLessThan(768);
    expect(await noSidewaysScroll(page)).toBe(true);
  });

  it(
    '[#2] at 1920, 1440, 1280, 1024 and 390 px the vote marks sit in the editor column, never over the outline or the panels',
    { timeout: 180_000 },
    async () => {
      server = await startTestServer();
      // Twelve commissioners: the widest everyday marks ("✓ 11/12" with the needs-my-review dot).
      const names = Array.from({ length: 12 }, (_, i) => `Commissioner ${i + 1}`);
      const { docId, author, commissioners } = await setUpCommission(server, { commissionerNames: names });
      const blocks = (await api(server, author.cookie, 'GET', `/api/docs/${docId}/consensus`)).body.blocks as {
        id: string;
        fingerprint: string;
      }[];
      for (const block of blocks.slice(0, 3)) {
        for (const c of commissioners.slice(0, 11)) {
          const voted = await api(server, c.cookie, 'PUT', `/api/docs/${docId}/blocks/${block.id}/vote`, {
            stance: 'agree',
            fingerprint: block.fingerprint,
          });
          expect(voted.status).toBe(200);
        }
      }
      const reader = await newSignedInPerson(suite.browser, server.url, commissioners[11]!.user.email, TEST_PASSWORD, `/d/${docId}`);
      suite.people.push(reader);
      const found: Record<string, string[]> = {};
      for (const size of [
        { width: 1920, height: 1080 },
        { width: 1440, height: 900 },
        { width: 1280, height: 800 },
        { width: 1024, height: 768 },
        { width: 390, height: 844 },
      ]) {
        await reader.page.setViewportSize(size);
        await reader.page.goto(`/d/${docId}`);
        await waitForVotesLoaded(reader.page);
        await reader.page.waitForSelector('[data-testid="gutter-marker"][data-needs-me="true"]', { state: 'attached' });
        await waitForStill(reader.page);
        await reader.page.screenshot({ path: `/tmp/concord-e2e-layout-gutter-${size.width}.png` });
        found[size.width] = await reader.page.evaluate(gutterProblems);
      }
      const failing = Object.fromEntries(Object.entries(found).filter(([, v]) => v.length > 0));
      expect(failing).toEqual({});
    },
  );
});
