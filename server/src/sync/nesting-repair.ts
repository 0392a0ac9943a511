/**
 * Repairs a document stored before the nesting limit existed (or written by a
 * buggy tool): everything nested deeper than the limit is deleted, as an
 * ordinary server-originated change, so the document opens again for its
 * members and every recursive reader is safe.
 *
 * Deleting a deep subtree in one go overflows the stack inside Yjs (deletion and
 * garbage collection recurse through children), so it is taken apart from the
 * bottom: within a transaction the deepest types go first, and each transaction
 * spans at most LEVELS_PER_TRANSACTION levels (its garbage collection recurses
 * only through those).
 */
import * as Y from 'yjs';
import type { AnyYType } from './any-y-type.js';

const LEVELS_PER_TRANSACTION = 100;

type Node = { type: AnyYType; depth: number };

/**
 * The live Yjs types directly inside `type` (elements, texts), read off its item
 * list: this walk runs over the whole document on every load, and `toArray()`
 * would copy every level's content first.
 */
function forEachXmlChild(type: AnyYType, visit: (child: AnyYType) => void): void {
  if (!(type instanceof Y.XmlFragment)) return;
  for (let item = type._start; item !== null; item = item.right) {
    if (!item.deleted && item.content instanceof Y.ContentType) visit(item.content.type as AnyYType);
  }
}

/** Types under `root` nested deeper than `limit` (root's children are depth 1), found without recursion. */
export function typesDeeperThan(root: Y.XmlFragment, limit: number): Node[] {
  const found: Node[] = [];
  const stack: Node[] = [];
  const visitAt = (depth: number) => (type: AnyYType) => {
    if (depth > limit) found.push({ type, depth });
    // Only a fragment or element has children; a text is a leaf.
    if (type instanceof Y.XmlFragment) stack.push({ type, depth });
  };
  forEachXmlChild(root, visitAt(1));
  while (stack.length > 0) {
    const node = stack.pop()!;
    forEachXmlChild(node.type, visitAt(node.depth + 1));
  }
  return found;
}

/** Deletes everything in `root` nested deeper than `limit`; returns how many types it deleted. */
export function trimExcessNesting(doc: Y.Doc, root: Y.XmlFragment, limit: number, origin: unknown): number {
  const tooDeep = typesDeeperThan(root, limit);
  if (tooDeep.length === 0) return 0;
  tooDeep.sort((a, b) => b.depth - a.depth);
  let i = 0;
  while (i < tooDeep.length) {
    const floor = tooDeep[i]!.depth - LEVELS_PER_TRANSACTION;
    doc.transact((tr) => {
      for (; i < tooDeep.length && tooDeep[i]!.depth > floor; i++) {
        const item = tooDeep[i]!.type._item;
        if (item && !item.deleted) item.delete(tr);
      }
    }, origin);
  }
  return tooDeep.length;
}
