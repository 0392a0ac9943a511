import { describe, expect, it } from 'vitest';
import { importDocument } from '../../src/import/index.js';
import { counterIds, outline, utf8 } from './helpers.js';

describe('HTML import', () => {
  it('keeps structure and marks from a full HTML page, leaving out head, styles and classes', async () => {
    const html = `<!doctype html><html><head><title>Ignored title</title><style>p{color:red}</style></head>
      <body><header><h1 class="x">Report</h1></header>
      <section><h2>Findings</h2><p style="color:red">Rents <b>rose</b> and <i>wages</i> <u>fell</u>, <del>slowly</del> [4].</p>
      <div>Loose text in a div.</div><div>Another div.</div>
      <ul><li>One<ul><li>One point one</li></ul></li><li><p>Two</p></li></ul>
      <ol start="5"><li>Five</li></ol>
      <blockquote><p>Quoted</p></blockquote>
      <p>Line one<br>line two with <a href="https://e.org/x?a=1&amp;b=2">a link</a> and <a href="#notes">an anchor</a>.</p></section>
      </body></html>`;
    const { doc, report } = await importDocument({ filename: 'page.HTML', bytes: utf8(html), generateId: counterIds() });
    expect(outline(doc)).toEqual([
      'h1: Report',
      'h2: Findings',
      'p: Rents rose and wages fell, slowly [4].',
      'p: Loose text in a div.',
      'p: Another div.',
      'bulletList',
      '  listItem',
      '    p: One',
      '    bulletList',
      '      listItem',
      '        p: One point one',
      '  listItem',
      '    p: Two',
      'orderedList',
      '  listItem',
      '    p: Five',
      'blockquote',
      '  p: Quoted',
      'p: Line one\nline two with a link and an anchor.',
    ]);
    const json = JSON.stringify(doc);
    expect(json).toContain('"href":"https://e.org/x?a=1&b=2"');
    expect(json).toContain('"start":5');
    expect(json).not.toContain('Ignored title');
    // The in-page link (#notes) keeps its text only: the file's anchors are not kept (import-links.ts).
    expect(report.kept).toMatchObject({ bold: 1, italic: 1, underline: 1, strike: 1, links: 1, hardBreaks: 1, footnoteMarkers: 1 });
    expect(report.dropped.map((d) => d.what)).toEqual([
      'inline style (removed)',
      'link to a place in the same file (text kept; the file’s anchors are not kept)',
      'style sheet',
    ]);
  });

  it('never keeps script: scripts, handlers, javascript:/data: links, iframes, forms, SVG', async () => {
    const html = `<p onclick="alert(1)" onmouseover="alert(2)">Click <a href="javascript:alert(3)">me</a>
      <a href=" JAVASCRIPT:alert(4)">x</a> <a href="data:text/html,<script>alert(5)</script>">d</a></p>
      <script>alert(6)</script><noscript><p>noscript</p></noscript><iframe src="https://evil"></iframe>
      <svg><script>alert(7)</script></svg><form><input value="v"><button>Go</button></form>
      <p>safe <img src=x onerror=alert(8)> text</p><template><p>t</p></template><object data="x"></object>`;
    const { doc, report } = await importDocument({ filename: 'evil.htm', bytes: utf8(html) });
    const json = JSON.stringify(doc);
    expect(json).not.toMatch(/alert|javascript|data:|onclick|onerror|iframe|noscript|"href"/i);
    expect(outline(doc)).toEqual(['p: Click me x d', 'p: safe text', 'figure(missing, ): ']);
    const dropped = Object.fromEntries(report.dropped.map((d) => [d.what, d]));
    expect(dropped['script'].count).toBe(3);
    expect(dropped['event handler attribute (removed)'].count).toBe(3);
    expect(dropped['link with an unsupported address (text kept)'].count).toBe(3);
    expect(dropped['embedded content'].count).toBe(2);
    const notFetched = dropped['image file referenced by address (not fetched; kept as a missing image)']!;
    expect([notFetched.count, notFetched.example]).toEqual([1, 'x']);
    expect(dropped['form'].count).toBe(1);
    expect(dropped['image or drawing'].count).toBe(1);
  });

  it('keeps footnote markers and a Notes list', async () => {
    const html = '<p>Costs rose [12] and fell [13].</p><h1>Notes</h1><ol><li>[12] Source A.</li><li>[13] Source B.</li></ol>';
    const { doc, report } = await importDocument({ filename: 'n.html', bytes: utf8(html) });
    expect(outline(doc)).toEqual([
      'p: Costs rose [12] and fell [13].',
      'h1: Notes',
      'orderedList',
      '  listItem',
      '    p: [12] Source A.',
      '  listItem',
      '    p: [13] Source B.',
    ]);
    expect(report.kept.footnoteMarkers).toBe(4);
  });
  it('keeps what a figure holds beside its image and caption: text after the figure, a second image as its own figure', async () => {
    const html = `<figure><p>Source: survey of 2024.</p><img src="x.png" alt="First"><figcaption>Rents by region</figcaption>
      <img src="y.png" alt="Second">Note beside.</figure><p>After.</p>`;
    const { doc } = await importDocument({ filename: 'figure.html', bytes: utf8(html) });
    expect(outline(doc)).toEqual([
      'figure(missing, First): Rents by region',
      'p: Source: survey of 2024.',
      'figure(missing, Second): ',
      'p: Note beside.',
      'p: After.',
    ]);
  });
});
