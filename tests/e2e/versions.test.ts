/**
 * Issue 18, end to end: a commissioner who voted on a paragraph opens "Changes
 * since I voted" from the editor and sees, word by word, what changed since;
 * the author opens the history, downloads the imported version's Word file
 * (the bytes of an export taken then), compares the imported version with now and
 * restores that one paragraph (with confirmation); the commissioner's editor
 * shows the restored wording, agreed again (C8); the author then compares the
 * imported version with the one taken before the restore, and with now again.
 */
import { describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { newSignedInPerson, waitForConnection } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { signedInUser, TEST_PASSWORD } from '../helpers/users.js';
import { stockClient, synced } from '../helpers/yclient.js';
import { editBlock } from '../integration/support/proposal-doc.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});
const { people } = suite;

const REPORT = ['# Board', 'The board meets once a year.', 'Members serve three years.', ''].join('\n\n');

describe('version history in the browser', () => {
  it('a commissioner sees what changed since they voted; the author restores that paragraph', async () => {
    server = await startTestServer();
    const author = await signedInUser(server, 'Amira Haddad');
    const ines = await signedInUser(server, 'Inès Moreau');
    const imported = await fetch(`${server.url}/api/docs/import?filename=report.md&title=Board`, {
      method: 'POST',
      headers: { cookie: author.cookie },
      body: REPORT,
    });
    expect(imported.status).toBe(201);
    const docId = ((await imported.json()) as { id: string }).id;
    const exportOf = async (href: string) => {
      const res = await fetch(`${server!.url}${href}`, { headers: { cookie: author.cookie } });
      expect(res.status, href).toBe(200);
      return Buffer.from(await res.arrayBuffer());
    };
    // The Word file of the draft as imported, before anything happens to it.
    const docxAsImported = await exportOf(`/api/docs/${docId}/export?format=docx&scope=draft&record=1`);
    await server.services.stores.members.setMember(docId, ines.user.id, 'commissioner');
    const consensus = async () =>
      (await (await fetch(`${server!.url}/api/docs/${docId}/consensus`, { headers: { cookie: author.cookie } })).json()) as {
        blocks: { id: string; text: string; fingerprint: string; status: string }[];
      };
    const block = (await consensus()).blocks.find((b) => b.text === 'The board meets once a year.')!;
    // Inès agrees to the paragraph as imported.
    const voted = await fetch(`${server.url}/api/docs/${docId}/blocks/${block.id}/vote`, {
      method: 'PUT',
      headers: { cookie: ines.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ stance: 'agree', fingerprint: block.fingerprint }),
    });
    expect(voted.status).toBe(200);
    // Then the author rewrites it (from another device).
    const writer = stockClient(server.url, docId, author.cookie);
    await synced(writer);
    editBlock(writer, block.id, 'The board meets every month.');
    for (let i = 0; i < 600 && (await consensus()).blocks.find((b) => b.id === block.id)!.text !== 'The board meets every month.'; i++)
      await new Promise((r) => setTimeout(r, 50));
    writer.destroy();

    const [inesPage, amiraPage] = await Promise.all(
      [ines.user, author.user].map((user) => newSignedInPerson(suite.browser, server!.url, user.email, TEST_PASSWORD, `/d/${docId}`)),
    );
    people.push(inesPage!, amiraPage!);
    await Promise.all(people.map((p) => waitForConnection(p.page, 'connected')));

    // One click from the editor: what changed since I voted.
    await inesPage!.page.click('[data-testid="since-vote-link"]');
    await inesPage!.page.locator('[data-testid="since-vote-heading"]').waitFor({ timeout: 30_000 });
    const change = inesPage!.page.locator(`[data-testid="compare-change"][data-block="${block.id}"]`);
    await change.waitFor({ timeout: 30_000 });
    expect(await change.getAttribute('data-change')).toBe('changed');
    expect((await change.locator('del').allTextContents()).join(' ')).toMatch(/once.*year/);
    expect((await change.locator('ins').allTextContents()).join(' ')).toMatch(/every.*month/);

    // The author opens the history; the imported version's Word file is the one of then, byte for byte.
    await amiraPage!.page.click('[data-testid="versions-link"]');
    const importedVersion = amiraPage!.page.locator('[data-testid="version-item"][data-reason="import"]');
    await importedVersion.waitFor({ timeout: 30_000 });
    await importedVersion.locator('[data-testid="view-version"]').click();
    await amiraPage!.page.locator('[data-testid="version-export"] summary').click();
    await amiraPage!.page.getByTestId('version-scope-draft').check();
    await amiraPage!.page.getByTestId('version-include-record').check();
    const docxLink = amiraPage!.page.getByTestId('version-download-docx');
    await expect.poll(async () => docxLink.getAttribute('href')).toMatch(/scope=draft.*record=1/);
    const versionDocx = await exportOf((await docxLink.getAttribute('href'))!);
    expect(versionDocx.equals(docxAsImported)).toBe(true);
    expect((await exportOf(`/api/docs/${docId}/export?format=docx&scope=draft&record=1`)).equals(docxAsImported)).toBe(false);

    // It compares the imported version with now and restores the paragraph.
    await importedVersion.locator('[data-testid="compare-version"]').click();
    const authorChange = amiraPage!.page.locator(`[data-testid="compare-change"][data-block="${block.id}"]`);
    await authorChange.waitFor({ timeout: 30_000 });
    await authorChange.locator('[data-testid="restore-block"]').click();
    await authorChange.locator('[data-testid="restore-confirm"]').click();
    await authorChange.locator('[data-testid="restored"]').waitFor({ timeout: 30_000 });

    // Inès goes back to the editor: the wording she agreed to is back, and her agreement counts again.
    await inesPage!.page.click('[data-testid="versions-back"]');
    await inesPage!.page.locator('[data-testid="editor"] p', { hasText: 'The board meets once a year.' }).waitFor({ timeout: 30_000 });
    await inesPage!.page.waitForSelector(`[data-testid="gutter-marker"][data-block-id="${block.id}"][data-status="agreed"]`, {
      timeout: 30_000,
    });
    const after = (await consensus()).blocks.find((b) => b.id === block.id)!;
    expect(after).toMatchObject({ text: 'The board meets once a year.', status: 'agreed' });

    // Any two versions: the imported one against the one taken before the restore (the rewrite, kept).
    const versions = (
      (await (await fetch(`${server.url}/api/docs/${docId}/versions`, { headers: { cookie: author.cookie } })).json()) as {
        versions: { id: string; reason: string }[];
      }
    ).versions;
    expect(versions[0]!.reason).toBe('restore');
    const beforeRestore = versions[1]!;
    const importId = versions.find((v) => v.reason === 'import')!.id;
    await amiraPage!.page.locator('[data-testid="compare-to"]').selectOption(beforeRestore.id);
    await amiraPage!.page.waitForURL((url) => url.searchParams.get('from') === importId && url.searchParams.get('to') === beforeRestore.id);
    await amiraPage!.page.locator(`[data-testid="compare"][data-to="${beforeRestore.id}"]`).waitFor({ timeout: 30_000 });
    const between = amiraPage!.page.locator(`[data-testid="compare-change"][data-block="${block.id}"]`);
    expect((await between.locator('ins').allTextContents()).join(' ')).toMatch(/every.*month/);
    expect((await between.locator('del').allTextContents()).join(' ')).toMatch(/once.*year/);
    // And back to now: the restored paragraph is worded as imported again (only its agreement differs).
    await amiraPage!.page.locator('[data-testid="compare-to"]').selectOption('current');
    await amiraPage!.page.locator('[data-testid="compare"][data-to="current"]').waitFor({ timeout: 30_000 });
    await expect
      .poll(async () => amiraPage!.page.locator('[data-testid="compare-summary"]').textContent())
      .toMatch(/^0 added · 0 removed · 0 changed · 0 moved/);
  });
});
