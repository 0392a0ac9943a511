/**
 * Issue 17 end to end against the real server: a Word file with footnotes, a
 * table, a picture and recommendations is imported; the commission agrees a
 * subset; the consensus exports (Markdown, HTML, PDF) hold exactly the notes of
 * the agreed paragraphs, renumbered, and renumbered recommendations (or the
 * draft's numbers when asked). The PDF is read back by an independent parser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFParse } from 'pdf-parse';
import { exportReport, updateFromProseMirrorJSON, type ExportBlockState } from '@concord/shared';
import { createDocument } from '@concord/server/docs/create-document';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, signedInCommission, type Commission, type SignedIn } from '../helpers/users.js';
import { makePng, sha256 } from '../helpers/images.js';

let server: TestServer;
let people: Commission;
beforeAll(async () => {
  server = await startTestServer();
  people = await signedInCommission(server);
});
afterAll(async () => server.dispose());

const png = makePng(40, 20, 11);
const text = (t: string) => ({ type: 'text', text: t });
const note = (t: string) => ({ type: 'footnote', content: [text(t)] });
const para = (id: string, content: unknown[], recommendation = false) => ({
  type: 'paragraph',
  attrs: { id, ...(recommendation ? { recommendation: true } : {}) },
  content,
});

/** The draft as the commission's Word file: written by Concord's own DOCX export (every block shown, no status marks). */
async function wordFile(): Promise<Uint8Array> {
  const doc = {
    type: 'doc',
    content: [
      { type: 'heading', attrs: { id: 'h1', level: 1 }, content: [text('Housing report')] },
      para('p1', [text('Rents rose fastest in the north.'), note('Survey of landlords, 2024.')]),
      para('p2', [text('Landlords are to blame.'), note('Disputed source.')]),
      para('p3', [text('Tax empty homes.'), note('Note on the tax.')], true),
      para('p4', [text('Build more homes.'), note('Note on building.')], true),
      {
        type: 'table',
        attrs: { id: 't1' },
        content: [
          { type: 'tableRow', content: ['Region', 'Rent'].map((t) => ({ type: 'tableHeader', attrs: {}, content: [text(t)] })) },
          { type: 'tableRow', content: ['North', '1,200'].map((t) => ({ type: 'tableCell', attrs: {}, content: [text(t)] })) },
        ],
      },
      { type: 'figure', attrs: { id: 'f1', image: sha256(png), alt: 'Bar chart' }, content: [text('Rents by region')] },
      { type: 'recommendationList' },
    ],
  };
  const agreed: ExportBlockState = { status: 'agreed', stale: false, votes: [] };
  const blocks = new Map(['h1', 'p1', 'p2', 'p3', 'p4', 't1', 'f1'].map((id) => [id, agreed]));
  const file = await exportReport(
    {
      title: 'Housing report',
      doc,
      blocks,
      rule: { kind: 'unanimous' },
      generatedAt: '2026-01-01T00:00:00Z',
      options: { scope: 'consensus', includeRecord: false },
      images: new Map([[sha256(png), { mediaType: 'image/png' as const, bytes: png }]]),
    },
    'docx',
  );
  return file.bytes;
}

