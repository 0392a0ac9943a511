/**
 * Issue 17 in Chromium: an author inserts a footnote, a table and a figure
 * through the toolbar and marks a recommendation; a commissioner sees each of
 * them live, edits the note in place, and the author sees that edit.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { editorSelector, newSignedInPerson, waitForConnection, waitForText } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { TEST_PASSWORD } from '../helpers/users.js';
import { makePng, sha256 } from '../helpers/images.js';
import { setUpCommission } from './support/commission.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});
const { people } = suite;

const MARKDOWN = ['# Housing report', 'Rents rose fastest in the north.', 'Councils should build more homes.', ''].join('\n\n');

/** Puts the caret at the end of the paragraph holding `text`. */
async function caretAtEndOf(page: Page, text: string): Promise<void> {
  await page.locator('[data-testid="editor"] p', { hasText: text }).click();
  await page.keyboard.press('End');
}

async function notes(page: Page): Promise<string[]> {
  return page.locator('[data-testid="notes-list-item"]').allInnerTexts();
}

describe('footnotes, tables, figures and recommendations in the editor', () => {
  it('are inserted through the toolbar and seen live by another member', async () => {
    server = await startTestServer();
    const { docId, author, commissioners } = await setUpCommission(server, { markdown: MARKDOWN, commissionerNames: ['Tom Becker'] });
    const path = `/d/${docId}`;
    const amira = await newSignedInPerson(suite.browser, server.url, author.user.email, TEST_PASSWORD, path);
    const tom = await newSignedInPerson(suite.browser, server.url, commissioners[0]!.user.email, TEST_PASSWORD, path);
    people.push(amira, tom);
    await Promise.all([waitForConnection(amira.page, 'connected'), waitForConnection(tom.page, 'connected')]);
    await waitForText(amira.page, 'Rents rose fastest');

    // --- a footnote, typed in its own small editor -------------------------------------
    await caretAtEndOf(amira.page, 'Rents rose fastest');
    await amira.page.click('[data-testid="format-footnote"]');
    await amira.page.locator('[data-testid="footnote-popover"]').waitFor();
    await amira.page.keyboard.type('Survey of landlords, 2024.', { delay: 10 });
    await amira.page.keyboard.press('Escape');
    // Escape puts the caret back in the text, straight after the note.
    expect(await amira.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('editor');
    await expect.poll(() => amira.page.locator('[data-testid="footnote-ref"]').allInnerTexts()).toEqual(['1']);
    await expect.poll(() => notes(amira.page)).toEqual(['1 Survey of landlords, 2024.']);
    // Tom sees the superscript and the note at the end, live.
    await expect.poll(() => tom.page.locator('[data-testid="footnote-ref"]').allInnerTexts(), { timeout: 30_000 }).toEqual(['1']);
    await expect.poll(() => notes(tom.page)).toEqual(['1 Survey of landlords, 2024.']);

    // A second note cited earlier in the document takes number 1; the first becomes 2.
    await amira.page.locator('[data-testid="editor"] h1').click();
    await amira.page.keyboard.press('End');
    // On a loaded machine the click can land after the key: insert only once the editor's own
    // caret (not only the browser's) is in the title.
    await amira.page.waitForFunction((selector) => {
      const element = document.querySelector(selector) as unknown as {
        editor: { state: { selection: { $from: { parent: { type: { name: string } } } } } };
      };
      return element.editor.state.selection.$from.parent.type.name === 'heading';
    }, editorSelector);
    await amira.page.keyboard.press('Control+Alt+f');
    await amira.page.locator('[data-testid="footnote-popover"]').waitFor();
    await amira.page.keyboard.type('Title note.', { delay: 10 });
    await amira.page.keyboard.press('Escape');
    await expect.poll(() => notes(tom.page), { timeout: 30_000 }).toEqual(['1 Title note.', '2 Survey of landlords, 2024.']);
    await expect.poll(() => tom.page.locator('[data-testid="footnote-ref"]').allInnerTexts()).toEqual(['1', '2']);

    // Tom opens the second note by clicking its number and edits it in place; Amira sees the edit.
    await tom.page.locator('[data-testid="footnote-ref"]').nth(1).click();
    const popover = tom.page.locator('[data-testid="footnote-popover"]');
    await popover.waitFor();
    expect(await popover.getAttribute('aria-label')).toBe('Footnote 2');
    await popover.locator('[contenteditable="true"]').click();
    await tom.page.keyboard.press('End');
    await tom.page.keyboard.type(' Updated.', { delay: 10 });
    await popover.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => notes(amira.page), { timeout: 30_000 }).toEqual(['1 Title note.', '2 Survey of landlords, 2024. Updated.']);

    // --- a table, with a row and a column added and one removed ------------------------
    await caretAtEndOf(amira.page, 'Councils should build');
    await amira.page.click('[data-testid="format-table"]');
    const amiraTable = amira.page.locator('[data-testid="editor"] table');
    await amiraTable.waitFor();
    await amira.page.keyboard.type('Region', { delay: 10 });
    await amira.page.click('[data-testid="format-table-add-row"]');
    await amira.page.click('[data-testid="format-table-add-column"]');
    await amira.page.click('[data-testid="format-table-add-column"]');
    // Remove the (empty) second column: the caret's column is the one removed.
    await amiraTable.locator('th').nth(1).click();
    await amira.page.click('[data-testid="format-table-delete-column"]');
    const shape = (page: Page) =>
      page.evaluate(() => {
        const table = document.querySelector('[data-testid="editor"] table')!;
        return { rows: table.querySelectorAll('tr').length, columns: table.querySelector('tr')!.children.length };
      });
    await expect.poll(() => shape(amira.page)).toEqual({ rows: 4, columns: 4 });
    await expect.poll(() => shape(tom.page), { timeout: 30_000 }).toEqual({ rows: 4, columns: 4 });
    // The first header cell's text, without the name label of Amira's caret (which is in it).
    const firstHeader = await tom.page.evaluate(() => {
      const cell = document.querySelector('[data-testid="editor"] table th')!.cloneNode(true) as HTMLElement;
      cell.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
      return cell.textContent;
    });
    expect(firstHeader).toBe('Region');
    await amiraTable.locator('tr').last().locator('td').first().click();
    await amira.page.click('[data-testid="format-table-delete-row"]');
    await expect.poll(() => shape(tom.page), { timeout: 30_000 }).toEqual({ rows: 3, columns: 4 });
    expect(await tom.page.locator('[data-testid="editor"] table th').count()).toBe(4);

    // --- a figure: the image uploaded, stored by the server, shown to both -------------
    await caretAtEndOf(amira.page, 'Rents rose fastest');
    const png = makePng(24, 12, 5);
    await amira.page.setInputFiles('[data-testid="figure-file"]', { name: 'rents.png', mimeType: 'image/png', buffer: Buffer.from(png) });
    const loaded = (page: Page) =>
      page.evaluate(() => {
        const img = document.querySelector<HTMLImageElement>('[data-testid="figure-image"]');
        return img && img.complete ? { width: img.naturalWidth, src: img.getAttribute('src') } : null;
      });
    const src = `/api/docs/${docId}/images/${sha256(png)}`;
    await expect.poll(() => loaded(amira.page), { timeout: 30_000 }).toEqual({ width: 24, src });
    await expect.poll(() => loaded(tom.page), { timeout: 30_000 }).toEqual({ width: 24, src });
    expect(await tom.page.locator('[data-testid="figure-alt"]').inputValue()).toBe('rents');

    // --- a recommendation, numbered, and the generated list of recommendations ---------
    await caretAtEndOf(amira.page, 'Councils should build');
    await amira.page.click('[data-testid="format-recommendation"]');
    const number = (page: Page) =>
      page.locator('[data-testid="editor"] p.recommendation').getAttribute('data-recommendation-number', { timeout: 30_000 });
    await expect.poll(() => number(amira.page)).toBe('1');
    await expect.poll(() => number(tom.page), { timeout: 30_000 }).toBe('1');
    await amira.page.locator('[data-testid="editor"] h1').click();
    await amira.page.keyboard.press('End');
    await amira.page.click('[data-testid="format-recommendation-list"]');
    await expect
      .poll(() => tom.page.locator('[data-testid="recommendation-list"] li').allInnerTexts(), { timeout: 30_000 })
      .toEqual(['Recommendation 1. Councils should build more homes.']);

    await amira.page.screenshot({ path: '/tmp/concord-e2e-report-content.png', fullPage: true });
    for (const person of [amira, tom]) expect(person.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
