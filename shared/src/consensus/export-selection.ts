/**
 * Which parts of the document a consensus export keeps (C22). The renderers in
 * `export/` format the result; the decision of what survives is made here, once.
 *
 * - a paragraph survives iff it is agreed;
 * - a heading survives iff it is agreed and some paragraph in its scope (up to
 *   the next heading of the same or a higher level) survives;
 * - a container (list, list item, quote) survives iff something inside it does,
 *   so empty lists and quotes vanish; so does anything that is not a block.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import { isBlockNodeType } from '../schema/blocks.js';
import type { DocBlock } from './blocks.js';
import { readerFor, isPMNode, type DocSource, type PMJSONNode } from './node-reader.js';
import type { BlockConsensus } from './status.js';

export interface KeepInput {
  block: Pick<DocBlock, 'kind' | 'level'>;
  consensus: Pick<BlockConsensus, 'status'>;
}

/** One flag per block, aligned with `extractBlocks(doc)`. */
export function consensusKeepMask(entries: readonly KeepInput[]): boolean[] {
  const keep = entries.map((e) => e.block.kind !== 'heading' && e.consensus.status === 'agreed');
  // Agreed headings whose scope is still open, outermost first.
  const open: { index: number; level: number }[] = [];
  entries.forEach(({ block, consensus }, index) => {
    if (block.kind === 'heading') {
      const level = block.level ?? 1;
      // Any heading closes the scopes at its level and below, agreed or not.
      while (open.length > 0 && open[open.length - 1]!.level >= level) open.pop();
      if (consensus.status === 'agreed') open.push({ index, level });
    } else if (keep[index]) {
      for (const heading of open) keep[heading.index] = true;
    }
  });
  return keep;
}

/**
 * The document as ProseMirror JSON with only the kept blocks. Kept JSON blocks
 * are shared with the input, not copied. A list item whose first paragraph was
 * dropped but which keeps a nested block gets an empty, id-less first paragraph,
 * because the schema requires one.
 */
export function pruneToConsensus(doc: DocSource, keep: readonly boolean[]): PMJSONNode {
  const reader = readerFor(doc);
  const toJSON = (node: DocSource): PMJSONNode => (isPMNode(node) ? (node as PMNode).toJSON() : node);
  let blockIndex = 0;

  const prune = (node: DocSource): PMJSONNode | null => {
    const type = reader.typeName(node);
    if (isBlockNodeType(type)) return keep[blockIndex++] ? toJSON(node) : null;
    const content: PMJSONNode[] = [];
    for (const child of reader.children(node)) {
      const kept = prune(child);
      if (kept) content.push(kept);
    }
    if (content.length === 0) return null;
    if (type === 'listItem' && content[0]!.type !== 'paragraph') content.unshift({ type: 'paragraph' });
    // Container attributes (an ordered list's start) are kept; reading them directly
    // avoids serialising the whole subtree.
    const attrs = node.attrs;
    return attrs && Object.keys(attrs).length > 0 ? { type, attrs: { ...attrs }, content } : { type, content };
  };

  const content: PMJSONNode[] = [];
  for (const child of reader.children(doc)) {
    const kept = prune(child);
    if (kept) content.push(kept);
  }
  return { type: reader.typeName(doc), content };
}
