import { describe, expect, it } from 'vitest';
import { importDocument } from '../../src/import/index.js';
import { blockIds, counterIds, outline, utf8 } from './helpers.js';

const SOURCE = `# 1. Housing

The commission heard **240 witnesses** in _nine towns_, <u>in person</u> and ~~online~~; see [the evidence](https://example.org/e) [133].

## 1.1 Findings

- Rents rose.
  - In cities, fastest.
- Wages did not.

3. Build homes.
4. Index benefits.

> “Nobody asked us.”

# Notes

1. [133] Office for Statistics, 2024.
`;

describe('Markdown import', () => {
  it('keeps headings, paragraphs, nested lists, ordered start, quotes, marks, links and footnote markers', async () => {
    const { doc, report } = await importDocument({ filename: 'report.md', bytes: utf8(SOURCE), generateId: counterIds() });
    expect(outline(doc)).toEqual([
      'h1: 1. Housing',
      'p: The commission heard 240 witnesses in nine towns, in person and online; see the evidence [133].',
      'h2: 1.1 Findings',
      'bulletList',
      '  listItem',
      '    p: Rents rose.',
      '    bulletList',
      '      listItem',
      '        p: In cities, fastest.',
      '  listItem',
      '    p: Wages did not.',
      'orderedList',
      '  listItem',
      '    p: Build homes.',
      '  listItem',
      '    p: Index benefits.',
      'blockquote',
      '  p: “Nobody asked us.”',
      'h1: Notes',
      'orderedList',
      '  listItem',
      '    p: [133] Office for Statistics, 2024.',
    ]);
    expect(JSON.stringify(doc)).toContain('"start":3');
    expect(report.kept).toMatchObject({
      headings: 3,
      bold: 1,
      italic: 1,
      underline: 1,
      strike: 1,
      links: 1,
      footnoteMarkers: 2,
      blockquotes: 1,
      orderedLists: 2,
    });
    expect(report.dropped).toEqual([]);
    expect(report.format).toBe('md');
  });

  it('gives every block a fresh unique id', async () => {
    const { doc } = await importDocument({ filename: 'report.md', bytes: utf8(SOURCE) });
    const ids = blockIds(doc);
    expect(ids.length).toBe(11);
    expect(new Set(ids).size).toBe(ids.length);
    ids.forEach((id) => expect(id).toMatch(/^[0-9a-f-]{36}$/));
  });

  it('drops raw HTML that is not allowed, with its content, and lists it', async () => {
    const source =
      'Hello <script>alert(1)</script><img src="x.png" alt="chart" onerror="alert(2)"> world.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[click](javascript:alert(3)) <a href="vbscript:x">vb</a>\n\n![pic](https://e.org/p.png)\n';
    const { doc, report } = await importDocument({ filename: 'x.markdown', bytes: utf8(source) });
    const json = JSON.stringify(doc);
    expect(json).not.toMatch(/<script|alert\(1\)|onerror|<img|"href":"(?:javascript|vbscript)/i);
    // markdown-it refuses the javascript: link and leaves its source as text: inert.
    // Images named by an address are never fetched: they are kept as figures without an image, and reported.
    expect(outline(doc)).toEqual([
      'p: Hello world.',
      'figure(missing, chart): ',
      'table: *a | *b / 1 | 2',
      'p: [click](javascript:alert(3)) vb',
      'figure(missing, pic): ',
    ]);
    expect(report.warnings).toEqual(['2 figures kept without an image (the file did not hold it): upload it in the editor.']);
    const dropped = Object.fromEntries(report.dropped.map((d) => [d.what, d.count]));
    expect(dropped).toMatchObject({
      script: 1,
      'image file referenced by address (not fetched; kept as a missing image)': 2,
      'event handler attribute (removed)': 1,
      'link with an unsupported address (text kept)': 1,
    });
    expect(report.kept).toMatchObject({ tables: 1, figures: 2, imagesMissing: 2 });
  });
});
