/**
 * Markdown renderer: clean CommonMark (plus GFM `~~strike~~`).
 *
 * Draft scope marks each block with a trailing HTML comment,
 * `<!-- status: disputed -->` or `<!-- status: agreed, stale -->`: invisible
 * when rendered, greppable in the source, and dropped by Concord's importer.
 */
import type { AgreementNode, BlockNode, DocNode, FigureNode, FootnoteNode, InlineNode, ListItemNode, TableNode } from '../doc-model.js';
import { assertNever } from '../doc-model.js';
import { renderInlineHtml } from '../html/inline.js';
import { escapeAttr } from '../html/escape.js';
import { imagePath, missingImageText } from '../images.js';
import type { Numbering } from '../numbering.js';
import { numberDocument, recommendationLabel } from '../numbering.js';
import { recommendationListBlocks } from '../recommendation-list.js';
import type { PreparedExport } from '../prepare.js';
import { prepared } from '../prepare.js';
import { describeScope } from '../record.js';
import { recordBlocks } from '../record-blocks.js';
import { formatTimestamp } from '../text.js';
import type { ExportBlockState, ExportImage, ExportInput } from '../types.js';
import { blockState } from '../types.js';
import { escapeLineEnd, escapeLineStart } from './escape.js';
import { renderInlineMarkdown } from './inline.js';

export interface MarkdownBodyOptions {
  /** Draft scope: the state of each block, printed as a trailing comment. */
  statusOf?: (blockId: string) => ExportBlockState;
  /** Footnote and recommendation numbers (default: numbered over the given document). */
  numbering?: Numbering;
  /** Image files by sha256; a figure whose image is not here is written as missing. */
  images?: ReadonlyMap<string, ExportImage>;
}

/** What the block renderers need, resolved once per document. */
interface Ctx {
  statusOf: ((blockId: string) => ExportBlockState) | undefined;
  numbering: Numbering;
  images: ReadonlyMap<string, ExportImage>;
}

/** The whole Markdown export: title, scope line, body, and the record appendix if asked for. */
export function renderMarkdown(input: ExportInput | PreparedExport): string {
  const p = prepared(input);
  const statusOf = p.markStatus ? (id: string) => blockState(p.blocks, id) : undefined;
  const meta: InlineNode[] = [
    { type: 'text', text: describeScope(p.scope), marks: [{ type: 'italic' }] },
    ...(p.generatedAt
      ? [{ type: 'text' as const, text: ` Generated ${formatTimestamp(p.generatedAt)}.`, marks: [{ type: 'italic' as const }] }]
      : []),
  ];
  const head: DocNode = {
    type: 'doc',
    content: [
      { type: 'heading', attrs: { id: null, level: 1 }, content: [{ type: 'text', text: p.title }] },
      { type: 'paragraph', attrs: { id: null }, content: meta },
    ],
  };
  const parts = [markdownFromDoc(head), markdownFromDoc(p.doc, { statusOf, numbering: p.numbering, images: p.images })];
  if (p.record) parts.push('---', markdownFromDoc({ type: 'doc', content: recordBlocks(p.record, p.rule, p.markStatus) }));
  return `${parts.filter((part) => part !== '').join('\n\n')}\n`;
}

/** The document body as Markdown, footnote definitions last (no title, no record): what a round trip compares. */
export function markdownFromDoc(doc: DocNode, options: MarkdownBodyOptions = {}): string {
  const ctx: Ctx = { statusOf: options.statusOf, numbering: options.numbering ?? numberDocument(doc), images: options.images ?? new Map() };
  const body = renderSequence(doc.content, ctx);
  const notes = ctx.numbering.notes.map(
    ({ number, node }) => `[^${number}]: ${escapeLineEnd(renderInlineMarkdown(node.content, { hardBreak: ' ' }))}`,
  );
  if (notes.length > 0) body.push(notes.join('\n'));
  return body.join('\n\n');
}

