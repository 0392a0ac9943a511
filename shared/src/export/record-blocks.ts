/**
 * The consensus record as ordinary document blocks (id-less, so never marked
 * or counted as blocks), rendered by the Markdown and DOCX renderers with their
 * normal mappings. HTML renders the same entries as a table instead.
 */
import type { BlockNode, InlineNode, ListItemNode } from './doc-model.js';
import type { RecordEntry } from './record.js';
import { BLOCK_KIND_LABEL, describeRule, RECORD_TITLE, STATUS_LABEL } from './record.js';
import { formatTimestamp } from './text.js';
import type { ConsensusRuleInput, ExportVote } from './types.js';

export function recordBlocks(record: readonly RecordEntry[], rule: ConsensusRuleInput, withStatus: boolean): BlockNode[] {
  const blocks: BlockNode[] = [
    heading(RECORD_TITLE),
    paragraph([
      { type: 'text', text: 'Rule in force: ', marks: [{ type: 'bold' }] },
      { type: 'text', text: describeRule(rule) },
    ]),
    paragraph([
      {
        type: 'text',
        text: `${record.length} block${record.length === 1 ? '' : 's'} exported, numbered in document order; each entry lists the commissioners who agreed and when (UTC).`,
      },
    ]),
  ];
  if (record.length > 0) {
    blocks.push({ type: 'orderedList', attrs: { start: 1, type: null }, content: record.map((entry) => recordItem(entry, withStatus)) });
  }
  return blocks;
}

function recordItem(entry: RecordEntry, withStatus: boolean): ListItemNode {
  const lines: InlineNode[][] = [
    [
      { type: 'text', text: `${BLOCK_KIND_LABEL[entry.node.type]}: `, marks: [{ type: 'bold' }] },
      { type: 'text', text: `“${entry.excerpt}”`, marks: [{ type: 'italic' }] },
    ],
    [{ type: 'text', text: `Agreed by: ${voters(entry.agreed)}` }],
  ];
  if (entry.disputed.length > 0) lines.push([{ type: 'text', text: `Disputed by: ${voters(entry.disputed)}` }]);
  if (withStatus) {
    lines.push([{ type: 'text', text: `Status: ${STATUS_LABEL[entry.state.status]}${entry.state.stale ? ' (stale votes)' : ''}` }]);
  }
  const content = lines.flatMap((line, i) => (i === 0 ? line : [{ type: 'hardBreak' as const }, ...line]));
  return { type: 'listItem', content: [paragraph(content)] };
}

export function voters(votes: readonly ExportVote[]): string {
  return votes.length === 0 ? 'nobody' : votes.map((v) => `${v.userName} (${formatTimestamp(v.at)})`).join(', ');
}

function heading(text: string): BlockNode {
  return { type: 'heading', attrs: { id: null, level: 1 }, content: [{ type: 'text', text }] };
}

function paragraph(content: InlineNode[]): BlockNode {
  return { type: 'paragraph', attrs: { id: null }, content };
}
