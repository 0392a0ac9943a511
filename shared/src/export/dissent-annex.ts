/**
 * The annex of dissent, when the publisher asks for one: after the report,
 * every disputed block's text (as the commission read it) with the reasons its
 * disputers gave — named, or not, as the publisher chooses. Built as ordinary
 * id-less nodes, so every renderer prints it without knowing it exists, and
 * the record and the manifest (which list blocks by id) leave it out.
 */
import type { BlockNode, DocNode, InlineNode, ListItemNode, ParagraphNode } from './doc-model.js';
import { collectBlockLeaves } from './doc-model.js';
import { BLOCK_KIND_LABEL, sortVotes } from './record.js';
import { blockPlainText, cleanText, formatTimestamp } from './text.js';
import type { DissentAnnexMode, ExportBlockState } from './types.js';
import { blockState } from './types.js';

export const DISSENT_ANNEX_TITLE = 'Annex: dissent';

export function dissentAnnex(
  full: DocNode,
  blocks: ReadonlyMap<string, ExportBlockState>,
  mode: Exclude<DissentAnnexMode, 'none'>,
): BlockNode[] {
  const disputed = collectBlockLeaves(full).flatMap((node) => {
    const state = blockState(blocks, node.attrs.id);
    return state.status === 'disputed' ? [{ node, state }] : [];
  });
  const out: BlockNode[] = [heading(DISSENT_ANNEX_TITLE)];
  if (disputed.length === 0) {
    out.push(paragraph([text('No block of the report is disputed.')]));
    return out;
  }
  out.push(
    paragraph([
      text(
        `${disputed.length === 1 ? 'One block is' : `${disputed.length} blocks are`} disputed. Each is given below as the commission read it, with the reasons ${mode === 'attributed' ? 'its disputers' : 'commissioners'} gave.`,
      ),
    ]),
  );
  disputed.forEach(({ node, state }, index) => {
    out.push(paragraph([text(`${index + 1}. ${BLOCK_KIND_LABEL[node.type]}`, true)]));
    out.push({ type: 'blockquote', content: [paragraph(lines(blockPlainText(node)))] });
    const reasons = sortVotes(state.votes).filter((v) => v.stance === 'dispute');
    if (reasons.length === 0) return;
    out.push({
      type: 'bulletList',
      content: reasons.map((v): ListItemNode => ({
        type: 'listItem',
        content: [
          paragraph([
            text(mode === 'attributed' ? `${cleanText(v.userName)} (${formatTimestamp(v.at)}): ` : 'A commissioner: ', true),
            ...lines(v.reason?.trim() || '(no reason given)'),
          ]),
        ],
      })),
    });
  });
  return out;
}

function heading(title: string): BlockNode {
  return { type: 'heading', attrs: { id: null, level: 1 }, content: [text(title)] };
}

function paragraph(content: InlineNode[]): ParagraphNode {
  return { type: 'paragraph', attrs: { id: null, recommendation: false }, content };
}

function text(value: string, bold = false): InlineNode {
  return bold ? { type: 'text', text: value, marks: [{ type: 'bold' }] } : { type: 'text', text: value };
}

/** Plain text with its line breaks kept as hard breaks (a table's rows, a figure's alt and caption). */
function lines(value: string): InlineNode[] {
  const out: InlineNode[] = [];
  cleanText(value)
    .split('\n')
    .forEach((line, i) => {
      if (i > 0) out.push({ type: 'hardBreak' });
      if (line) out.push(text(line.replace(/\t/g, ' · ')));
    });
  return out.length > 0 ? out : [text('(empty)')];
}
