/**
 * Export output checked with independent readers that live on the server side
 * (sanitize-html, mammoth): the HTML body is already clean by a strict
 * allow-list, and Word documents open with the expected headings.
 */
import type { ExportInput } from '@concord/shared';
import { renderDocx, renderHtml } from '@concord/shared';
import { generateBlockStates, generateReport, sampleExportInput } from '@concord/shared/fixtures/index';
import mammoth from 'mammoth';
import sanitizeHtml from 'sanitize-html';
import { describe, expect, it } from 'vitest';

const BODY_ALLOW_LIST: sanitizeHtml.IOptions = {
  allowedTags: [
    'div',
    'header',
    'nav',
    'main',
    'section',
    'footer',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'ul',
    'ol',
    'li',
    'blockquote',
    'br',
    'wbr',
    'strong',
    'em',
    's',
    'u',
    'a',
    'span',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'sup',
    'figure',
    'figcaption',
    'img',
  ],
  allowedAttributes: {
    '*': ['class', 'id'],
    a: ['href', 'aria-label'],
    ol: ['start'],
    nav: ['aria-label'],
    section: ['aria-label'],
    sup: ['title'],
    th: ['scope', 'colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
    img: ['src', 'alt'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  // Figures are embedded, so the one file is complete; nothing else may be a data: URL.
  allowedSchemesByTag: { img: ['data'] },
  allowProtocolRelative: false,
  selfClosing: ['br', 'wbr', 'img'],
};

function body(html: string): string {
  const match = /<body[^>]*>\n([\s\S]*)\n<\/body>/.exec(html);
  if (!match) throw new Error('no body');
  return match[1];
}

const hostile: ExportInput = {
  title: 'Hostile <script>alert(1)</script>',
  doc: {
    type: 'doc',
    content: [
      {
        type: 'heading',
        attrs: { id: 'h1', level: 1 },
        content: [{ type: 'text', text: '<script>alert("h")</script> javascript:alert(1)' }],
      },
      {
        type: 'paragraph',
        attrs: { id: 'p1' },
        content: [
          { type: 'text', text: '<img src=x onerror=alert(1)> " onmouseover="x" ' },
          { type: 'text', text: 'click', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] },
          { type: 'text', text: ' JavaScript:void(0) ' },
          { type: 'text', text: 'ok', marks: [{ type: 'link', attrs: { href: 'https://example.org/?q=<b>&x="y"' } }] },
        ],
      },
    ],
  },
  blocks: new Map([
    [
      'h1',
      {
        status: 'agreed',
        stale: false,
        votes: [{ userId: 'u', userName: '<b onclick=x>Eve</b>', stance: 'agree', at: '2025-01-01T00:00:00Z' }],
      },
    ],
    ['p1', { status: 'agreed', stale: false, votes: [] }],
  ]),
  rule: { kind: 'unanimous' },
  generatedAt: '2025-01-01T00:00:00Z',
  options: { scope: 'draft', includeRecord: true },
};

describe('HTML export passes sanitize-html unchanged', () => {
  it.each([
    ['sample, consensus', sampleExportInput({ scope: 'consensus', includeRecord: true })],
    ['sample, draft', sampleExportInput({ scope: 'draft', includeRecord: true })],
    ['hostile text and links', hostile],
  ])('%s', (_name, input) => {
    const html = renderHtml(input);
    const inner = body(html);
    expect(sanitizeHtml(inner, BODY_ALLOW_LIST)).toBe(inner);
    expect(html).not.toMatch(/javascript:|<script/i);
  });

  it('a generated 20-page report', () => {
    const doc = generateReport({ pages: 20, seed: 3 });
    const inner = body(
      renderHtml({
        title: 'R',
        doc,
        blocks: generateBlockStates(doc, { seed: 3 }),
        rule: { kind: 'quorum', minAgree: 8, maxDispute: 1 },
        options: { scope: 'draft', includeRecord: true },
      }),
    );
    expect(sanitizeHtml(inner, BODY_ALLOW_LIST)).toBe(inner);
  });
});

describe('DOCX export opens with mammoth', () => {
  it('with the expected headings, lists, quote and links', async () => {
    const bytes = await renderDocx(sampleExportInput({ scope: 'consensus', includeRecord: true }));
    const { value: html, messages } = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes) },
      { styleMap: ["p[style-name='Quote'] => blockquote > p:fresh", "p[style-name='Title'] => h1.title:fresh"] },
    );
    expect(messages.filter((m) => m.type === 'error')).toEqual([]);
    const headings = [...html.matchAll(/<h(\d)[^>]*>(.*?)<\/h\1>/g)].map((m) => `h${m[1]} ${m[2]}`);
    expect(headings).toEqual([
      'h1 Commission on Housing &amp; Work — Final Report',
      'h1 1. Introduction',
      'h2 1.1 Findings',
      'h2 1.2 Recommendations',
      'h3 Quoted heading',
      'h1 2. Report content',
      'h2 2.1 Summary of recommendations',
      'h2 2.2 Data',
      'h1 Notes',
      'h1 Consensus record',
    ]);
    expect(html).toContain('<ul><li>Housing costs rose by 40%.<ul><li>In cities, faster.</li></ul></li>');
    expect(html).toContain('<blockquote><p>“We were never asked,” said one tenant.</p></blockquote>');
    expect(html).toContain('<a href="https://example.org/consult?a=1&amp;b=2">the consultation</a>');
    expect(html).toContain('<strong>twelve</strong>');
    expect(html).not.toContain('This paragraph is disputed');
    // Real Word footnotes, renumbered: the disputed paragraph's note is gone.
    expect(html).toContain('Rents rose fastest in cities.<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup>');
    expect(html).toMatch(
      /<li id="footnote-1"><p>Office for Statistics, <a href="https:\/\/example.org\/housing-2024">Housing 2024<\/a>\.[^<]*<a href="#footnote-ref-1">/,
    );
    expect(html).not.toContain('Disputed source');
    // A Word table with its header row, and the agreed figure as a picture with its caption.
    expect(html).toContain('<table><thead><tr><th><p>Region</p></th>');
    expect(html).toContain('</thead><tbody><tr><td><p>North</p></td>');
    expect(html).not.toContain('A disputed table');
    expect(html).toMatch(/<img alt="Bar chart of rents by region" src="data:image\/png;base64,/);
    expect(html).toContain('<strong>Recommendation 2. </strong>Index wages to prices.');
  });
});
