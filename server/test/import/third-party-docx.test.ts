/**
 * Import fidelity defects found against Word files nobody here made (issue 17):
 * each input is a DOCX assembled from XML strings as Word, LibreOffice or
 * pandoc write it, never by Concord's own exporter.
 */
import { describe, expect, it } from 'vitest';
import { importDocument } from '../../src/import/import-document.js';
import { ImportError } from '../../src/import/import-error.js';
import { counterIds, outline, rawDocx, utf8, wordParagraph, wordRun } from './helpers.js';

const importDocx = (bytes: Uint8Array, filename = 'third-party.docx') => importDocument({ filename, bytes, generateId: counterIds() });

const droppedWhat = (report: { dropped: { what: string }[] }) => report.dropped.map((d) => d.what);

describe('DOCX text that mammoth skipped is kept', () => {
  it('right-to-left runs (w:dir), bidi overrides (w:bdo) and simple fields (w:fldSimple) keep their text', async () => {
    const body =
      `<w:p><w:pPr><w:bidi/></w:pPr>${wordRun('التقرير ')}<w:dir w:val="rtl">${wordRun('يوصي بما يلي')}</w:dir></w:p>` +
      `<w:p><w:bdo w:val="rtl">${wordRun('overridden text')}</w:bdo></w:p>` +
      `<w:p>${wordRun('Dear ')}<w:fldSimple w:instr=" MERGEFIELD FirstName "><w:r><w:t>«FirstName»</w:t></w:r></w:fldSimple>${wordRun(',')}</w:p>` +
      `<w:p>${wordRun('Table ')}<w:fldSimple w:instr=" SEQ Table \\* ARABIC "><w:r><w:t>3</w:t></w:r></w:fldSimple>${wordRun(': Rents')}</w:p>`;
    const { doc, report } = await importDocx(rawDocx(body));
    expect(outline(doc)).toEqual(['p: التقرير يوصي بما يلي', 'p: overridden text', 'p: Dear «FirstName»,', 'p: Table 3: Rents']);
    expect(droppedWhat(report)).toEqual([]);
  });

  it('a file holding only right-to-left text is imported, not refused as empty', async () => {
    const { doc } = await importDocx(rawDocx(`<w:p><w:dir w:val="rtl">${wordRun('نص عربي فقط')}</w:dir></w:p>`));
    expect(outline(doc)).toEqual(['p: نص عربي فقط']);
  });

  it('text boxes drawn with DrawingML and no VML fallback keep their text; a box with a fallback is read once', async () => {
    const box = (text: string) => `<wps:txbx><w:txbxContent>${wordParagraph(text)}</w:txbxContent></wps:txbx>`;
    const drawing = (text: string) =>
      `<w:drawing><wp:anchor><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>${box(text)}</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>`;
    const body =
      wordParagraph('Before the shape.') +
      `<w:p><w:r>${drawing('Only in the shape.')}</w:r></w:p>` +
      `<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps">${drawing('In a box with a fallback.')}</mc:Choice>` +
      `<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>${wordParagraph('In a box with a fallback.')}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`;
    const { doc, report } = await importDocx(rawDocx(body));
    expect(outline(doc)).toEqual(['p: Before the shape.', 'p: Only in the shape.', 'p: In a box with a fallback.']);
    expect(droppedWhat(report)).toContain('text box or shape (its text kept as paragraphs; its position is lost)');
  });

  it('ruby keeps its base text and the annotation in brackets; equations keep their text and are reported', async () => {
    const body =
      `<w:p><w:ruby><w:rubyPr/><w:rt>${wordRun('とうきょう')}</w:rt><w:rubyBase>${wordRun('東京')}</w:rubyBase></w:ruby>${wordRun(' office')}</w:p>` +
      `<w:p>${wordRun('Energy: ')}<m:oMath><m:r><m:t>E=m</m:t></m:r><m:sSup><m:e><m:r><m:t>c</m:t></m:r></m:e><m:sup><m:r><m:t>2</m:t></m:r></m:sup></m:sSup></m:oMath></w:p>` +
      `<w:p><m:oMathPara><m:oMath><m:r><m:t>a&lt;b</m:t></m:r></m:oMath></m:oMathPara></w:p>`;
    const { doc, report } = await importDocx(rawDocx(body));
    expect(outline(doc)).toEqual(['p: 東京(とうきょう) office', 'p: Energy: E=mc2', 'p: a<b']);
    const equations = report.dropped.find((d) => d.what.startsWith('equation'));
    expect(equations).toMatchObject({ count: 2, example: 'E=mc2' });
  });

  it('what is still left out is listed in the report, not hidden among warnings', async () => {
    const body = `${wordParagraph('Kept.')}<w:p><w:customXml w:element="x">${wordRun('inside custom XML')}</w:customXml></w:p><w:p><w:sdt><w:sdtContent>${wordRun('in a content control')}</w:sdtContent></w:sdt></w:p>`;
    const { report } = await importDocx(rawDocx(`${body}<w:p><w:unknownThing/></w:p>`));
    expect(report.dropped).toContainEqual(
      expect.objectContaining({ what: 'Word element mammoth cannot read (left out)', example: 'w:unknownThing' }),
    );
    expect(report.warnings.join(' ')).not.toContain('unrecognised element');
  });
});

