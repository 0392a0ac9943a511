/**
 * The one change adoption makes to the shared document: the block element is
 * replaced by a new element with the same id holding the proposal's content, in
 * one Y transaction with the server's origin.
 *
 * Replacing the element (not its children) is deliberate: an edit to the old
 * text that reaches the server after the adoption lands inside the deleted
 * element and disappears, instead of merging into the new words — a mix nobody
 * voted on (issue 16). Edits to other blocks are untouched.
 */
import * as Y from 'yjs';
import { BLOCK_ID_ATTR, blockElementFromJSON, docFragment, isBlockNodeType, type ProposalBlockJSON } from '@concord/shared';

export const PROPOSAL_ORIGIN = 'concord-proposal';

/** Returns false (and changes nothing) when no block has that id. Restoring a version (versions/) uses it with its own origin. */
export function replaceBlock(doc: Y.Doc, blockId: string, content: ProposalBlockJSON, origin: string = PROPOSAL_ORIGIN): boolean {
  const found = findBlockElement(docFragment(doc), blockId);
  if (!found) return false;
  const replacement = blockElementFromJSON({ ...content, attrs: { ...(content.attrs ?? {}), [BLOCK_ID_ATTR]: blockId } });
  doc.transact(() => {
    found.parent.delete(found.index, 1);
    found.parent.insert(found.index, [replacement]);
  }, origin);
  return true;
}

/** The first paragraph or heading with this id, in document order (later duplicates get new ids). */
function findBlockElement(
  parent: Y.XmlFragment | Y.XmlElement,
  blockId: string,
): { parent: Y.XmlFragment | Y.XmlElement; index: number } | undefined {
  const children = parent.toArray();
  for (let index = 0; index < children.length; index++) {
    const child = children[index];
    if (!(child instanceof Y.XmlElement)) continue;
    if (isBlockNodeType(child.nodeName)) {
      if (child.getAttribute(BLOCK_ID_ATTR) === blockId) return { parent, index };
      continue; // blocks hold only inline content
    }
    const inner = findBlockElement(child, blockId);
    if (inner) return inner;
  }
  return undefined;
}
