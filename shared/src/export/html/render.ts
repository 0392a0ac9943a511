/**
 * HTML renderer: one standalone, printable page. No script, no event
 * handlers, no external resources (a CSP meta forbids them too); every text
 * and attribute escaped; links only through `safeHref` (anything else is text).
 * Draft scope: every block gets `class="block status-…"` and a visible badge.
 */
import type { BlockLeafNode, BlockNode, DocNode, MarkJSON, MarkTypeName } from '../doc-model.js';
import { assertNever } from '../doc-model.js';
import { walkInline } from '../inline-walk.js';
import { safeHref } from '../links.js';
import type { PreparedExport } from '../prepare.js';
import { prepared } from '../prepare.js';
import type { RecordEntry } from '../record.js';
import { describeRule, describeScope, RECORD_TITLE, STATUS_LABEL } from '../record.js';
import { formatTimestamp, inlinePlainText } from '../text.js';
import type { ExportInput, ExportVote } from '../types.js';
import { blockState } from '../types.js';
import { blockAnchor, escapeAttr, escapeText, escapeTitle } from './escape.js';
import { HTML_STYLE } from './style.js';

export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
const TOC_MAX_LEVEL = 3;
const RECORD_ID = 'consensus-record';

export function renderHtml(input: ExportInput | PreparedExport): string {
  const p = prepared(input);
  const scopeLabel = p.scope === 'consensus' ? 'Consensus report' : 'Working draft';
  const meta = [describeScope(p.scope), p.generatedAt ? `Generated ${formatTimestamp(p.generatedAt)}.` : ''].filter(Boolean).join(' ');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttr(HTML_CSP)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="Concord">',
    `<title>${escapeTitle(p.title)}</title>`,
    `<style>${HTML_STYLE}</style>`,
    '</head>',
    `<body class="scope-${p.scope}">`,
    htmlBody(p, scopeLabel, meta),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function htmlBody(p: PreparedExport, scopeLabel: string, meta: string): string {
  const parts = [
    '<div class="page">',
    '<header class="cover">',
    `<p class="kicker">${escapeText(scopeLabel)}</p>`,
    `<h1 class="title">${escapeText(p.title)}</h1>`,
    `<p class="meta">${escapeText(meta)}</p>`,
    '</header>',
    tableOfContents(p.doc, p.record !== null),
    '<main>',
    ...p.doc.content.map((node) => renderBlock(node, p)),
    '</main>',
  ];
  if (p.record) parts.push(renderRecord(p.record, p));
  parts.push(`<footer class="colophon"><p>${escapeText(`Exported from Concord. ${describeRule(p.rule)}`)}</p></footer>`, '</div>');
  return parts.filter((part) => part !== '').join('\n');
}

function renderBlock(node: BlockNode, p: PreparedExport): string {
  switch (node.type) {
    case 'paragraph':
      return leaf('p', node, p);
    case 'heading':
      return leaf(`h${clampLevel(node.attrs.level)}`, node, p);
    case 'blockquote':
      return `<blockquote>\n${node.content.map((child) => renderBlock(child, p)).join('\n')}\n</blockquote>`;
    case 'bulletList':
      return `<ul>\n${node.content.map((item) => `<li>${item.content.map((c) => renderBlock(c, p)).join('\n')}</li>`).join('\n')}\n</ul>`;
    case 'orderedList': {
      const start = Math.max(0, Math.floor(node.attrs.start ?? 1));
      const open = start === 1 ? '<ol>' : `<ol start="${start}">`;
      return `${open}\n${node.content.map((item) => `<li>${item.content.map((c) => renderBlock(c, p)).join('\n')}</li>`).join('\n')}\n</ol>`;
    }
    default:
      return assertNever(node, 'block node');
  }
}

function leaf(tag: string, node: BlockLeafNode, p: PreparedExport): string {
  const id = node.attrs.id;
  const attrs = id === null ? '' : ` id="${escapeAttr(blockAnchor(id))}"`;
  const inner = renderInlineHtml(node.content);
  if (!p.markStatus || id === null) return `<${tag}${attrs}>${inner}</${tag}>`;
  const state = blockState(p.blocks, id);
  const classes = `block status-${state.status}${state.stale ? ' stale' : ''}`;
  const badges =
    `<span class="badge badge-${state.status}">${STATUS_LABEL[state.status]}</span>` +
    (state.stale ? '<span class="badge badge-stale">Stale</span>' : '');
  return `<${tag}${attrs} class="${classes}">${inner}${inner === '' ? '' : ' '}${badges}</${tag}>`;
}

const MARK_TAG: Record<MarkTypeName, (mark: MarkJSON) => [string, string]> = {
  // walkInline only passes links that safeHref accepts.
  link: (mark) => [`<a href="${escapeAttr(mark.type === 'link' ? (safeHref(mark.attrs.href) ?? '#') : '#')}">`, '</a>'],
  bold: () => ['<strong>', '</strong>'],
  italic: () => ['<em>', '</em>'],
  strike: () => ['<s>', '</s>'],
  underline: () => ['<u>', '</u>'],
};

export function renderInlineHtml(content: BlockLeafNode['content']): string {
  let out = '';
  walkInline(content, {
    open: (mark) => (out += MARK_TAG[mark.type](mark)[0]),
    close: (mark) => (out += MARK_TAG[mark.type](mark)[1]),
    text: (text) => (out += escapeText(text)),
    hardBreak: () => (out += '<br />'),
  });
  return out;
}

/** Contents: the top-level headings down to level 3, nested by level, plus the record. */
function tableOfContents(doc: DocNode, withRecord: boolean): string {
  const entries: { level: number; href: string; text: string }[] = [];
  for (const node of doc.content) {
    if (node.type !== 'heading' || node.attrs.id === null || clampLevel(node.attrs.level) > TOC_MAX_LEVEL) continue;
    const text = inlinePlainText(node.content).replace(/\s+/g, ' ').trim();
    if (text) entries.push({ level: clampLevel(node.attrs.level), href: `#${blockAnchor(node.attrs.id)}`, text });
  }
  if (withRecord)
    entries.push({ level: entries.length > 0 ? Math.min(...entries.map((e) => e.level)) : 1, href: `#${RECORD_ID}`, text: RECORD_TITLE });
  if (entries.length === 0) return '';
  const base = Math.min(...entries.map((e) => e.level));
  let html = '<ol>';
  let depth = 0;
  entries.forEach((entry, i) => {
    const level = Math.min(entry.level - base, depth + 1);
    if (i === 0) html += '<li>';
    else if (level > depth) html += '<ol><li>';
    else {
      html += '</li>';
      for (; depth > level; depth--) html += '</ol></li>';
      html += '<li>';
    }
    depth = i === 0 ? 0 : Math.max(level, 0);
    html += `<a href="${escapeAttr(entry.href)}">${escapeText(entry.text)}</a>`;
  });
  html += '</li>';
  for (; depth > 0; depth--) html += '</ol></li>';
  html += '</ol>';
  return `<nav class="toc" aria-label="Contents">\n<h2 class="toc-title">Contents</h2>\n${html}\n</nav>`;
}

function renderRecord(record: readonly RecordEntry[], p: PreparedExport): string {
  const head = `<tr><th scope="col" class="num">#</th><th scope="col">Block</th><th scope="col">Agreed by</th>${p.markStatus ? '<th scope="col">Status</th>' : ''}</tr>`;
  const rows = record.map((entry) => {
    const what = entry.node.type === 'heading' ? 'Heading' : 'Paragraph';
    const votes = voterList(entry.agreed, '') + (entry.disputed.length > 0 ? voterList(entry.disputed, 'dispute') : '');
    const status = p.markStatus
      ? `<td><span class="badge badge-${entry.state.status}">${STATUS_LABEL[entry.state.status]}</span>${entry.state.stale ? '<span class="badge badge-stale">Stale</span>' : ''}</td>`
      : '';
    return `<tr><td class="num">${entry.ordinal}</td><td>${what}: <a href="#${escapeAttr(blockAnchor(entry.blockId))}">${escapeText(entry.excerpt)}</a></td><td>${votes}</td>${status}</tr>`;
  });
  return [
    `<section class="record" id="${RECORD_ID}">`,
    `<h1>${RECORD_TITLE}</h1>`,
    `<p class="record-rule"><strong>Rule in force:</strong> ${escapeText(describeRule(p.rule))}</p>`,
    `<p class="record-rule">${record.length} block${record.length === 1 ? '' : 's'} exported, numbered in document order; times are UTC.</p>`,
    '<table class="record-table">',
    `<thead>${head}</thead>`,
    '<tbody>',
    ...rows,
    '</tbody>',
    '</table>',
    '</section>',
  ].join('\n');
}

function voterList(votes: readonly ExportVote[], className: string): string {
  if (votes.length === 0) return '<ul class="voters"><li>nobody</li></ul>';
  const cls = className ? ` class="voters ${className}"` : ' class="voters"';
  const prefix = className === 'dispute' ? 'Disputed: ' : '';
  return `<ul${cls}>${votes.map((v) => `<li>${escapeText(prefix + v.userName)} <span class="when">${escapeText(formatTimestamp(v.at))}</span></li>`).join('')}</ul>`;
}

function clampLevel(level: number): number {
  return Math.min(6, Math.max(1, Math.floor(level) || 1));
}
