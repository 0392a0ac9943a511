/**
 * Issue 16, end to end: a commissioner switches to Suggesting and types a
 * change; a second commissioner sees it as a tracked change and supports it;
 * the author adopts it; both commissioners see the adopted text, agreed.
 */
import { describe, expect, it } from 'vitest';
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

const REPORT = ['# Board', 'The board meets once a year.', 'Members serve three years.', ''].join('\n\n');
const NEW_TEXT = 'The board meets every month.';

describe('proposals in the browser', () => {
  it('suggest, see the tracked change, support, adopt: both commissioners see the adopted text agreed', async () => {
    server = await startTestServer();
    const author = await signedInUser(server, 'Amira Haddad');
    const commissioners = await Promise.all(['Inès Moreau', 'Tom Becker'].map((name) => createUser(server!, name)));
    const imported = await fetch(`${server.url}/api/docs/import?filename=report.md&title=Board`, {
      method: 'POST',
      headers: { cookie: author.cookie },
      body: REPORT,
    });
    expect(imported.status).toBe(201);
    const docId = ((await imported.json()) as { id: string }).id;
    for (const user of commissioners) await server.services.stores.members.setMember(docId, user.id, 'commissioner');

    const path = `/d/${docId}`;
    const [ines, tom, amira] = await Promise.all(
      [...commissioners, author.user].map((user) => newSignedInPerson(suite.browser, server!.url, user.email, TEST_PASSWORD, path)),
    );
    people.push(ines!, tom!, amira!);
    await Promise.all(people.map((p) => waitForConnection(p.page, 'connected')));
    const target = ines!.page.locator('[data-testid="editor"] p', { hasText: 'The board meets once a year.' });
    const blockId = (await target.getAttribute('data-id'))!;

    // Inès suggests: her keystroke does not change the paragraph, it opens a draft.
    await ines!.page.click('[data-testid="mode-suggesting"]');
    await target.click();
    await ines!.page.keyboard.press('End');
    await ines!.page.keyboard.type('!');
    const draft = ines!.page.locator('[data-testid="proposal-draft-text"]');
    await draft.waitFor();
    expect(await draft.inputValue()).toBe('The board meets once a year.!');
    await draft.fill(NEW_TEXT);
    await ines!.page.click('[data-testid="proposal-draft-submit"]');
    expect(await target.textContent()).toBe('The board meets once a year.');

    // Tom sees it inline as a tracked change (deletion struck, insertion underlined) and supports it.
    const tracked = tom!.page.locator('[data-testid="tracked-change"]');
    await tracked.waitFor({ timeout: 30_000 });
    expect((await tracked.locator('del').allTextContents()).join(' ')).toMatch(/once.*year/);
    expect((await tracked.locator('ins').allTextContents()).join(' ')).toMatch(/every.*month/);
    await tom!.page.click('[data-testid="proposal-card"] [data-testid="proposal-support"]');

    // The author adopts it once it meets the rule.
    await amira!.page.click('[data-testid="proposal-card"] [data-testid="proposal-adopt"]', { timeout: 30_000 });

    for (const person of [ines!, tom!]) {
      await person.page.locator('[data-testid="editor"] p', { hasText: NEW_TEXT }).waitFor({ timeout: 30_000 });
      await person.page.waitForSelector(`[data-testid="gutter-marker"][data-block-id="${blockId}"][data-status="agreed"]`, {
        timeout: 30_000,
      });
      await person.page.locator('[data-testid="tracked-change"]').waitFor({ state: 'detached', timeout: 30_000 });
    }
  });

  it('[C31] typing in an agreed paragraph in Editing mode asks first, and "Suggest instead" keeps the text unchanged', async () => {
    server = await startTestServer();
    const author = await signedInUser(server, 'Amira Haddad');
    const ines = await createUser(server, 'Inès Moreau');
    const imported = await fetch(`${server.url}/api/docs/import?filename=report.md&title=Board`, {
      method: 'POST',
      headers: { cookie: author.cookie },
      body: REPORT,
    });
    const docId = ((await imported.json()) as { id: string }).id;
    await server.services.stores.members.setMember(docId, ines.id, 'commissioner');
    const person = await newSignedInPerson(suite.browser, server.url, ines.email, TEST_PASSWORD, `/d/${docId}`);
    people.push(person);
    await waitForConnection(person.page, 'connected');
    const target = person.page.locator('[data-testid="editor"] p', { hasText: 'Members serve three years.' });
    const blockId = (await target.getAttribute('data-id'))!;
    const consensus = (await (await fetch(`${server.url}/api/docs/${docId}/consensus`, { headers: { cookie: author.cookie } })).json()) as {
      blocks: { id: string; fingerprint: string }[];
    };
    const fingerprint = consensus.blocks.find((b) => b.id === blockId)!.fingerprint;
    const cookie = (await person.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const voted = await fetch(`${server.url}/api/docs/${docId}/blocks/${blockId}/vote`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ stance: 'agree', fingerprint }),
    });
    expect(voted.status).toBe(200);
    await person.page.waitForSelector(`[data-testid="gutter-marker"][data-block-id="${blockId}"][data-status="agreed"]`, {
      timeout: 30_000,
    });

    await target.click();
    await person.page.keyboard.press('End');
    await person.page.keyboard.type('x');
    const warning = person.page.locator('[data-testid="edit-warning"]');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('1 agreement');
    await person.page.click('[data-testid="edit-warning-suggest"]');
    expect(await person.page.locator('[data-testid="proposal-draft-text"]').inputValue()).toBe('Members serve three years.x');
    expect(await target.textContent()).toBe('Members serve three years.');
    await person.page.locator('[data-testid="mode-suggesting"][aria-pressed="true"]').waitFor();
  });
});