describe('DOCX packages as other tools write them', () => {
  it('reads the main document part where the package relationships put it, not only word/document.xml', async () => {
    const { doc } = await importDocx(rawDocx(wordParagraph('From a renamed main part.'), { mainPart: 'word/document2.xml' }));
    expect(outline(doc)).toEqual(['p: From a renamed main part.']);
  });

  it('a zip that is not a Word package is still refused', async () => {
    const bytes = rawDocx(wordParagraph('x'), { mainPart: 'word/document2.xml' });
    // Point the package relationship at a part that does not exist.
    const { unzipSync, zipSync, strFromU8, strToU8 } = await import('fflate');
    const files = unzipSync(bytes);
    files['_rels/.rels'] = strToU8(strFromU8(files['_rels/.rels']!).replace('word/document2.xml', 'word/missing.xml'));
    await expect(importDocx(zipSync(files))).rejects.toMatchObject({ code: 'content_mismatch' });
  });

  it('a paragraph of only no-break spaces is removed as empty; the import goes on', async () => {
    const body = `${wordParagraph('\u00a0\u00a0\u00a0')}${wordParagraph('Findings.')}${wordParagraph('\u00a0')}`;
    const { doc, report } = await importDocx(rawDocx(body));
    expect(outline(doc)).toEqual(['p: Findings.']);
    expect(report.warnings).toContain('2 empty paragraphs removed.');
    for (const [name, text] of [
      ['spaces.md', '\u00a0\u00a0\n\nFindings.\n'],
      ['spaces.html', '<p>&nbsp;&nbsp;</p><p>Findings.</p>'],
    ] as const) {
      const md = await importDocument({ filename: name, bytes: utf8(text), generateId: counterIds() });
      expect(outline(md.doc)).toEqual(['p: Findings.']);
    }
  });

  it('a password-protected file is named as such, and an old .doc as a .doc (both OLE files, not zips)', async () => {
    const ole = (withEncryption: boolean) => {
      const bytes = new Uint8Array(2048);
      bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
      const stream = Buffer.from(withEncryption ? 'EncryptedPackage' : 'WordDocument', 'utf16le');
      bytes.set(stream, 1024);
      return bytes;
    };
    const locked = await importDocx(ole(true), 'locked.docx').catch((e: unknown) => e);
    expect(locked).toBeInstanceOf(ImportError);
    expect((locked as ImportError).message).toMatch(/"locked.docx" is password-protected/);
    expect((locked as ImportError).message).not.toMatch(/zip/);
    const old = await importDocx(ole(false), 'old.docx').catch((e: unknown) => e);
    expect((old as ImportError).message).toMatch(/older Word document \(\.doc\)/);
  });
});

