/** Finding blocks (paragraphs and headings) by position: the one at the cursor, the next that needs me. */
import { isBlockNodeType, type ConsensusView } from '@concord/shared';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { EditorState } from '@tiptap/pm/state';

export interface PlacedBlock {
  id: string | null;
  /** Position before the block node. */
  pos: number;
  node: PMNode;
}

export function blockIdOfNode(node: PMNode): string | null {
  const id = node.attrs.id as unknown;
  return typeof id === 'string' && id !== '' ? id : null;
}

/** Every block in document order — the same order as a ConsensusView's entries (C1). */
export function placedBlocks(doc: PMNode): PlacedBlock[] {
  const out: PlacedBlock[] = [];
  doc.descendants((node, pos) => {
    if (isBlockNodeType(node.type.name)) {
      out.push({ id: blockIdOfNode(node), pos, node });
      return false;
    }
    return true;
  });
  return out;
}

/** The innermost paragraph or heading holding the cursor. */
export function blockAtSelection(state: EditorState): PlacedBlock | null {
  const { $from } = state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth);
    if (isBlockNodeType(node.type.name)) return { id: blockIdOfNode(node), pos: $from.before(depth), node };
  }
  const after = $from.nodeAfter;
  if (after && isBlockNodeType(after.type.name)) return { id: blockIdOfNode(after), pos: $from.pos, node: after };
  return null;
}

/** The first block after `fromPos` (wrapping around) that `wanted` accepts. */
export function nextBlockWhere(doc: PMNode, fromPos: number, view: ConsensusView, wanted: (id: string) => boolean): PlacedBlock | null {
  const blocks = placedBlocks(doc).filter((b) => b.id !== null && view.byId.has(b.id) && wanted(b.id));
  return blocks.find((b) => b.pos > fromPos) ?? blocks[0] ?? null;
}
