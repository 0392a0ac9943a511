import { describe, expect, it } from 'vitest';
import { HTML_CSP, renderHtml } from '../../src/export/index.js';
import type { ExportInput } from '../../src/export/index.js';
import { sampleExportInput } from '../../src/fixtures/index.js';
import { doc, h, li, linkText, p, statesFor, text, ul } from './helpers.js';

const hostileDoc = doc(
  h('h"1', 1, '</title><script>alert(1)</script>'),
  p('p1', '<script>alert("x")</script> <img src=x onerror=alert(1)> javascript:alert(1)'),
  p(
    'p2',
    linkText('js', 'javascript:alert(1)'),
    ' ',
    linkText('js2', ' JaVaScRiPt:alert(1)'),
    ' ',
    linkText('data', 'data:text/html,<script>1</script>'),
    ' ',
    linkText('vb', 'vbscript:x'),
    ' ',
    linkText('tab', 'java\tscript:alert(1)'),
  ),
  p(
    'p3',
    linkText('quote', 'https://e.org/" onmouseover="alert(1)'),
    ' ',
    linkText('ok', 'https://e.org/?a=1&b=2'),
    ' ',
    linkText('angle', 'https://e.org/<x>'),
  ),
  ul(li(p('p4', text('" onclick="x', 'bold')))),
);

function hostileInput(scope: 'consensus' | 'draft'): ExportInput {
  const blocks = statesFor(hostileDoc);
  blocks.set('p1', {
    status: 'agreed',
    stale: false,
    votes: [{ userId: 'x', userName: '<img src=x onerror=alert(1)>', stance: 'agree', at: '"><script>' }],
  });
  return {
    title: '<script>alert("title")</script>',
    doc: hostileDoc,
    blocks,
    rule: { kind: 'unanimous' },
    options: { scope, includeRecord: true },
  };
}

describe('HTML renderer', () => {
  it('is a standalone page with a restrictive CSP, a title and a table of contents', () => {
    const html = renderHtml(sampleExportInput());
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`);
    expect(HTML_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(html).toContain('<title>Commission on Housing &amp; Work — Final Report</title>');
    expect(html).toContain('<nav class="toc" aria-label="Contents">');
    expect(html).toContain('<a href="#b-h-findings">1.1 Findings</a>');
    expect(html).toContain('@media print');
  });

  it.each(['consensus', 'draft'] as const)('never emits script, event handlers or javascript: URLs (%s)', (scope) => {
    const html = renderHtml(hostileInput(scope));
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    const tags = html.match(/<[a-zA-Z][^>]*>/g) ?? [];
    for (const tag of tags) expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
    expect(new Set(tags.map((t) => /^<([a-zA-Z0-9]+)/.exec(t)![1].toLowerCase()))).not.toContain('img');
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/href="(?!https?:|mailto:|#)/);
    expect(html).toContain('&lt;script&gt;alert("x")&lt;/script&gt;');
    expect(html).toContain('javascript<wbr />:alert(1)');
  });

  it('keeps unsafe links as plain text and escapes safe ones', () => {
    const html = renderHtml(hostileInput('consensus'));
    expect(html).toContain('<p id="b-p2">js js2 data vb tab</p>');
    expect(html).toContain('<a href="https://e.org/?a=1&amp;b=2">ok</a> angle</p>');
    expect(html).toContain('quote'); // rejected (contains a quote): rendered as text
    expect(html).not.toContain('href="https://e.org/"');
    expect(html).toContain('id="b-h_22_1"');
  });

  it('marks blocks with a class and a visible badge in draft scope', () => {
    const input = sampleExportInput({ scope: 'draft', includeRecord: false });
    const html = renderHtml(input);
    expect(html).toContain(
      '<p id="b-p-disputed" class="block status-disputed">This paragraph is disputed. <span class="badge badge-disputed">Disputed</span></p>',
    );
    expect(html).toContain('class="block status-disputed stale"');
    expect(html).toContain('<span class="badge badge-stale">Stale</span>');
    expect(html).not.toContain('consensus-record');
  });

  it('omits the table of contents when there are no headings', () => {
    const html = renderHtml({
      ...hostileInput('consensus'),
      doc: doc(p('p1', 'x')),
      options: { scope: 'consensus', includeRecord: false },
    });
    expect(html).not.toContain('<nav');
  });
});
