/**
 * Issue 11, round 15: the editor inserts a typed character itself
 * (client/src/editor/typed-characters.ts) instead of letting Chromium insert it
 * and reading the DOM back. The same text typed both ways in Chromium — key
 * presses (keydown/keypress: the editor's path) and `insertText` (Chromium's own
 * insertion, read back by ProseMirror, as a keyboard did before) — gives the same
 * blocks: plain words, autolinked URLs, input rules, bold toggled, a link's end.
 * An IME composition still goes through the browser and arrives once.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { updateFromProseMirrorJSON } from '@concord/shared';
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

/** Each case types into two blocks: by key presses, then by Chromium's own insertion. */
const CASES: { name: string; start: string; keys: string[]; shape?: string }[] = [
  { name: 'plain words', start: '', keys: ['Plain words, typed: 42!'] },
  { name: 'a URL then a space', start: 'see ', keys: ['https://example.org and more'] },
  { name: 'a heading rule', start: '', keys: ['# A heading'] },
  // Wrapping rules: Chromium's insertText after the wrap leaves the later characters outside the new list
  // (its DOM selection is in the replaced node; the text lands in a later block), so these are typed by keys
  // only and checked against the shape a keyboard gave.
  { name: 'a list rule', start: '', keys: ['- an item'], shape: '<ul><li><p>an item</p></li></ul>' },
  { name: 'a quote rule', start: '', keys: ['> quoted'], shape: '<blockquote><p>quoted</p></blockquote>' },
  { name: 'bold toggled', start: 'x', keys: ['a ', 'Control+b', 'bold', 'Control+b', ' plain'] },
  { name: "a link's end", start: 'link', keys: ['ed text'] },
];

/** The blocks as structure: tags, text and hrefs only (ids, decorations and classes differ by block). */
const blockShape = (page: Page, index: number) =>
  page.evaluate(
    ({ selector, i }) => {
      const block = document.querySelector(selector)!.children[i]!.cloneNode(true) as Element;
      block.querySelectorAll('.collaboration-carets__caret, .ProseMirror-trailingBreak').forEach((n) => n.remove());
      for (const el of [block, ...Array.from(block.querySelectorAll('*'))])
        for (const name of el.getAttributeNames()) if (name !== 'href') el.removeAttribute(name);
      return block.outerHTML;
    },
    { selector: editorSelector, i: index },
  );

async function caretAtEndOf(page: Page, index: number): Promise<void> {
  await page.locator(`${editorSelector} > *`).nth(index).click();
  await page.keyboard.press('End');
}

describe('typed characters: the editor inserts them itself', () => {
  it('key presses give the blocks Chromium’s own insertion gave; a composition still arrives', async () => {
    server = await startTestServer();
    const stores = server.services.stores;
    const ines = await createUser(server, 'Ines');
    const paragraph = (text: string) =>
      text === 'link'
        ? { type: 'paragraph', content: [{ type: 'text', text, marks: [{ type: 'link', attrs: { href: 'https://a.org' } }] }] }
        : { type: 'paragraph', content: text ? [{ type: 'text', text }] : [] };
    // A paragraph between the two blocks of a case: a list or quote rule joins the list or quote just before it.
    const content = [...CASES.flatMap((c) => [paragraph(c.start), paragraph('between'), paragraph(c.start)]), paragraph('IME:')];
    const meta = await createDocument(stores, {
      title: 'Typing',
      authorId: ines.id,
      initialUpdate: updateFromProseMirrorJSON({ type: 'doc', content }),
    });
    const person = await newSignedInPerson(suite.browser, server.url, ines.email, TEST_PASSWORD, `/d/${meta.id}`);
    suite.people.push(person);
    const { page } = person;
    await page.waitForFunction(({ selector, n }) => (document.querySelector(selector)?.childElementCount ?? 0) >= n, {
      selector: editorSelector,
      n: content.length,
    });
    await waitForConnection(page, 'connected');

    for (const [i, c] of CASES.entries()) {
      await caretAtEndOf(page, 3 * i);
      for (const part of c.keys) {
        if (part.startsWith('Control+')) await page.keyboard.press(part);
        else await page.keyboard.type(part, { delay: 5 });
      }
      await caretAtEndOf(page, 3 * i + 2);
      for (const part of c.shape ? [] : c.keys) {
        if (part.startsWith('Control+')) await page.keyboard.press(part);
        // Chromium's own insertion (Input.insertText), one character at a time as a keyboard gives them.
        else for (const char of part) await page.keyboard.insertText(char);
      }
      const [byKeys, byBrowser] = [await blockShape(page, 3 * i), c.shape ?? (await blockShape(page, 3 * i + 2))];
      expect(byKeys, c.name).toBe(byBrowser);
      expect(byKeys.replace(/<[^>]+>/g, ''), c.name).toBe(
        c.start +
          c.keys
            .filter((k) => !k.startsWith('Control+'))
            .join('')
            .replace(/^(# |- |> )/, ''),
      );
    }

    // An IME composition (CDP: marked text, then committed) goes to the browser and arrives once.
    await caretAtEndOf(page, 3 * CASES.length);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'か', selectionStart: 1, selectionEnd: 1 });
    await cdp.send('Input.imeSetComposition', { text: 'かな', selectionStart: 2, selectionEnd: 2 });
    await cdp.send('Input.insertText', { text: '仮名' });
    await page.keyboard.type(' ok', { delay: 5 });
    await expect.poll(() => blockShape(page, 3 * CASES.length)).toBe('<p>IME:仮名 ok</p>');
    expect(person.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  }, 120_000);
});