async function exportText(who: SignedIn, docId: string, query: string): Promise<{ status: number; bytes: Uint8Array }> {
  const res = await fetch(`${server.url}/api/docs/${docId}/export?${query}`, { headers: { cookie: who.cookie } });
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function pdfText(bytes: Uint8Array): Promise<{ text: string; pages: number; info: Record<string, unknown> }> {
  const parser = new PDFParse({ data: bytes.slice() });
  try {
    const result = await parser.getText();
    const info = await parser.getInfo();
    return { text: result.text, pages: result.total, info: (info.info ?? {}) as Record<string, unknown> };
  } finally {
    await parser.destroy();
  }
}

describe('a Word report imported, partly agreed, exported', () => {
  let docId: string;

  beforeAll(async () => {
    const res = await fetch(`${server.url}/api/docs/import?filename=housing.docx&title=Housing%20report`, {
      method: 'POST',
      headers: { cookie: people.author.cookie },
      body: (await wordFile()) as Uint8Array<ArrayBuffer>,
    });
    expect(res.status).toBe(201);
    const imported = (await res.json()) as { id: string; report: { kept: Record<string, number> } };
    expect(imported.report.kept).toMatchObject({ footnotes: 4, tables: 1, figures: 1 });
    docId = imported.id;
    const members = server.services.stores.members;
    for (const c of [people.c1, people.c2]) await members.setMember(docId, c.user.id, 'commissioner');
    await members.setMember(docId, people.publisher.user.id, 'publisher');

    const view = await api(server, people.c1.cookie, 'GET', `/api/docs/${docId}/consensus`);
    const blocks = view.body.blocks as { id: string; kind: string; text: string; fingerprint: string }[];
    const vote = async (who: SignedIn, starts: string, stance: 'agree' | 'dispute') => {
      const block = blocks.find((b) => b.text.startsWith(starts) || b.kind === starts);
      expect(block, starts).toBeDefined();
      const body = { stance, fingerprint: block!.fingerprint, ...(stance === 'dispute' ? { reason: 'not supported' } : {}) };
      expect((await api(server, who.cookie, 'PUT', `/api/docs/${docId}/blocks/${block!.id}/vote`, body)).status).toBe(200);
    };
    // Everything is agreed but one finding and one recommendation, which Inès disputes.
    for (const who of [people.c1, people.c2])
      for (const starts of ['Housing report', 'Rents rose', 'Build more', 'table', 'figure']) await vote(who, starts, 'agree');
    await vote(people.c1, 'Landlords are', 'dispute');
    await vote(people.c1, 'Tax empty', 'dispute');
  });

  it('Markdown: the notes are exactly those of the agreed paragraphs, renumbered; recommendations renumbered', async () => {
    const md = new TextDecoder().decode((await exportText(people.publisher, docId, 'format=md')).bytes);
    const definitions = md.split('\n').filter((line) => /^\[\^\d+\]:/.test(line));
    expect(definitions).toEqual(['[^1]: Survey of landlords, 2024.', '[^2]: Note on building.']);
    expect(md).toContain('Rents rose fastest in the north.[^1]');
    expect(md).not.toContain('Disputed source');
    expect(md).not.toContain('Note on the tax');
    expect(md).not.toContain('Tax empty homes');
    expect(md).toMatch(/Recommendation 1\b[^\n]*Build more homes/);
    // The published numbering can keep the draft's numbers instead.
    const kept = new TextDecoder().decode((await exportText(people.publisher, docId, 'format=md&keepRecommendationNumbers=1')).bytes);
    expect(kept).toMatch(/Recommendation 2\b[^\n]*Build more homes/);
    expect(kept).not.toMatch(/Recommendation 1\b/);
  });

  it('HTML: the same notes, the table and the picture embedded', async () => {
    const html = new TextDecoder().decode((await exportText(people.publisher, docId, 'format=html')).bytes);
    expect(html).toContain('Survey of landlords, 2024.');
    expect(html).toContain('Note on building.');
    expect(html).not.toContain('Disputed source');
    expect(html).toContain('<th');
    expect(html).toContain(`data:image/png;base64,${Buffer.from(png).toString('base64')}`);
  });

  it('PDF: read back by an independent parser, the same text and notes; same bytes every time', async () => {
    const first = await exportText(people.publisher, docId, 'format=pdf');
    expect(first.status).toBe(200);
    expect(new TextDecoder().decode(first.bytes.subarray(0, 5))).toBe('%PDF-');
    const { text: pdf, pages, info } = await pdfText(first.bytes);
    expect(pages).toBeGreaterThanOrEqual(2); // a title page, then the report
    expect(info.Title).toBe('Housing report');
    const flat = pdf.replace(/\s+/g, ' ');
    for (const expected of [
      'Housing report',
      'Rents rose fastest in the north.',
      'Recommendation 1',
      'Build more homes.',
      'Region',
      '1,200',
      'Rents by region',
      'Notes',
      '1. Survey of landlords, 2024.',
      '2. Note on building.',
    ])
      expect(flat).toContain(expected);
    for (const absent of ['Landlords are to blame', 'Disputed source', 'Tax empty homes', 'Note on the tax'])
      expect(flat).not.toContain(absent);
    // Page numbers at the foot of the report's pages.
    expect(flat).toMatch(/Housing report · 1/);

    const second = await exportText(people.publisher, docId, 'format=pdf');
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    // The draft shows everything, with the statuses.
    const draft = (await pdfText((await exportText(people.author, docId, 'format=pdf&scope=draft')).bytes)).text.replace(/\s+/g, ' ');
    expect(draft).toContain('Landlords are to blame.');
    expect(draft).toContain('[DISPUTED]');
    expect(draft).toContain('4. Note on building.');
  }, 180_000);
});

describe('PDF of large and broken content', () => {
  it('a table of 200 rows runs over several pages; a note emptied by a concurrent edit shows as missing, never a crash', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({
      type: 'tableRow',
      content: [`Row ${i + 1}`, String(i * 7)].map((t) => ({ type: 'tableCell', attrs: {}, content: [{ type: 'text', text: t }] })),
    }));
    const json = {
      type: 'doc',
      content: [
        para('p1', [text('Before the table.'), { type: 'footnote', content: [] }]),
        { type: 'table', attrs: { id: 't1' }, content: rows },
        para('p2', [text('After the table.')]),
      ],
    };
    const meta = await createDocument(server.services.stores, {
      title: 'Big table',
      authorId: people.author.user.id,
      initialUpdate: updateFromProseMirrorJSON(json),
    });
    const res = await exportText(people.author, meta.id, 'format=pdf&scope=draft');
    expect(res.status).toBe(200);
    const { text: pdf, pages } = await pdfText(res.bytes);
    expect(pages).toBeGreaterThanOrEqual(5);
    const flat = pdf.replace(/\s+/g, ' ');
    expect(flat).toContain('Row 1 ');
    expect(flat).toContain('Row 200');
    expect(flat).toContain('After the table.');
    expect(flat).toContain('[note missing]');
  }, 180_000);
});

