import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mammoth from 'mammoth';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, type SignedIn, signedInCommission } from '../helpers/users.js';

let server: TestServer;
let author: SignedIn, c1: SignedIn, c2: SignedIn, publisher: SignedIn, observer: SignedIn, outsider: SignedIn;

beforeAll(async () => {
  server = await startTestServer();
  ({ author, c1, c2, publisher, observer, outsider } = await signedInCommission(server));
});
afterAll(async () => server.dispose());

async function importMarkdown(who: SignedIn, markdown: string, filename = 'draft.md') {
  const res = await fetch(`${server.url}/api/docs/import?filename=${encodeURIComponent(filename)}&title=Imported`, {
    method: 'POST',
    headers: { cookie: who.cookie, 'content-type': 'application/octet-stream' },
    body: markdown,
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function exportRaw(who: SignedIn | undefined, docId: string, query: string) {
  const res = await fetch(`${server.url}/api/docs/${docId}/export?${query}`, { headers: who ? { cookie: who.cookie } : {} });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

const MARKDOWN = `# Report

## Agreed section

Fair pay & conditions: 5 < 6 for all care workers.

- First point
- Second point

## Disputed section

We recommend a *new* tax.
`;

describe('import and consensus export', () => {
  it('imports Markdown, exports only agreed blocks, and is reproducible', async () => {
    const imported = await importMarkdown(author, MARKDOWN);
    expect(imported.status).toBe(201);
    const docId = imported.body.id as string;
    for (const m of [c1, c2]) await server.services.stores.members.setMember(docId, m.user.id, 'commissioner');
    await server.services.stores.members.setMember(docId, publisher.user.id, 'publisher');

    const view = await api(server, author.cookie, 'GET', `/api/docs/${docId}/consensus`);
    const blocks = view.body.blocks as { id: string; text: string; fingerprint: string }[];
    const agreeOn = (text: string) => blocks.find((b) => b.text === text)!;
    for (const text of [
      'Report',
      'Agreed section',
      'Fair pay & conditions: 5 < 6 for all care workers.',
      'First point',
      'Disputed section',
    ]) {
      const b = agreeOn(text);
      for (const who of [c1, c2])
        expect(
          (await api(server, who.cookie, 'PUT', `/api/docs/${docId}/blocks/${b.id}/vote`, { stance: 'agree', fingerprint: b.fingerprint }))
            .status,
        ).toBe(200);
    }

    const md = await exportRaw(publisher, docId, 'format=md&scope=consensus');
    expect(md.status).toBe(200);
    const text = new TextDecoder().decode(md.bytes);
    expect(text).toContain('Fair pay & conditions: 5 < 6 for all care workers.');
    expect(text).toContain('First point');
    expect(text).not.toContain('Second point');
    // The disputed section's heading is agreed but nothing under it is: it must go.
    expect(text).not.toContain('Disputed section');
    expect(text).not.toContain('new');

    const again = await exportRaw(author, docId, 'format=md&scope=consensus');
    expect(Buffer.from(again.bytes).equals(Buffer.from(md.bytes))).toBe(true);
    const docx1 = await exportRaw(publisher, docId, 'format=docx');
    const docx2 = await exportRaw(publisher, docId, 'format=docx');
    expect(Buffer.from(docx1.bytes).equals(Buffer.from(docx2.bytes))).toBe(true);
    const read = await mammoth.convertToHtml({ buffer: Buffer.from(docx1.bytes) });
    expect(read.value).toContain('<h2>Agreed section</h2>');

    const html = await exportRaw(publisher, docId, 'format=html');
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(new TextDecoder().decode(html.bytes)).not.toMatch(/<script/i);

    const preview = await api(server, publisher.cookie, 'GET', `/api/docs/${docId}/export/preview?scope=consensus`);
    expect(preview.status).toBe(200);
    expect(preview.body.excluded).toBeGreaterThan(0);

    const manifest = await api(server, publisher.cookie, 'GET', `/api/docs/${docId}/export/manifest`);
    expect(manifest.status).toBe(200);
  });

  it('refuses export to commissioners and observers (403), non-members (404) and the signed-out (401)', async () => {
    const imported = await importMarkdown(author, '# Title\n\nText.\n');
    const docId = imported.body.id as string;
    await server.services.stores.members.setMember(docId, c1.user.id, 'commissioner');
    await server.services.stores.members.setMember(docId, observer.user.id, 'observer');
    expect((await exportRaw(c1, docId, 'format=md')).status).toBe(403);
    expect((await exportRaw(observer, docId, 'format=md')).status).toBe(403);
    expect((await exportRaw(outsider, docId, 'format=md')).status).toBe(404);
    expect((await exportRaw(undefined, docId, 'format=md')).status).toBe(401);
    expect((await exportRaw(author, docId, 'format=odt')).status).toBe(400);
    expect((await exportRaw(author, docId, 'format=md&scope=everything')).status).toBe(400);
  });

  it('refuses hostile imports and creates nothing', async () => {
    const before = (await server.services.stores.docs.listDocs()).length;
    expect((await importMarkdown(author, 'not a zip', 'evil.docx')).status).toBe(400);
    expect((await importMarkdown(author, 'x', 'evil.exe')).status).toBe(400);
    expect((await importMarkdown(author, '', 'empty.md')).status).toBe(400);
    const scripted = await importMarkdown(author, '<p>Hello<script>alert(1)</script><img src=x onerror=alert(1)></p>', 'page.html');
    if (scripted.status === 201) {
      const view = await api(server, author.cookie, 'GET', `/api/docs/${scripted.body.id}/consensus`);
      expect(JSON.stringify(view.body.blocks)).not.toContain('alert');
      await api(server, author.cookie, 'DELETE', `/api/docs/${scripted.body.id}`);
    }
    const res = await fetch(`${server.url}/api/docs/import?filename=x.md`, { method: 'POST', body: 'hello' });
    expect(res.status).toBe(401);
    expect((await server.services.stores.docs.listDocs()).length).toBe(before);
  });
});