describe('list items whose first block is not a paragraph stay in their list (Markdown, HTML, DOCX)', () => {
  const expected = [
    'bulletList',
    '  listItem',
    '    p: ',
    '    bulletList',
    '      listItem',
    '        p: foo',
    '  listItem',
    '    p: ',
    '    blockquote',
    '      p: quoted',
    '  listItem',
    '    p: plain',
  ];
  const warning = '2 list items start with a list, quote or table: an empty first line was added so they stay in their list.';

  it('Markdown: `- - foo` and an item starting with a quote', async () => {
    const { doc, report } = await importDocument({
      filename: 'l.md',
      bytes: utf8('- - foo\n- > quoted\n- plain\n'),
      generateId: counterIds(),
    });
    expect(outline(doc)).toEqual(expected);
    expect(report.warnings).toContain(warning);
  });

  it('HTML: <li><ul>… and <li><blockquote>…', async () => {
    const html = '<ul><li> <ul><li>foo</li></ul></li><li><blockquote><p>quoted</p></blockquote></li><li>plain</li></ul>';
    const { doc, report } = await importDocument({ filename: 'l.html', bytes: utf8(html), generateId: counterIds() });
    expect(outline(doc)).toEqual(expected);
    expect(report.warnings).toContain(warning);
  });

  it('DOCX: a list that starts at its second level', async () => {
    const numbering =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="◦"/></w:lvl></w:abstractNum>' +
      '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>';
    const item = (level: number, text: string) =>
      `<w:p><w:pPr><w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="1"/></w:numPr></w:pPr>${wordRun(text)}</w:p>`;
    const bytes = rawDocx(item(1, 'foo') + item(0, 'plain'), {
      extraParts: { 'word/numbering.xml': numbering },
      relationships:
        '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>',
    });
    const { doc } = await importDocx(bytes);
    expect(outline(doc)).toEqual([
      'bulletList',
      '  listItem',
      '    p: ',
      '    bulletList',
      '      listItem',
      '        p: foo',
      '  listItem',
      '    p: plain',
    ]);
  });
});

describe('one link policy on import and export', () => {
  it('relative, empty and in-file links lose the link, keep the text, and are reported; http(s) and mailto stay', async () => {
    const md =
      '[site path](/path) [page](other.html) [nothing]() [section](#findings) [web](https://example.org) [mail](mailto:a@example.org)\n\n## Findings\n';
    const html =
      '<p><a href="/path">site path</a> <a href="other.html">page</a> <a href="">nothing</a> <a href="#findings">section</a> <a href="https://example.org">web</a> <a href="mailto:a@example.org">mail</a> <a name="x">named</a></p><h2 id="findings">Findings</h2>';
    for (const [filename, text] of [
      ['links.md', md],
      ['links.html', html],
    ] as const) {
      const { doc, report } = await importDocument({ filename, bytes: utf8(text), generateId: counterIds() });
      const json = JSON.stringify(doc);
      expect([...json.matchAll(/"href":"([^"]*)"/g)].map((m) => m[1])).toEqual(['https://example.org', 'mailto:a@example.org']);
      expect(report.kept.links).toBe(2);
      expect(json).toContain('site path page nothing section ');
      expect(report.dropped).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ what: 'relative link (text kept; no site to resolve it against)', count: 2 }),
          expect.objectContaining({ what: 'link with no address (text kept)', count: 1 }),
          expect.objectContaining({ what: 'link to a place in the same file (text kept; the file’s anchors are not kept)', count: 1 }),
        ]),
      );
    }
  });
});

describe('large note counts', () => {
  it('a Word file with 400 footnotes keeps each where it is cited, in order', async () => {
    const notes = Array.from({ length: 400 }, (_, i) => i + 1);
    const footnotes =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>' +
      '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>' +
      notes.map((n) => `<w:footnote w:id="${n}">${wordParagraph(`Source ${n}.`)}</w:footnote>`).join('') +
      '</w:footnotes>';
    const body = notes
      .map(
        (n) =>
          `<w:p>${wordRun(`Finding ${n}.`)}<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="${n}"/></w:r></w:p>`,
      )
      .join('');
    const bytes = rawDocx(body, {
      extraParts: { 'word/footnotes.xml': footnotes },
      relationships:
        '<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>',
    });
    const { doc, report } = await importDocx(bytes);
    expect(report.kept.footnotes).toBe(400);
    const lines = outline(doc);
    expect(lines).toHaveLength(400);
    expect(lines[0]).toBe('p: Finding 1.[^Source 1.]');
    expect(lines[399]).toBe('p: Finding 400.[^Source 400.]');
  });
});
