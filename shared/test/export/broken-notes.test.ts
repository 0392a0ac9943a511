/**
 * Issue 17 unhappy path: a footnote whose note is emptied or removed by one
 * person while another edits it. Both replicas converge, and every export of
 * the result renders (an empty note as a visible broken reference), none throws.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportReport, type ExportBlockState, type PublishFormat } from '../../src/export/index.js';
import { docFragment, ydocToProseMirror } from '../../src/ydoc/read.js';
import { updateFromProseMirrorJSON } from '../../src/ydoc/write.js';

const start = {
  type: 'doc',
  content: [
    {
      type: 'paragraph',
      attrs: { id: 'p1' },
      content: [
        { type: 'text', text: 'Rents rose.' },
        { type: 'footnote', content: [{ type: 'text', text: 'Survey of 2024.' }] },
      ],
    },
  ],
};

/** Two replicas of the same state, and the Y.XmlText inside the paragraph's footnote in each. */
function replicas(): { a: Y.Doc; b: Y.Doc; noteText: (d: Y.Doc) => Y.XmlText; paragraph: (d: Y.Doc) => Y.XmlElement } {
  const update = updateFromProseMirrorJSON(start);
  const a = new Y.Doc();
  const b = new Y.Doc();
  Y.applyUpdate(a, update);
  Y.applyUpdate(b, update);
  const paragraph = (d: Y.Doc) => docFragment(d).get(0) as Y.XmlElement;
  const note = (d: Y.Doc) =>
    paragraph(d)
      .toArray()
      .find((n) => n instanceof Y.XmlElement && n.nodeName === 'footnote') as Y.XmlElement;
  const noteText = (d: Y.Doc) => note(d).get(0) as Y.XmlText;
  return { a, b, noteText, paragraph };
}

function sync(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB);
  Y.applyUpdate(a, toA);
}

async function exportsAll(doc: Y.Doc): Promise<Map<PublishFormat, string>> {
  const json = ydocToProseMirror(doc).toJSON() as Record<string, unknown>;
  const agreed: ExportBlockState = { status: 'agreed', stale: false, votes: [] };
  const out = new Map<PublishFormat, string>();
  for (const format of ['md', 'html', 'docx', 'json'] as const) {
    const file = await exportReport(
      {
        title: 'Notes',
        doc: json,
        blocks: new Map([['p1', agreed]]),
        rule: { kind: 'unanimous' },
        generatedAt: '2026-01-01T00:00:00Z',
        options: { scope: 'draft', includeRecord: false },
      },
      format,
    );
    out.set(format, format === 'docx' ? String(file.bytes.byteLength) : new TextDecoder().decode(file.bytes));
  }
  return out;
}

describe('a footnote whose note goes away under a concurrent edit', () => {
  it('one empties the note while the other types into it: both converge on the typed text', async () => {
    const { a, b, noteText } = replicas();
    noteText(a).delete(0, noteText(a).length);
    noteText(b).insert(noteText(b).length, ' Revised.');
    sync(a, b);
    expect(ydocToProseMirror(a).toJSON()).toEqual(ydocToProseMirror(b).toJSON());
    expect(noteText(a).toString()).toBe(' Revised.');
    await exportsAll(a);
  });

  it('one empties the note: every export shows a broken reference, none throws', async () => {
    const { a, b, noteText } = replicas();
    noteText(a).delete(0, noteText(a).length);
    sync(a, b);
    expect(ydocToProseMirror(a).toJSON()).toEqual(ydocToProseMirror(b).toJSON());
    const files = await exportsAll(b);
    expect(files.get('md')).toContain('Rents rose.');
    expect(files.get('html')).toContain('Rents rose.');
    expect(Number(files.get('docx'))).toBeGreaterThan(0);
  });

  it('one deletes the footnote node while the other edits its note: converges, the citing text stays, exports render', async () => {
    const { a, b, noteText, paragraph } = replicas();
    const index = paragraph(a)
      .toArray()
      .findIndex((n) => n instanceof Y.XmlElement && n.nodeName === 'footnote');
    paragraph(a).delete(index, 1);
    noteText(b).insert(0, 'Edited: ');
    sync(a, b);
    expect(ydocToProseMirror(a).toJSON()).toEqual(ydocToProseMirror(b).toJSON());
    const files = await exportsAll(a);
    expect(files.get('md')).toContain('Rents rose.');
    expect(files.get('md')).not.toContain('Edited:');
  });
});
