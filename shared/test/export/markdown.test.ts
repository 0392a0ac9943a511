import { describe, expect, it } from 'vitest';
import { markdownFromDoc, renderMarkdown } from '../../src/export/index.js';
import { sampleExportInput } from '../../src/fixtures/index.js';
import { doc, h, li, linkText, ol, p, quote, statesFor, text, ul } from './helpers.js';

const md = (...blocks: Parameters<typeof doc>) => markdownFromDoc(doc(...blocks));

describe('Markdown renderer', () => {
  it('leaves ordinary punctuation alone: &, quotes, intraword _, spaced *, footnote markers', () => {
    expect(md(p('a', 'AT&T said "yes" & \'no\'; snake_case, 5 * 3, see [133].'))).toBe(
      'AT&T said "yes" & \'no\'; snake_case, 5 * 3, see [133].',
    );
  });

  it('escapes what would become syntax', () => {
    expect(md(p('a', '*not em* _nor this_ `code` ~x~ <b>tag</b> &amp; [x](y) \\'))).toBe(
      '\\*not em\\* \\_nor this\\_ \\`code\\` \\~x\\~ \\<b>tag\\</b> \\&amp; [x\\](y) \\\\',
    );
  });

  it('escapes block syntax at the start of every line', () => {
    const lines = ['# h', '> q', '- li', '+ li', '1. one', '2) two', '***', '   indented', '==='];
    const content = lines.flatMap((line, i) => (i === 0 ? [text(line)] : [{ type: 'hardBreak' as const }, text(line)]));
    expect(md(p('a', ...content))).toBe(
      ['\\# h', '\\> q', '\\- li', '\\+ li', '1\\. one', '2\\) two', '\\*\\*\\*', '&#32;  indented', '\\==='].join('\\\n'),
    );
  });

  it('writes marks, moving edge whitespace outside delimiters', () => {
    expect(
      md(p('a', text('bold ', 'bold'), 'plain ', text(' italic', 'italic'), ' ', text('gone', 'strike'), ' ', text('under', 'underline'))),
    ).toBe('**bold** plain  _italic_ ~~gone~~ <u>under</u>');
  });

  it('falls back to HTML tags where a delimiter could not open or close', () => {
    expect(md(p('a', 'snake', text('case', 'italic'), 'd'))).toBe('snake<em>case</em>d');
    expect(md(p('a', 'x', text('"q"', 'bold'), 'y'))).toBe('x<strong>"q"</strong>y');
  });

  it('writes links, and unsafe links as plain text', () => {
    expect(md(p('a', linkText('site (new)', 'https://e.org/a_(b)'), ' ', linkText('bad', 'javascript:alert(1)')))).toBe(
      '[site (new)](https://e.org/a_\\(b\\)) bad',
    );
  });

  it('does not let a literal ! turn a link into an image', () => {
    expect(md(p('a', 'Wow!', linkText('x', 'https://e.org')))).toBe('Wow\\![x](https://e.org)');
  });

  it('keeps two adjacent lists of one kind apart by switching the marker', () => {
    expect(md(ul(li(p('a', 'a'))), ul(li(p('b', 'b'))), ol(1, li(p('c', 'c'))), ol(1, li(p('d', 'd'))))).toBe('- a\n\n* b\n\n1. c\n\n1) d');
  });

  it('writes nested and loose lists, ordered lists from their start, and quotes', () => {
    expect(
      md(
        ul(li(p('a', 'a'), ul(li(p('b', 'b')))), li(p('c', 'c'), p('c2', 'c2'))),
        ol(7, li(p('d', 'd'))),
        quote(p('q', 'q'), h('qh', 2, 'Q')),
      ),
    ).toBe('- a\n  - b\n\n- c\n\n  c2\n\n7. d\n\n> q\n>\n> ## Q');
  });

  it('writes an item with an empty lead paragraph so its sublist stays inside it', () => {
    expect(md(ul(li(p('a', 'a'), ul(li(p(null), ul(li(p('b', 'b'))))))))).toBe('- a\n\n  -\n    - b');
  });

  it('escapes a closing # run in headings and turns hard breaks into <br />', () => {
    expect(md(h('h', 2, 'C#'), h('h2', 2, 'Issue #'))).toBe('## C#\n\n## Issue \\#');
    expect(
      markdownFromDoc(doc({ type: 'heading', attrs: { id: 'h', level: 3 }, content: [text('a'), { type: 'hardBreak' }, text('b')] })),
    ).toBe('### a<br />b');
  });

  it('marks each block with its status in draft scope, as a trailing HTML comment', () => {
    const d = doc(h('h', 1, 'T'), p('a', 'x'));
    const states = statesFor(d);
    states.set('a', { status: 'disputed', stale: true, votes: [] });
    expect(markdownFromDoc(d, { statusOf: (id) => states.get(id)! })).toBe(
      '# T <!-- status: agreed -->\n\nx <!-- status: disputed, stale -->',
    );
  });

  it('renders the whole export with title, scope line and record', () => {
    const out = renderMarkdown(sampleExportInput());
    expect(out.startsWith('# Commission on Housing & Work — Final Report\n\n_Consensus text')).toBe(true);
    expect(out).toContain('# Consensus record');
    expect(out).not.toContain('This paragraph is disputed');
    expect(out.endsWith('\n')).toBe(true);
  });
});
