/**
 * Issue 14 #16: exports say what they left out, if asked. Against the real
 * server: placeholders where withheld blocks stood, the annex of dissent
 * (attributed or anonymous, with the reasons), distinct file names for each
 * combination, every format (PDF read back), byte-identical for the same state
 * and options, and nothing of this unless asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mammoth from 'mammoth';
import { PDFParse } from 'pdf-parse';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, signedInCommission, type Commission, type SignedIn } from '../helpers/users.js';

let server: TestServer;
let people: Commission;
let docId: string;
const REASON = 'The tax would fall on the poorest households first.';

beforeAll(async () => {
  server = await startTestServer();
  people = await signedInCommission(server);
  const res = await fetch(`${server.url}/api/docs/import?filename=draft.md&title=Care%20report`, {
    method: 'POST',
    headers: { cookie: people.author.cookie, 'content-type': 'application/octet-stream' },
    body: '# Care\n\nFair pay for all care workers.\n\nWe recommend a new tax.\n\nTraining should be free.\n',
  });
  docId = ((await res.json()) as { id: string }).id;
  for (const m of [people.c1, people.c2]) await server.services.stores.members.setMember(docId, m.user.id, 'commissioner');
  await server.services.stores.members.setMember(docId, people.publisher.user.id, 'publisher');
  const blocks = (await api(server, people.author.cookie, 'GET', `/api/docs/${docId}/consensus`)).body.blocks as {
    id: string;
    text: string;
    fingerprint: string;
  }[];
  const vote = async (who: SignedIn, text: string, stance: 'agree' | 'dispute', reason?: string) => {
    const b = blocks.find((x) => x.text === text)!;
    const r = await api(server, who.cookie, 'PUT', `/api/docs/${docId}/blocks/${b.id}/vote`, {
      stance,
      fingerprint: b.fingerprint,
      ...(reason ? { reason } : {}),
    });
    expect(r.status).toBe(200);
  };
  for (const who of [people.c1, people.c2]) {
    await vote(who, 'Care', 'agree');
    await vote(who, 'Fair pay for all care workers.', 'agree');
  }
  await vote(people.c1, 'We recommend a new tax.', 'dispute', REASON);
  // "Training should be free." has no votes: withheld, but not disputed.
});
afterAll(async () => server.dispose());

async function exportFile(query: string) {
  const res = await fetch(`${server.url}/api/docs/${docId}/export?${query}`, { headers: { cookie: people.publisher.cookie } });
  const disposition = res.headers.get('content-disposition') ?? '';
  return {
    status: res.status,
    filename: /filename="([^"]+)"/.exec(disposition)?.[1] ?? '',
    bytes: new Uint8Array(await res.arrayBuffer()),
  };
}
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

async function pdfText(bytes: Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: bytes.slice() });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describe('exports say what they left out (issue 14 #16)', () => {
  it('by default leaves withheld blocks out silently, with no annex, under the plain file name', async () => {
    const md = await exportFile('format=md');
    expect(md.status).toBe(200);
    expect(md.filename).toBe('care-report.consensus.md');
    const text = decode(md.bytes);
    expect(text).toContain('Fair pay for all care workers.');
    expect(text).not.toContain('withheld');
    expect(text).not.toContain('new tax');
    expect(text).not.toContain('Annex');
  });

  it('puts a placeholder where each withheld block stood, in every format', async () => {
    const md = await exportFile('format=md&placeholders=1');
    expect(md.filename).toBe('care-report.consensus.with-placeholders.md');
    const text = decode(md.bytes);
    // Markdown escapes the brackets (\[…\]), so they print as written.
    expect(text.match(/\\?\[Paragraph withheld: not agreed\\?\]/g)).toHaveLength(2);
    expect(text).not.toContain('new tax');
    expect(text.indexOf('Fair pay')).toBeLessThan(text.indexOf('[Paragraph withheld'));

    const html = decode((await exportFile('format=html&placeholders=1')).bytes);
    expect(html).toContain('[Paragraph withheld: not agreed]');
    const docx = await exportFile('format=docx&placeholders=1');
    const raw = (await mammoth.extractRawText({ buffer: Buffer.from(docx.bytes) })).value;
    expect(raw).toContain('[Paragraph withheld: not agreed]');
    const json = JSON.parse(decode((await exportFile('format=json&placeholders=1')).bytes)) as { blocks: { id: string }[] };
    // Placeholders are not blocks: the JSON's block list (and the record, and the manifest) are unchanged.
    expect(json.blocks).toHaveLength(2);
    const pdf = await exportFile('format=pdf&placeholders=1');
    expect(pdf.filename).toBe('care-report.consensus.with-placeholders.pdf');
    expect(await pdfText(pdf.bytes)).toContain('[Paragraph withheld: not agreed]');
  });

  it('appends the annex of dissent with the reasons, attributed or anonymous as the publisher chooses', async () => {
    const attributed = await exportFile('format=md&dissent=attributed');
    expect(attributed.filename).toBe('care-report.consensus.with-attributed-dissent.md');
    const named = decode(attributed.bytes);
    expect(named).toContain('Annex: dissent');
    expect(named).toContain('We recommend a new tax.');
    expect(named).toContain(REASON);
    expect(named).toContain(people.c1.user.name);
    // Not disputed (only unvoted) blocks are not dissent.
    expect(named).not.toContain('Training should be free.');

    const anonymous = await exportFile('format=md&dissent=anonymous');
    expect(anonymous.filename).toBe('care-report.consensus.with-dissent.md');
    const unnamed = decode(anonymous.bytes);
    expect(unnamed).toContain(REASON);
    expect(unnamed).not.toContain(people.c1.user.name);

    const pdf = await pdfText((await exportFile('format=pdf&dissent=anonymous')).bytes);
    expect(pdf).toContain('Annex: dissent');
    const docx = await exportFile('format=docx&dissent=attributed&record=1');
    expect(docx.filename).toBe('care-report.consensus.with-record.with-attributed-dissent.docx');
    expect((await mammoth.extractRawText({ buffer: Buffer.from(docx.bytes) })).value).toContain(REASON);
  });

  it('names exports with and without the record differently; same state and options give the same bytes', async () => {
    const plain = await exportFile('format=html');
    const withRecord = await exportFile('format=html&record=1');
    expect(plain.filename).toBe('care-report.consensus.html');
    expect(withRecord.filename).toBe('care-report.consensus.with-record.html');
    expect((await exportFile('format=html&scope=draft&record=1')).filename).toBe('care-report.draft.with-record.html');
    for (const query of [
      'format=docx&placeholders=1&dissent=attributed&record=1',
      'format=md&dissent=anonymous',
      'format=pdf&placeholders=1',
    ]) {
      const a = await exportFile(query);
      const b = await exportFile(query);
      expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    }
    const manifest = await api(
      server,
      people.publisher.cookie,
      'GET',
      `/api/docs/${docId}/export/manifest?placeholders=1&dissent=anonymous`,
    );
    expect(manifest.status).toBe(200);
    expect((manifest.body.blocks as unknown[]).length).toBe(2);
  });

  it('refuses an unknown annex mode with 400 naming the field', async () => {
    const res = await api(server, people.publisher.cookie, 'GET', `/api/docs/${docId}/export?format=md&dissent=everyone`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('dissent');
  });
});
