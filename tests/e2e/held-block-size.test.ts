/**
 * Issue 11, round 16: the block typed in is held at its own height
 * (client/src/editor/held-block-size.ts), so that Chromium lays out that block
 * alone for a typed character instead of the report's whole block list.
 *
 * In Chromium, on a report of a few hundred blocks: typing at the end of a
 * paragraph until its lines wrap, after every key's frame the paragraph is
 * exactly as tall as its lines (as before typing) and the next block follows at
 * the same gap — a new line shows in the frame of the key that made it; the
 * layouts of the typed keys (Chrome trace) cover a handful of layout objects,
 * not the thousands of the page; moving the caret to another block lets the
 * held one go.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { updateFromProseMirrorJSON } from '@concord/shared';
import { generateReport } from '@concord/shared/fixtures/index';
import { createDocument } from '@concord/server/docs/create-document';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createUser, TEST_PASSWORD } from '../helpers/users.js';
import { editorSelector, newSignedInPerson, waitForConnection } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});

interface Geometry {
  /** The block's height less its lines' height: constant while the block is as tall as its lines. */
  blockLessLines: number;
  lines: number;
  /** From the block's bottom to the next block's top. */
  gap: number;
  held: boolean;
}

/** The typed block's geometry once the current frame has been painted. */
const geometryAfterFrame = (page: Page, index: number) =>
  page.evaluate(
    async ({ selector, i }): Promise<Geometry> => {
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      const block = document.querySelectorAll(`${selector} > p`)[i]!;
      const range = document.createRange();
      range.selectNodeContents(block);
      const lines = range.getBoundingClientRect().height;
      const box = block.getBoundingClientRect();
      const next = block.nextElementSibling!.getBoundingClientRect();
      return { blockLessLines: box.height - lines, lines, gap: next.top - box.bottom, held: block.classList.contains('is-size-held') };
    },
    { selector: editorSelector, i: index },
  );

interface TraceEvent {
  name: string;
  ph: string;
  args?: { beginData?: { totalObjects?: number } };
}

describe('the block typed in is laid out alone', () => {
  it('keeps the block as tall as its lines through wraps, lays out a handful of objects a key, lets go when the caret leaves', async () => {
    server = await startTestServer();
    const stores = server.services.stores;
    const ines = await createUser(server, 'Ines');
    const json = generateReport({ pages: 30, seed: 16 }) as unknown as Record<string, unknown>;
    const blocks = (json.content as unknown[]).length;
    const meta = await createDocument(stores, { title: 'Report', authorId: ines.id, initialUpdate: updateFromProseMirrorJSON(json) });
    const person = await newSignedInPerson(suite.browser, server.url, ines.email, TEST_PASSWORD, `/d/${meta.id}`);
    suite.people.push(person);
    const { page } = person;
    await page.waitForFunction(({ selector, n }) => (document.querySelector(selector)?.childElementCount ?? 0) >= n, {
      selector: editorSelector,
      n: blocks,
    });
    await waitForConnection(page, 'connected');

    const index = 6;
    const paragraph = page.locator(`${editorSelector} > p`).nth(index);
    await paragraph.scrollIntoViewIfNeeded();
    await paragraph.click();
    await page.keyboard.press('End');
    const before = await geometryAfterFrame(page, index);
    expect(before.held).toBe(false);

    const cdp = await page.context().newCDPSession(page);
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
    await cdp.send('Tracing.start', {
      categories: 'devtools.timeline,disabled-by-default-devtools.timeline',
      transferMode: 'ReportEvents',
    });

    // ~2 lines of text at ~80 characters a line: at least one wrap, whatever the paragraph's last line held.
    const text = ' and the commission agreed that every member reads the draft before the vote is taken';
    const after: Geometry[] = [];
    for (const ch of text + text) {
      await page.keyboard.press(ch === ' ' ? 'Space' : ch);
      after.push(await geometryAfterFrame(page, index));
    }
    const traced = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await traced;

    // A new line appeared in the frame of the key that made it, and the page moved for it.
    expect(after.at(-1)!.lines).toBeGreaterThan(before.lines);
    for (const g of after) {
      expect(g.blockLessLines).toBeCloseTo(before.blockLessLines, 1);
      expect(g.gap).toBeCloseTo(before.gap, 1);
    }
    // The typed keys' layouts: the held block's few objects, not the page's thousands.
    const scopes = events
      .filter((e) => e.name === 'Layout' && (e.ph === 'X' || e.ph === 'B'))
      .map((e) => e.args?.beginData?.totalObjects ?? 0)
      .sort((a, b) => a - b);
    expect(scopes.length).toBeGreaterThan(after.length * 0.8);
    expect(scopes.at(-1)!).toBeGreaterThan(1000);
    expect(scopes[Math.floor(scopes.length / 2)]!).toBeLessThan(50);
    // Held for most keys (each wrap lets go once; the next key holds again).
    expect(after.filter((g) => g.held).length).toBeGreaterThan(after.length * 0.8);

    // Printed, a held block is laid out at the page's width like any other: no size of the screen's.
    await page.keyboard.press('x');
    const containment = () =>
      page.evaluate(
        ({ selector, i }) => {
          const block = document.querySelectorAll(`${selector} > p`)[i]!;
          return { held: block.classList.contains('is-size-held'), contain: getComputedStyle(block).contain };
        },
        { selector: editorSelector, i: index },
      );
    expect(await containment()).toEqual({ held: true, contain: 'size' });
    await page.emulateMedia({ media: 'print' });
    expect(await containment()).toEqual({ held: true, contain: 'none' });
    await page.emulateMedia({ media: 'screen' });

    // The caret leaves: the block is let go, as tall as its lines.
    await page.keyboard.press('Control+Home');
    const left = await geometryAfterFrame(page, index);
    expect(left.held).toBe(false);
    expect(left.blockLessLines).toBeCloseTo(before.blockLessLines, 1);
    expect(person.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  }, 180_000);
});
