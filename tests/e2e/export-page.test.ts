/**
 * Issue 6, end to end: the export page. A publisher finds "Publish / export" in
 * the editor header, sees what will be published (counts, blocks left out
 * greyed with their status), switches scope, and downloads a DOCX that is a
 * real Word file with the agreed headings — byte-identical to a second export.
 * A commissioner has no export link and is told who can export.
 */
import { readFile } from 'node:fs/promises';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, signedInUser, TEST_PASSWORD, type SignedIn } from '../helpers/users.js';
import { editorSelector, newSignedInPerson } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});
const { people } = suite;

const DRAFT = `# Housing report

## Rents

Rents rose faster than wages in every town we visited.

- Cap annual rent rises.
- Fund a register of landlords.

## Taxes

We recommend a new land value tax.
`;

async function importDraft(who: SignedIn, markdown: string): Promise<string> {
  const res = await fetch(`${server!.url}/api/docs/import?filename=housing.md&title=${encodeURIComponent('Housing report')}`, {
    method: 'POST',
    headers: { cookie: who.cookie },
    body: markdown,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('the export page', () => {
  it('a publisher previews and downloads a DOCX; a commissioner is told only the author and publishers can export', async () => {
    server = await startTestServer();
    const author = await signedInUser(server, 'Ada Author');
    const commissioner = await signedInUser(server, 'Cleo Commissioner');
    const publisher = await signedInUser(server, 'Pat Publisher');
    const docId = await importDraft(author, DRAFT);
    await server.services.stores.members.setMember(docId, commissioner.user.id, 'commissioner');
    await server.services.stores.members.setMember(docId, publisher.user.id, 'publisher');

    // The commissioner agrees to the Rents section (one list item stays open) and disputes the tax.
    const view = await api(server, commissioner.cookie, 'GET', `/api/docs/${docId}/consensus`);
    const blocks = view.body.blocks as { id: string; text: string; fingerprint: string }[];
    expect(blocks).toHaveLength(7);
    const block = (text: string) => blocks.find((b) => b.text === text)!;
    for (const t of [
      'Housing report',
      'Rents',
      'Rents rose faster than wages in every town we visited.',
      'Cap annual rent rises.',
      'Taxes',
    ]) {
      const b = block(t);
      expect(
        (
          await api(server, commissioner.cookie, 'PUT', `/api/docs/${docId}/blocks/${b.id}/vote`, {
            stance: 'agree',
            fingerprint: b.fingerprint,
          })
        ).status,
      ).toBe(200);
    }
    const tax = block('We recommend a new land value tax.');
    expect(
      (
        await api(server, commissioner.cookie, 'PUT', `/api/docs/${docId}/blocks/${tax.id}/vote`, {
          stance: 'dispute',
          reason: 'Not costed.',
          fingerprint: tax.fingerprint,
        })
      ).status,
    ).toBe(200);
    // Published: title, Rents, its paragraph, the agreed list item (4). Left out: the open list
    // item, the disputed paragraph, and the agreed "Taxes" heading with nothing agreed under it (3).

    // The publisher finds the export page from the editor header.
    const pub = await newSignedInPerson(suite.browser, server.url, publisher.user.email, TEST_PASSWORD, `/d/${docId}`);
    people.push(pub);
    const page = pub.page;
    await page.waitForSelector(editorSelector);
    await page.getByTestId('export-link').waitFor();
    await page.screenshot({ path: '/tmp/concord-e2e-export-link.png', clip: { x: 0, y: 0, width: 1400, height: 160 } });
    await page.getByTestId('export-link').click();
    await page.waitForURL(`**/d/${docId}/export`);
    await page.getByTestId('export-preview').waitFor();

    expect(await page.getByTestId('export-included').innerText()).toBe('4');
    expect(await page.getByTestId('export-excluded').innerText()).toBe('3');
    const rows = page.getByTestId('preview-block');
    expect(await rows.count()).toBe(7);
    expect(await rows.allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('Housing report')]));
    // Blocks in document order.
    expect((await rows.locator('.preview-block__text').allInnerTexts()).map((t) => t.trim())).toEqual(blocks.map((b) => b.text));
    const out = page.locator('[data-testid="preview-block"][data-included="false"]');
    expect(await out.count()).toBe(3);
    const outStatuses = await out.evaluateAll((els) =>
      els.map(
        (el) => `${el.querySelector('.preview-block__text')?.textContent}|${el.querySelector('[data-testid="status-badge"]')?.textContent}`,
      ),
    );
    expect(outStatuses).toEqual([
      'Fund a register of landlords.|Unreviewed',
      'Taxes|Agreed',
      'We recommend a new land value tax.|Disputed',
    ]);
    // Greyed: the excluded text is paler than the included text.
    const colour = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el) => getComputedStyle(el).color);
    expect(await colour('[data-included="false"] .preview-block__text')).not.toBe(
      await colour('[data-included="true"] .preview-block__text'),
    );
    // Included blocks carry no badge in the consensus preview.
    expect(await page.locator('[data-included="true"] [data-testid="status-badge"]').count()).toBe(0);
    await page.screenshot({ path: '/tmp/concord-e2e-export-page.png', fullPage: true });

    // The working draft holds everything.
    await page.getByTestId('scope-draft').check();
    await page.locator('[data-testid="export-page"][data-scope="draft"] [data-testid="export-excluded"]', { hasText: '0' }).waitFor();
    expect(await page.getByTestId('export-included').innerText()).toBe('7');
    expect(await page.getByTestId('download-docx').getAttribute('href')).toContain('scope=draft');

    // Back to the consensus, with the record; download the Word file.
    await page.getByTestId('scope-consensus').check();
    await page.locator('[data-testid="export-page"][data-scope="consensus"] [data-testid="export-excluded"]', { hasText: '3' }).waitFor();
    await page.getByTestId('include-record').check();
    const href = await page.getByTestId('download-docx').getAttribute('href');
    expect(href).toBe(`/api/docs/${docId}/export?format=docx&scope=consensus&record=1`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-docx').click()]);
    expect(download.suggestedFilename()).toBe('housing-report.consensus.with-record.docx');
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    const read = await mammoth.convertToHtml({ buffer: bytes });
    expect(read.value).toContain('Rents rose faster than wages');
    expect(read.value).toMatch(/<h2>Rents<\/h2>/);
    expect(read.value).not.toContain('land value tax');
    expect(read.value).not.toContain('Taxes');
    // Reproducible: the same state and options give the same bytes.
    const again = await fetch(`${server.url}${href}`, { headers: { cookie: publisher.cookie } });
    expect(Buffer.from(await again.arrayBuffer()).equals(bytes)).toBe(true);

    // The PDF is in the list too (issue 14): an A4 PDF under the same naming.
    expect(await page.getByTestId('download-pdf').getAttribute('href')).toBe(
      `/api/docs/${docId}/export?format=pdf&scope=consensus&record=1`,
    );
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-pdf').click()]);
    expect(pdf.suggestedFilename()).toBe('housing-report.consensus.with-record.pdf');
    expect((await readFile((await pdf.path())!)).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // Issue 14 #16: say what was left out, if asked — placeholders and the annex of dissent, under their own file name.
    await page.getByTestId('include-placeholders').check();
    await page.getByTestId('dissent-annex').selectOption('attributed');
    const toldHref = (await page.getByTestId('download-md').getAttribute('href'))!;
    expect(toldHref).toBe(`/api/docs/${docId}/export?format=md&scope=consensus&record=1&placeholders=1&dissent=attributed`);
    expect(await page.getByTestId('export-filename').innerText()).toContain(
      'housing-report.consensus.with-record.with-placeholders.with-attributed-dissent.',
    );
    const told = await fetch(`${server.url}${toldHref}`, { headers: { cookie: publisher.cookie } });
    const toldText = await told.text();
    expect(toldText).toMatch(/Paragraph withheld: not agreed/);
    expect(toldText).toContain('Annex: dissent');
    // Placeholders are for the consensus text only: the draft leaves nothing out.
    await page.getByTestId('scope-draft').check();
    expect(await page.getByTestId('include-placeholders').isDisabled()).toBe(true);
    expect(await page.getByTestId('download-md').getAttribute('href')).not.toContain('placeholders');
    await page.getByTestId('scope-consensus').check();
    await page.getByTestId('include-placeholders').uncheck();
    await page.getByTestId('dissent-annex').selectOption('none');

    // The manifest downloads too, as JSON naming the files it fingerprints.
    const [manifestDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-manifest').click()]);
    expect(manifestDownload.suggestedFilename()).toBe('housing-report.consensus.with-record.manifest.json');
    const manifest = JSON.parse(await readFile((await manifestDownload.path())!, 'utf8')) as {
      format: string;
      files: { filename: string; sha256: string }[];
    };
    expect(manifest.format).toBe('concord-manifest');
    expect(manifest.files.map((f) => f.filename)).toEqual(expect.arrayContaining([expect.stringMatching(/\.docx$/)]));

    // A commissioner: no export link in the editor, and the export page says who can export.
    const com = await newSignedInPerson(suite.browser, server.url, commissioner.user.email, TEST_PASSWORD, `/d/${docId}`);
    people.push(com);
    await com.page.waitForSelector(editorSelector);
    await com.page.getByTestId('my-role').waitFor();
    expect(await com.page.getByTestId('export-link').count()).toBe(0);
    await com.page.goto(`/d/${docId}/export`);
    const forbidden = com.page.getByTestId('export-forbidden');
    await forbidden.waitFor();
    expect(await forbidden.innerText()).toContain('Only the author and publishers can export');
    expect(await com.page.getByTestId('download-docx').count()).toBe(0);
    await com.page.screenshot({ path: '/tmp/concord-e2e-export-forbidden.png' });
    expect([...pub.errors, ...com.errors].filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