/** Shown where a note's text is gone; plain text, so it reads back as the same text. */
const BROKEN_NOTE = '[note missing]';

/** `[^3]`, or a visible marker for a note whose text is gone. */
function footnoteRef(ctx: Ctx): (node: FootnoteNode) => string {
  return (node) => {
    const number = ctx.numbering.noteNumber.get(node);
    return number === undefined ? BROKEN_NOTE : `[^${number}]`;
  };
}

function renderSequence(nodes: readonly BlockNode[], options: Ctx): string[] {
  const out: string[] = [];
  let previous: BlockNode | undefined;
  let alternate = false;
  for (const node of nodes) {
    // Two lists of one kind in a row would merge: switch the marker to keep them apart.
    alternate = previous?.type === node.type && (node.type === 'bulletList' || node.type === 'orderedList') ? !alternate : false;
    const text = renderBlock(node, options, alternate);
    if (text === '') continue;
    out.push(text);
    previous = node;
  }
  return out;
}

function renderBlock(node: BlockNode, options: Ctx, alternate: boolean): string {
  const footnote = footnoteRef(options);
  switch (node.type) {
    case 'paragraph': {
      const lines = renderInlineMarkdown(node.content, { hardBreak: '\\\n', footnote }).split('\n');
      const body = lines.map((line, i) => escapeLineStart(line, i === 0));
      body[body.length - 1] = escapeLineEnd(body[body.length - 1]);
      const number = options.numbering.recommendationNumber.get(node);
      const label = number === undefined ? '' : `**${recommendationLabel(number)}.**${body.join('') === '' ? '' : ' '}`;
      return withStatus(label + body.join('\n'), node, options);
    }
    case 'heading': {
      let text = escapeLineEnd(renderInlineMarkdown(node.content, { hardBreak: '<br />', footnote }));
      if (/^[ \t]/.test(text)) text = `&#32;${text.slice(1)}`;
      // A run of `#` at the end would be read as the closing sequence.
      text = text.replace(/(^|[ \t])(#+)$/, '$1\\$2');
      return withStatus(`${'#'.repeat(clampLevel(node.attrs.level))} ${text}`.trimEnd(), node, options);
    }
    case 'blockquote':
      return renderSequence(node.content, options)
        .join('\n\n')
        .split('\n')
        .map((line) => (line === '' ? '>' : `> ${line}`))
        .join('\n');
    case 'bulletList':
      return renderList(node.content, () => (alternate ? '*' : '-'), options);
    case 'orderedList': {
      const start = Math.max(0, Math.floor(node.attrs.start ?? 1));
      return renderList(node.content, (i) => `${start + i}${alternate ? ')' : '.'}`, options);
    }
    case 'table':
      return withStatus(renderTable(node, options), node, options, '\n\n');
    case 'figure':
      return withStatus(renderFigure(node, options), node, options, '\n');
    case 'recommendationList':
      return renderBlock(recommendationListBlocks(options.numbering), options, alternate);
    default:
      return assertNever(node, 'block node');
  }
}

/**
 * A GFM pipe table. GFM needs a header row: a table whose first row is not
 * all header cells gets an empty one. Spanned cells are written out empty.
 */
function renderTable(node: TableNode, options: Ctx): string {
  const footnote = footnoteRef(options);
  const rows = node.content.map((row) =>
    (row.content ?? []).flatMap((cell) => {
      const text = renderInlineMarkdown(cell.content, { hardBreak: '<br>', footnote }).replace(/\|/g, '\\|');
      return [text, ...Array<string>(Math.max(0, (cell.attrs.colspan ?? 1) - 1)).fill('')];
    }),
  );
  const width = Math.max(1, ...rows.map((r) => r.length));
  const pad = (cells: string[]): string[] => [...cells, ...Array<string>(width - cells.length).fill('')];
  const first = node.content[0]?.content ?? [];
  const hasHeader = first.length > 0 && first.every((cell) => cell.type === 'tableHeader');
  const header = hasHeader ? pad(rows[0]!) : pad([]);
  const body = hasHeader ? rows.slice(1) : rows;
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`.replace(/ {2}\|/g, ' |');
  return [line(header), line(Array<string>(width).fill('---')), ...body.map((r) => line(pad(r)))].join('\n');
}

/**
 * A figure as an HTML block (CommonMark passes it through; Markdown has no
 * captions). `[^n]` is not read inside HTML, so a note in a caption is written
 * in place as `<span data-footnote>`, which Concord's importer reads back.
 */
function renderFigure(node: FigureNode, options: Ctx): string {
  const image = node.attrs.image === null ? undefined : options.images.get(node.attrs.image);
  const img =
    image && node.attrs.image !== null
      ? `<img src="${escapeAttr(imagePath(node.attrs.image, image))}" alt="${escapeAttr(node.attrs.alt)}" />`
      : `<span class="image-missing">${escapeAttr(missingImageText(node.attrs.alt))}</span>`;
  const note = (n: FootnoteNode): string =>
    options.numbering.noteNumber.has(n) ? `<span data-footnote="true">${renderInlineHtml(n.content)}</span>` : BROKEN_NOTE;
  const caption = renderInlineHtml(node.content, note);
  const alt = node.attrs.alt === '' ? '' : ` data-alt="${escapeAttr(node.attrs.alt)}"`;
  return [`<figure${image ? '' : alt}>`, img, ...(caption === '' ? [] : [`<figcaption>${caption}</figcaption>`]), '</figure>'].join('\n');
}

function renderList(items: readonly ListItemNode[], marker: (index: number) => string, options: Ctx): string {
  const rendered = items.map((item, i) => renderListItem(item, marker(i), options));
  // Items holding several paragraphs need blank lines anyway; keep simple lists tight.
  const loose = items.some((item) => item.content.filter((c) => c.type !== 'bulletList' && c.type !== 'orderedList').length > 1);
  return rendered.join(loose ? '\n\n' : '\n');
}

function renderListItem(item: ListItemNode, marker: string, options: Ctx): string {
  const indent = ' '.repeat(marker.length + 1);
  let body = '';
  item.content.forEach((child, i) => {
    const text = renderBlock(child, options, false);
    // After an empty lead the content must start on the very next line.
    if (i > 0) body += body === '' ? '\n' : joinerBefore(child, item.content[i - 1]);
    body += text;
  });
  const lines = body.split('\n');
  const first = lines[0] === '' ? marker : `${marker} ${lines[0]}`;
  return [first, ...lines.slice(1).map((line) => (line === '' ? '' : indent + line))].join('\n');
}

/**
 * A list may follow a paragraph directly (keeping the list tight) when it can
 * interrupt a paragraph: a bullet list, or an ordered list starting at 1, whose
 * first item is not empty (an empty `-` under a paragraph is a setext underline).
 */
function joinerBefore(child: BlockNode, previous: BlockNode): string {
  if (previous.type !== 'paragraph' || previous.content === undefined) return '\n\n';
  if (child.type === 'bulletList' || (child.type === 'orderedList' && (child.attrs.start ?? 1) === 1)) {
    const lead = child.content[0]?.content[0];
    if (lead?.type === 'paragraph' && lead.content !== undefined && lead.content.length > 0) return '\n';
  }
  return '\n\n';
}

/** The draft's status comment; after a table or figure it goes on a line of its own (`separator`). */
function withStatus(text: string, node: AgreementNode, options: Ctx, separator = ' '): string {
  if (!options.statusOf || node.attrs.id === null) return text;
  const state = options.statusOf(node.attrs.id);
  const label = state.stale ? `${state.status}, stale` : state.status;
  return `${text}${text === '' ? '' : separator}<!-- status: ${label} -->`;
}

function clampLevel(level: number): number {
  return Math.min(6, Math.max(1, Math.floor(level) || 1));
}