describe('PDF text in other scripts', () => {
  it('Greek, Cyrillic, Hebrew and Arabic text is drawn with embedded glyphs and read back, also in italics and bold', async () => {
    const lines = {
      greek: 'Η επιτροπή συμφωνεί.',
      russian: 'Комиссия согласна с выводами.',
      hebrew: 'הוועדה מסכימה',
      arabic: 'توافق اللجنة على النتائج',
    };
    const italic = (t: string) => ({ type: 'text', text: t, marks: [{ type: 'italic' }] });
    const bold = (t: string) => ({ type: 'text', text: t, marks: [{ type: 'bold' }] });
    const json = {
      type: 'doc',
      content: [
        para('g', [text(lines.greek)]),
        para('r', [bold(lines.russian)]),
        para('h', [text(lines.hebrew)]),
        para('a', [text(lines.arabic)]),
        // The oblique faces have no Arabic: the upright face draws it.
        para('ai', [italic(`Quoted: ${lines.arabic}`)]),
        para('gi', [italic(lines.greek)]),
      ],
    };
    const meta = await createDocument(server.services.stores, {
      title: 'Σχέδιο — Проект',
      authorId: people.author.user.id,
      initialUpdate: updateFromProseMirrorJSON(json),
    });
    const res = await exportText(people.author, meta.id, 'format=pdf&scope=draft');
    expect(res.status).toBe(200);
    const { text: pdf } = await pdfText(res.bytes);
    // Arabic is drawn in joined (presentation) forms; NFKC maps them back to the letters typed.
    const flat = pdf.normalize('NFKC').replace(/\s+/g, ' ');
    expect(flat).toContain(lines.greek);
    expect(flat).toContain(lines.russian);
    expect(flat).toContain('Σχέδιο — Проект');
    const reversed = (s: string) => Array.from(s).reverse().join('');
    // Right-to-left words: the reader may give them in drawing order, so compare each word's letters.
    for (const word of [...lines.hebrew.split(' '), ...lines.arabic.split(' ')]) {
      const found = flat.includes(word) || flat.includes(reversed(word));
      expect(found ? word : `${word} missing from: ${flat}`).toBe(word);
    }
    // Each Arabic word twice: upright and in the italic paragraph.
    for (const word of lines.arabic.split(' ')) {
      const count = flat.split(word).length - 1 + (flat.split(reversed(word)).length - 1);
      expect(count).toBeGreaterThanOrEqual(2);
    }
    expect(flat).not.toContain('\ufffd');
  }, 180_000);
});
