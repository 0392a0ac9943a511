/**
 * Issue 11, end to end: two people in two Chromium contexts open the 150-page
 * report (~1,500 blocks) and type at once — in different paragraphs far apart,
 * then in the same paragraph — and both editors end with the same text and the
 * same block ids, with every character either of them typed.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { updateFromProseMirrorJSON } from '@concord/shared';
import { generateReport } from '@concord/shared/fixtures/index';
import { createDocument } from '@concord/server/docs/create-document';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createUser, TEST_PASSWORD } from '../helpers/users.js';
import { editorSelector, editorText, newSignedInPerson, waitForConnection } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});

/** Waits until the editor shows every top-level block of the report. */
async function waitForReport(page: Page, blocks: number): Promise<void> {
  await page.waitForFunction(
    ({ selector, n }) => (document.querySelector(selector)?.childElementCount ?? 0) >= n,
    { selector: editorSelector, n: blocks },
    { timeout: 60_000 },
  );
}

/** The caret is inside the index-th top-level paragraph. */
const caretIn = (page: Page, index: number) =>
  page.evaluate(
    ({ selector, i }) => {
      const paragraph = document.querySelectorAll(`${selector} > p`)[i];
      const anchor = document.getSelection()?.anchorNode;
      return !!paragraph && !!anchor && paragraph.contains(anchor);
    },
    { selector: editorSelector, i: index },
  );

/** Waits until the element's box is the same in two frames in a row: the blocks around it have their real heights. */
const boxStill = (element: Locator) =>
  element.evaluate(
    (el) =>
      new Promise<void>((resolve) => {
        let last = '';
        const frame = () => {
          const r = el.getBoundingClientRect();
          const now = `${r.left},${r.top},${r.width},${r.height}`;
          if (now === last) resolve();
          else {
            last = now;
            requestAnimationFrame(frame);
          }
        };
        frame();
      }),
  );

/**
 * Clicks at the end of the index-th top-level paragraph and types there. Blocks
 * far from the viewport are laid out at an estimated height (`content-visibility`),
 * so scrolling one into view can move it again as its neighbours get their real
 * heights; a click aimed meanwhile lands elsewhere (under load it once left the
 * caret at the report's start). The click waits for the paragraph to stay put, and
 * is repeated until the caret is in it.
 */
async function typeInParagraph(page: Page, index: number, text: string): Promise<void> {
  const paragraph = page.locator(`${editorSelector} > p`).nth(index);
  for (let attempt = 0; ; attempt++) {
    await paragraph.scrollIntoViewIfNeeded();
    await boxStill(paragraph);
    await paragraph.click();
    if (await caretIn(page, index)) break;
    if (attempt === 4) throw new Error(`the caret did not go into paragraph ${index} after 5 clicks`);
  }
  await page.keyboard.press('End');
  await page.keyboard.type(text, { delay: 25 });
}

const blockIds = (page: Page) =>
  page.evaluate(
    (selector) => Array.from(document.querySelectorAll(`${selector} [data-id]`), (el) => el.getAttribute('data-id')),
    editorSelector,
  );

/** `sub`'s characters appear in `text` in order (concurrent typing at one spot may interleave them). */
function isSubsequence(sub: string, text: string): boolean {
  let i = 0;
  for (const ch of text) if (ch === sub[i]) i++;
  return i === sub.length;
}

async function waitForSameText(a: Page, b: Page, ...needles: string[]): Promise<string> {
  // Polls for the signal itself (two pages' texts cannot be compared in one page); every half
  // second, since each read copies a 150-page editor's DOM in both pages.
  for (let attempt = 0; attempt < 60; attempt++) {
    const [ta, tb] = await Promise.all([editorText(a), editorText(b)]);
    if (ta === tb && needles.every((n) => isSubsequence(n, ta))) return ta;
    await a.waitForTimeout(500);
  }
  throw new Error('the two editors did not converge');
}

describe('typing together on the 150-page report', () => {
  it('two people type in different paragraphs, then in the same one, and converge', async () => {
    server = await startTestServer();
    const stores = server.services.stores;
    const [ines, tom] = await Promise.all([createUser(server, 'Ines'), createUser(server, 'Tom')]);
    const json = generateReport({ pages: 150, seed: 11 }) as unknown as Record<string, unknown>;
    const blocks = (json.content as unknown[]).length;
    const meta = await createDocument(stores, {
      title: '150-page report',
      authorId: ines.id,
      initialUpdate: updateFromProseMirrorJSON(json),
    });
    await stores.members.setMember(meta.id, tom.id, 'commissioner');
    const path = `/d/${meta.id}`;

    const a = await newSignedInPerson(suite.browser, server.url, ines.email, TEST_PASSWORD, path);
    const b = await newSignedInPerson(suite.browser, server.url, tom.email, TEST_PASSWORD, path);
    suite.people.push(a, b);
    await Promise.all([waitForReport(a.page, blocks), waitForReport(b.page, blocks)]);
    await Promise.all([waitForConnection(a.page, 'connected'), waitForConnection(b.page, 'connected')]);

    // Far apart: near the start and near the end of the report.
    const paragraphs = await a.page.locator(`${editorSelector} > p`).count();
    const [near, below] = [Math.floor(paragraphs * 0.05), Math.floor(paragraphs * 0.8)];
    const far = [' Ines writes here.', ' Tom writes far below.'];
    await Promise.all([typeInParagraph(a.page, near, far[0]!), typeInParagraph(b.page, below, far[1]!)]);
    const apart = await waitForSameText(a.page, b.page, ...far);
    expect(apart).toContain(far[0]);
    expect(apart).toContain(far[1]);

    // The same paragraph, at the same time.
    const same = [' both of us', ' typing at once'];
    await Promise.all([typeInParagraph(a.page, near + 1, same[0]!), typeInParagraph(b.page, near + 1, same[1]!)]);
    await waitForSameText(a.page, b.page, ...far, ...same);

    const [idsA, idsB] = await Promise.all([blockIds(a.page), blockIds(b.page)]);
    expect(idsA.length).toBeGreaterThanOrEqual(blocks);
    expect(idsB).toEqual(idsA);
    expect(new Set(idsA).size).toBe(idsA.length);
    expect([...a.errors, ...b.errors].filter((e) => e.startsWith('pageerror'))).toEqual([]);
  }, 240_000);
});
