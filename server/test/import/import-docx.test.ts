import { renderDocx } from '@concord/shared';
import { buildWordFixture, SAMPLE_PNG_SHA256, sampleExportInput } from '@concord/shared/fixtures/index';
import { describe, expect, it } from 'vitest';
import { importDocument } from '../../src/import/index.js';
import { blockIds, outline } from './helpers.js';

describe('DOCX import', () => {
  it('keeps the structure of a Word document and reports what it left out', async () => {
    const { doc, report } = await importDocument({ filename: 'Interim Report.DOCX', bytes: await buildWordFixture() });
    expect(outline(doc)).toEqual([
      'h1: Interim Report',
      'h1: 1. Scope',
      'p: We heard from 240 witnesses in nine towns, in person and online. R&D spending fell [12]; see the evidence (highlighted).',
      'h2: 1.1 Findings',
      'bulletList',
      '  listItem',
      '    p: Rents rose faster than wages.',
      '    bulletList',
      '      listItem',
      '        p: In cities, fastest.',
      '  listItem',
      '    p: Waiting lists grew.',
      'h2: 1.2 Recommendations',
      'orderedList',
      '  listItem',
      '    p: Build more social homes.',
      '  listItem',
      '    p: Index housing benefit to rents [13].',
      'blockquote',
      '  p: “Nobody asked us,” a tenant said.',
      'figure(2b1da20a, Rent chart): ',
      'table: Year | Rent',
      'h1: Notes',
      'orderedList',
      '  listItem',
      '    p: [12] Office for Statistics, 2024.',
      '  listItem',
      '    p: [13] Housing Survey, 2023.',
    ]);
    expect(report.kept).toMatchObject({ bold: 1, italic: 1, underline: 1, strike: 1, links: 1, footnoteMarkers: 4, blockquotes: 1 });
    expect(report.dropped).toEqual([{ what: 'Word run style (formatting dropped, text kept)', count: 1, example: 'Fancy Emphasis' }]);
    expect(report.kept).toMatchObject({ figures: 1, tables: 1, imagesMissing: 0 });
    expect(JSON.stringify(doc)).toContain('"href":"https://example.org/evidence"');
    const ids = blockIds(doc);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reads back a Concord DOCX export: headings, lists, quotes and marks', async () => {
    const bytes = await renderDocx(sampleExportInput({ scope: 'consensus', includeRecord: false }));
    const { doc, report } = await importDocument({ filename: 'export.docx', bytes });
    const lines = outline(doc);
    expect(lines.filter((l) => /^\s*h\d/.test(l))).toEqual([
      'h1: Commission on Housing & Work — Final Report',
      'h1: 1. Introduction',
      'h2: 1.1 Findings',
      'h2: 1.2 Recommendations',
      'h3: Quoted heading',
      'h1: 2. Report content',
      'h2: 2.1 Summary of recommendations',
      'h2: 2.2 Data',
      'h1: Notes',
    ]);
    expect(lines).toContain('    p: Housing costs rose by 40%.');
    expect(lines).toContain('        p: In cities, faster.');
    expect(lines).toContain('  p: “We were never asked,” said one tenant.');
    // Nothing dropped: the sample's in-page link (#notes) is written as plain text by every export under
    // the one link policy (safeHref), so the file holds no bookmark link to report (a Word file that has
    // one is covered in third-party-docx.test.ts).
    expect(report.dropped).toEqual([]);
    expect(report.kept).toMatchObject({ bold: 10, italic: 5, underline: 1, strike: 1, hardBreaks: 3 });
    // Word footnotes come back as Concord footnotes where they were cited; tables, the picture
    // (by content hash) and its caption, and the recommendations come back too.
    expect(report.kept).toMatchObject({ footnotes: 6, tables: 1, figures: 1, imagesMissing: 0, recommendations: 2 });
    expect(lines).toContain(
      'p: Rents rose fastest in cities.[^Office for Statistics, Housing 2024.] Wages lagged.[^Wage survey 2024, table 3.]',
    );
    expect(lines).toContain(
      'table: *Region | *Rent | change | *Source / North | +40% | Survey[^Regional survey, wave 2.] / South | +12%\n(est.) |  / All regions, weighted | —',
    );
    expect(lines).toContain(
      `figure(${SAMPLE_PNG_SHA256.slice(0, 8)}, Bar chart of rents by region): Figure 1. Rents by region, 2024.[^Chart by the secretariat.]`,
    );
    expect(lines).toContain('rec: Build 300,000 homes a year.[^As in the 2019 plan.]');
  });
});
