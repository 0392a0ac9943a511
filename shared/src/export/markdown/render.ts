/**
 * Markdown renderer: clean CommonMark (plus GFM `~~strike~~`).
 *
 * Draft scope marks each block with a trailing HTML comment,
 * `<!-- status: disputed -->` or `<!-- status: agreed, stale -->`: invisible
 * when rendered, greppable in the source, and dropped by Concord's importer.
 */
import type { BlockLeafNode, BlockNode, DocNode, InlineNode, ListItemNode } from '../doc-model.js';
import { assertNever } from '../doc-model.js';
import type { PreparedExport } from '../prepare.js';
import { prepared } from '../prepare.js';
import { describeScope } from '../record.js';
import { recordBlocks } from '../record-blocks.js';
import { formatTimestamp } from '../text.js';
import type { ExportBlockState, ExportInput } from '../types.js';
import { blockState } from '../types.js';
import { escapeLineEnd, escapeLineStart } from './escape.js';
import { renderInlineMarkdown } from './inline.js';

export interface MarkdownBodyOptions {
  /** Draft scope: the state of each block, printed as a trailing comment. */
  statusOf?: (blockId: string) => ExportBlockState;
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
  const parts = [markdownFromDoc(head), markdownFromDoc(p.doc, { statusOf })];
  if (p.record) parts.push('---', markdownFromDoc({ type: 'doc', content: recordBlocks(p.record, p.rule, p.markStatus) }));
  return `${parts.filter((part) => part !== '').join('\n\n')}\n`;
}

/** Just the document body as Markdown (no title, no record): what a round trip compares. */
export function markdownFromDoc(doc: DocNode, options: MarkdownBodyOptions = {}): string {
  return renderSequence(doc.content, options).join('\n\n');
}

function renderSequence(nodes: readonly BlockNode[], options: MarkdownBodyOptions): string[] {
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

function renderBlock(node: BlockNode, options: MarkdownBodyOptions, alternate: boolean): string {
  switch (node.type) {
    case 'paragraph': {
      const lines = renderInlineMarkdown(node.content, { hardBreak: '\\\n' }).split('\n');
      const body = lines.map((line, i) => escapeLineStart(line, i === 0));
      body[body.length - 1] = escapeLineEnd(body[body.length - 1]);
      return withStatus(body.join('\n'), node, options);
    }
    case 'heading': {
      let text = escapeLineEnd(renderInlineMarkdown(node.content, { hardBreak: '<br />' }));
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
    default:
      return assertNever(node, 'block node');
  }
}

function renderList(items: readonly ListItemNode[], marker: (index: number) => string, options: MarkdownBodyOptions): string {
  const rendered = items.map((item, i) => renderListItem(item, marker(i), options));
  // Items holding several paragraphs need blank lines anyway; keep simple lists tight.
  const loose = items.some((item) => item.content.filter((c) => c.type !== 'bulletList' && c.type !== 'orderedList').length > 1);
  return rendered.join(loose ? '\n\n' : '\n');
}

function renderListItem(item: ListItemNode, marker: string, options: MarkdownBodyOptions): string {
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

function withStatus(text: string, node: BlockLeafNode, options: MarkdownBodyOptions): string {
  if (!options.statusOf || node.attrs.id === null) return text;
  const state = options.statusOf(node.attrs.id);
  const label = state.stale ? `${state.status}, stale` : state.status;
  return `${text}${text === '' ? '' : ' '}<!-- status: ${label} -->`;
}

function clampLevel(level: number): number {
  return Math.min(6, Math.max(1, Math.floor(level) || 1));
}
