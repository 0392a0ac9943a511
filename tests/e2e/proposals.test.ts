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
    await tracked.waitFor({ timeout: 10_000 });
    expect((await tracked.locator('del').allTextContents()).join(' ')).toMatch(/once.*year/);
    expect((await tracked.locator('ins').allTextContents()).join(' ')).toMatch(/every.*month/);
    await tom!.page.click('[data-testid="proposal-card"] [data-testid="proposal-support"]');

    // The author adopts it once it meets the rule.
    await amira!.page.click('[data-testid="proposal-card"] [data-testid="proposal-adopt"]', { timeout: 10_000 });

    for (const person of [ines!, tom!]) {
      await person.page.locator('[data-testid="editor"] p', { hasText: NEW_TEXT }).waitFor({ timeout: 10_000 });
      await person.page.waitForSelector(`[data-testid="gutter-marker"][data-block-id="${blockId}"][data-status="agreed"]`, {
        timeout: 10_000,
      });
      await person.page.locator('[data-testid="tracked-change"]').waitFor({ state: 'detached', timeout: 10_000 });
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
      timeout: 10_000,
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
    expect(await person.page.getAttribute('[data-testid="mode-suggesting"]', 'aria-pressed')).toBe('true');
  });
});
