/**
 * HTML renderer: one standalone, printable page. No script, no event
 * handlers, no external resources (a CSP meta forbids them too); every text
 * and attribute escaped; links only through `safeHref` (anything else is text).
 * Draft scope: every block gets `class="block status-…"` and a visible badge.
 */
import type { AgreementNode, BlockLeafNode, BlockNode, CellNode, DocNode, FigureNode, FootnoteNode, TableNode } from '../doc-model.js';
import { assertNever } from '../doc-model.js';
import { dataUri, missingImageText } from '../images.js';
import { recommendationLabel } from '../numbering.js';
import { recommendationListBlocks } from '../recommendation-list.js';
import type { PreparedExport } from '../prepare.js';
import { prepared } from '../prepare.js';
import type { RecordEntry } from '../record.js';
import { BLOCK_KIND_LABEL, describeRule, describeScope, RECORD_TITLE, STATUS_LABEL } from '../record.js';
import { formatTimestamp, inlinePlainText } from '../text.js';
import type { ExportInput, ExportVote } from '../types.js';
import { blockState } from '../types.js';
import { blockAnchor, escapeAttr, escapeText, escapeTitle } from './escape.js';
import { renderInlineHtml } from './inline.js';
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
    renderNotes(p),
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
    case 'table':
      return wrapBlock(renderTable(node, p), node, p);
    case 'figure':
      return wrapBlock(renderFigure(node, p), node, p);
    case 'recommendationList':
      return `<nav class="recommendation-list" aria-label="Recommendations">\n${renderBlock(recommendationListBlocks(p.numbering), p)}\n</nav>`;
    default:
      return assertNever(node, 'block node');
  }
}

function leaf(tag: string, node: BlockLeafNode, p: PreparedExport): string {
  const id = node.attrs.id;
  const attrs = id === null ? '' : ` id="${escapeAttr(blockAnchor(id))}"`;
  const number = node.type === 'paragraph' ? p.numbering.recommendationNumber.get(node) : undefined;
  const label = number === undefined ? '' : `<strong class="recommendation-label">${recommendationLabel(number)}.</strong> `;
  const inner = label + renderInlineHtml(node.content, footnoteRef(p));
  const recommendation = number === undefined ? '' : 'recommendation';
  if (!p.markStatus || id === null) return `<${tag}${attrs}${recommendation ? ` class="${recommendation}"` : ''}>${inner}</${tag}>`;
  const state = blockState(p.blocks, id);
  const classes = `block status-${state.status}${state.stale ? ' stale' : ''}${recommendation ? ` ${recommendation}` : ''}`;
  return `<${tag}${attrs} class="${classes}">${inner}${inner === '' ? '' : ' '}${badges(p, id)}</${tag}>`;
}

function badges(p: PreparedExport, id: string): string {
  const state = blockState(p.blocks, id);
  return (
    `<span class="badge badge-${state.status}">${STATUS_LABEL[state.status]}</span>` +
    (state.stale ? '<span class="badge badge-stale">Stale</span>' : '')
  );
}

/** A table or figure: its anchor, and in the draft its status and badges, on a wrapper. */
function wrapBlock(inner: string, node: AgreementNode, p: PreparedExport): string {
  const id = node.attrs.id;
  const anchor = id === null ? '' : ` id="${escapeAttr(blockAnchor(id))}"`;
  if (!p.markStatus || id === null) return `<div class="${node.type}-block"${anchor}>\n${inner}\n</div>`;
  const state = blockState(p.blocks, id);
  return `<div class="${node.type}-block block status-${state.status}${state.stale ? ' stale' : ''}"${anchor}>\n${inner}\n<p class="block-badges">${badges(p, id)}</p>\n</div>`;
}

function footnoteRef(p: PreparedExport): (node: FootnoteNode) => string {
  return (node) => {
    const n = p.numbering.noteNumber.get(node);
    if (n === undefined) return '<sup class="fnref fnref-broken" title="The text of this note was deleted">[note missing]</sup>';
    return `<sup class="fnref" id="fnref-${n}"><a href="#fn-${n}" aria-label="Note ${n}">${n}</a></sup>`;
  };
}

function renderNotes(p: PreparedExport): string {
  if (p.numbering.notes.length === 0) return '';
  const items = p.numbering.notes.map(
    ({ number, node }) =>
      `<li id="fn-${number}">${renderInlineHtml(node.content)} <a href="#fnref-${number}" class="backref" aria-label="Back to reference ${number}">↩</a></li>`,
  );
  return ['<section class="footnotes" aria-label="Notes">', '<h2>Notes</h2>', '<ol>', ...items, '</ol>', '</section>'].join('\n');
}

function renderTable(node: TableNode, p: PreparedExport): string {
  const first = node.content[0]?.content ?? [];
  const hasHeader = first.length > 0 && first.every((cell) => cell.type === 'tableHeader');
  const row = (cells: readonly CellNode[]): string => `<tr>${cells.map((cell) => renderCell(cell, p)).join('')}</tr>`;
  const head = hasHeader ? `<thead>\n${row(first)}\n</thead>\n` : '';
  const body = (hasHeader ? node.content.slice(1) : node.content).map((r) => row(r.content ?? []));
  return `<table class="report-table">\n${head}<tbody>\n${body.join('\n')}\n</tbody>\n</table>`;
}

function renderCell(cell: CellNode, p: PreparedExport): string {
  const tag = cell.type === 'tableHeader' ? 'th' : 'td';
  const span = (name: string, value: number | undefined): string =>
    typeof value === 'number' && value > 1 ? ` ${name}="${Math.floor(value)}"` : '';
  return `<${tag}${span('colspan', cell.attrs.colspan)}${span('rowspan', cell.attrs.rowspan)}>${renderInlineHtml(cell.content, footnoteRef(p))}</${tag}>`;
}

/** Images are embedded as data URIs, so the one file is complete (the CSP allows `data:` images only). */
function renderFigure(node: FigureNode, p: PreparedExport): string {
  const image = node.attrs.image === null ? undefined : p.images.get(node.attrs.image);
  const img = image
    ? `<img src="${dataUri(image)}" alt="${escapeAttr(node.attrs.alt)}" />`
    : `<p class="image-missing">${escapeText(missingImageText(node.attrs.alt))}</p>`;
  const caption = renderInlineHtml(node.content, footnoteRef(p));
  return `<figure>\n${img}${caption === '' ? '' : `\n<figcaption>${caption}</figcaption>`}\n</figure>`;
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
    const what = BLOCK_KIND_LABEL[entry.node.type];
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