describe('"Edit anyway" in an agreed paragraph', () => {
  it('[C31] Backspace and Enter are asked about like typing; after "Edit anyway" the held key lands and typing goes on in the text', async () => {
    server = await startTestServer();
    const author = await signedInUser(server, 'Amira Haddad');
    const imported = await fetch(`${server.url}/api/docs/import?filename=report.md&title=Board`, {
      method: 'POST',
      headers: { cookie: author.cookie },
      body: REPORT,
    });
    const docId = ((await imported.json()) as { id: string }).id;
    const ines = await signedInUser(server, 'Inès Moreau');
    await server.services.stores.members.setMember(docId, ines.user.id, 'commissioner');
    const consensus = (await (await fetch(`${server.url}/api/docs/${docId}/consensus`, { headers: { cookie: author.cookie } })).json()) as {
      blocks: { id: string; text: string; fingerprint: string }[];
    };
    const agree = async (text: string) => {
      const block = consensus.blocks.find((b) => b.text === text)!;
      const res = await fetch(`${server!.url}/api/docs/${docId}/blocks/${block.id}/vote`, {
        method: 'PUT',
        headers: { cookie: ines.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ stance: 'agree', fingerprint: block.fingerprint }),
      });
      expect(res.status).toBe(200);
      return block.id;
    };
    const meetsId = await agree('The board meets once a year.');
    const serveId = await agree('Members serve three years.');

    const person = await newSignedInPerson(suite.browser, server.url, author.user.email, TEST_PASSWORD, `/d/${docId}`);
    people.push(person);
    const { page } = person;
    await waitForConnection(page, 'connected');
    for (const id of [meetsId, serveId])
      await page.waitForSelector(`[data-testid="gutter-marker"][data-block-id="${id}"][data-status="agreed"]`, { timeout: 30_000 });
    const paragraph = (id: string) => page.locator(`[data-testid="editor"] [data-id="${id}"]`);

    // Backspace at the end: asked first; "Edit anyway" deletes the character, and typing continues there.
    await paragraph(meetsId).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.locator('[data-testid="edit-warning"]').waitFor();
    expect(await paragraph(meetsId).textContent()).toBe('The board meets once a year.');
    await page.click('[data-testid="edit-warning-edit"]');
    await page.waitForFunction((id) => document.querySelector(`[data-id="${id}"]`)?.textContent === 'The board meets once a year', meetsId);
    await page.keyboard.type('!');
    await page.waitForFunction(
      (id) => document.querySelector(`[data-id="${id}"]`)?.textContent === 'The board meets once a year!',
      meetsId,
    );

    // Enter in the middle of another agreed paragraph: asked first; "Edit anyway" splits it.
    await paragraph(serveId).click();
    // The caret before "three", placed exactly (arrow keys under load are not what is tested here).
    await page.evaluate((id) => {
      const text = document.querySelector(`[data-id="${id}"]`)!.firstChild!;
      const range = document.createRange();
      range.setStart(text, 'Members serve '.length);
      range.collapse(true);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
    }, serveId);
    // ProseMirror reads the selection on selectionchange: wait until its own selection is there, not a fixed time.
    await page.waitForFunction(
      ({ id, offset }) => {
        type Editor = { state: { selection: { $from: { parent: { attrs: { id?: string } }; parentOffset: number } } } };
        const dom = document.querySelector('[data-testid="editor"]') as (Element & { editor?: Editor }) | null; // TipTap's dom.editor
        const $from = dom?.editor?.state.selection.$from;
        return $from?.parent.attrs.id === id && $from.parentOffset === offset;
      },
      { id: serveId, offset: 'Members serve '.length },
    );
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="edit-warning"]').waitFor();
    expect(await page.locator('[data-testid="editor"] p', { hasText: 'Members serve' }).count()).toBe(1);
    await page.click('[data-testid="edit-warning-edit"]');
    await page.locator('[data-testid="editor"] p', { hasText: /^three years\.$/ }).waitFor();
    expect((await paragraph(serveId).textContent())?.trim()).toBe('Members serve');

    // Its agreement is set aside now, so the next edit there is not asked about: the key just lands.
    await paragraph(serveId).click();
    await page.keyboard.press('End');
    await page.keyboard.type('X');
    await page.waitForFunction((id) => document.querySelector(`[data-id="${id}"]`)?.textContent?.includes('X') ?? false, serveId);
    expect(await page.locator('[data-testid="edit-warning"]').count()).toBe(0);
    expect(person.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
