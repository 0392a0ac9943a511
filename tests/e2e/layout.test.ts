/**
 * Issue 14 #2, "Done means": the editor, synthesis and export pages at 1400,
 * 1024 and 390 px wide (screenshots in /tmp/concord-e2e-layout-*.png) never
 * scroll sideways and no two header items overlap or leave the window.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { newSignedInPerson, waitForConnection } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { TEST_PASSWORD } from '../helpers/users.js';
import { setUpCommission, waitForVotesLoaded } from './support/commission.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});

const WIDTHS = [
  { width: 1400, height: 900 },
  { width: 1024, height: 768 },
  { width: 390, height: 844 },
];

/** Problems with the page as laid out now: sideways scroll, header items overlapping or off-screen. */
function layoutProblems(): string[] {
  const problems: string[] = [];
  const vw = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > vw + 1) problems.push(`scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
  const header = document.querySelector('.app-header');
  if (!header) return [...problems, 'no header'];
  // The smallest things a person reads or clicks in the header.
  const items = Array.from(
    header.querySelectorAll<HTMLElement>('a, button, h1, [data-testid="status-line"], [data-testid="presence"], .role-badge'),
  ).filter((el) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && style.visibility !== 'hidden' && !el.closest('[role="menu"], [role="dialog"]');
  });
  // Nested items (a button inside the presence list) are checked against their container's siblings only.
  const leaves = items.filter((el) => !items.some((other) => other !== el && el.contains(other)));
  const name = (el: HTMLElement) => el.getAttribute('data-testid') ?? `${el.tagName.toLowerCase()}.${el.className}`;
  for (const el of leaves) {
    const r = el.getBoundingClientRect();
    if (r.left < -1 || r.right > vw + 1)
      problems.push(`${name(el)} leaves the window (${Math.round(r.left)}–${Math.round(r.right)} of ${vw})`);
  }
  for (let i = 0; i < leaves.length; i++) {
    for (let j = i + 1; j < leaves.length; j++) {
      const a = leaves[i]!.getBoundingClientRect();
      const b = leaves[j]!.getBoundingClientRect();
      const overlapX = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const overlapY = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (overlapX > 1 && overlapY > 1) problems.push(`${name(leaves[i]!)} overlaps ${name(leaves[j]!)}`);
    }
  }
  return problems;
}

async function checkAt(page: Page, label: string, found: Record<string, string[]>): Promise<void> {
  await page.waitForTimeout(400);
  await page.screenshot({ path: `/tmp/concord-e2e-layout-${label}.png` });
  found[label] = await page.evaluate(layoutProblems);
}

describe('layouts', () => {
  it(
    '[#2] editor, synthesis and export at 1400, 1024 and 390 px: no sideways scroll, no overlapping header items',
    { timeout: 240_000 },
    async () => {
      server = await startTestServer();
      const { docId, author, commissioners } = await setUpCommission(server, { authorName: 'Amira Haddad (author)' });
      const found: Record<string, string[]> = {};
      const amira = await newSignedInPerson(suite.browser, server.url, author.user.email, TEST_PASSWORD, `/d/${docId}`);
      const ines = await newSignedInPerson(suite.browser, server.url, commissioners[0]!.user.email, TEST_PASSWORD, `/d/${docId}`);
      suite.people.push(amira, ines);
      for (const size of WIDTHS) {
        for (const p of [amira, ines]) await p.page.setViewportSize(size);
        await amira.page.goto(`/d/${docId}`);
        await waitForConnection(amira.page, 'connected');
        await waitForVotesLoaded(amira.page);
        await checkAt(amira.page, `editor-author-${size.width}`, found);
        await ines.page.goto(`/d/${docId}`);
        await waitForVotesLoaded(ines.page);
        await checkAt(ines.page, `editor-commissioner-${size.width}`, found);
        if (size.width < 1280) {
          // The outline is a drawer there: it opens, and closes with Escape.
          await ines.page.getByTestId('open-outline').click();
          await ines.page.waitForSelector('[data-testid="outline-column"].is-open [data-testid="outline"]');
          await checkAt(ines.page, `editor-outline-drawer-${size.width}`, found);
          await ines.page.keyboard.press('Escape');
          await ines.page.waitForSelector('[data-testid="outline-column"].is-open', { state: 'detached' });
        }
        await amira.page.goto(`/d/${docId}/synthesis`);
        await amira.page.waitForSelector('[data-testid="synthesis-section"], [data-testid="synthesis-empty"]');
        await checkAt(amira.page, `synthesis-${size.width}`, found);
        await amira.page.goto(`/d/${docId}/export`);
        await amira.page.waitForSelector('[data-testid="export-counts"]');
        await checkAt(amira.page, `export-${size.width}`, found);
      }
      const failing = Object.fromEntries(Object.entries(found).filter(([, v]) => v.length > 0));
      expect(failing).toEqual({});
    },
  );
});
