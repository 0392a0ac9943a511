import { describe, expect, it } from 'vitest';
import { renderDocx } from '../../src/export/index.js';
import { sampleExportInput } from '../../src/fixtures/index.js';
import { readZip, zipText } from './zip-reader.js';

describe('DOCX renderer', () => {
  it('uses Word heading, title and quote styles, real numbering and hyperlinks', async () => {
    const bytes = await renderDocx(sampleExportInput({ scope: 'consensus', includeRecord: false }));
    const body = zipText(bytes, 'word/document.xml');
    for (const style of ['Title', 'Heading1', 'Heading2', 'Heading3', 'Quote']) expect(body).toContain(`<w:pStyle w:val="${style}"/>`);
    expect(body).toMatch(/<w:numPr><w:ilvl w:val="1"\/><w:numId w:val="\d+"\/><\/w:numPr>/);
    expect(body).toContain('<w:b/>');
    expect(body).toContain('<w:i/>');
    expect(body).toContain('<w:strike/>');
    expect(body).toContain('<w:u w:val="single"/>');
    expect(body).toContain('r:id="rIdConcordLink1"');
    expect(body).not.toContain('javascript');
    const styles = zipText(bytes, 'word/styles.xml');
    expect(styles).toContain('<w:name w:val="heading 1"/>');
    expect(styles).toContain('<w:style w:type="paragraph" w:styleId="Quote">');
    const numbering = zipText(bytes, 'word/numbering.xml');
    expect(numbering).toContain('<w:numFmt w:val="bullet"/>');
    expect(numbering).toMatch(/<w:start w:val="3"\/><w:numFmt w:val="decimal"\/>/);
    const rels = zipText(bytes, 'word/_rels/document.xml.rels');
    expect(rels).toContain(
      'Id="rIdConcordLink1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/consult?a=1&amp;b=2" TargetMode="External"',
    );
  });

  it('takes its dates from generatedAt: core properties and every zip entry', async () => {
    const bytes = await renderDocx(sampleExportInput());
    const core = zipText(bytes, 'docProps/core.xml');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2025-03-04T12:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2025-03-04T12:00:00Z</dcterms:modified>');
    const dosDate = ((2025 - 1980) << 9) | (3 << 5) | 4;
    const dosTime = 12 << 11;
    for (const [name, entry] of readZip(bytes)) {
      expect({ name, date: entry.date, time: entry.time }).toEqual({ name, date: dosDate, time: dosTime });
    }
  });

  it('leaves the dates out without generatedAt, and stamps the zip 1980-01-01', async () => {
    const input = { ...sampleExportInput(), generatedAt: undefined };
    const bytes = await renderDocx(input);
    expect(zipText(bytes, 'docProps/core.xml')).not.toContain('dcterms:created');
    for (const entry of readZip(bytes).values()) expect(entry.date).toBe((0 << 9) | (1 << 5) | 1);
  });

  it('marks each block with its status in draft scope', async () => {
    const body = zipText(await renderDocx(sampleExportInput({ scope: 'draft', includeRecord: false })), 'word/document.xml');
    expect(body).toContain(' [DISPUTED · STALE]');
    expect(body).toContain(' [IN REVIEW]');
  });
});
