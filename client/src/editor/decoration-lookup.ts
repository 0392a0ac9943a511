/**
 * ProseMirror's lookup of a child's decorations, without a scan of every
 * decoration of the parent for every child (a patch of prosemirror-view 1.42).
 *
 * On every update the view asks each decoration set, for each of the
 * document's top-level nodes, which decorations fall inside that node
 * (`DecorationSet.forChild`). prosemirror-view answers by scanning the set's
 * list of subtrees up to the node and all of the set's own decorations, every
 * time: on the 150-page report that is ~1,700 scans of the consensus gutter's
 * ~60 block decorations per keystroke, local or remote — the largest single
 * item of a keystroke's script in the profile (~1 ms of ~6, issue 11).
 *
 * Only a set's own *inline* decorations can reach into a child (node
 * decorations and widgets at this level belong to the parent), and the
 * gutter's and the others' top-level sets have none. For such a set the answer
 * is just the subtree stored for that child, found by a binary search of the
 * subtrees (kept sorted by position, which the original scan relies on too) —
 * the very object the original returns. A set with inline decorations of its
 * own takes the original path. Sets are immutable, so whether a set has any is
 * worked out once per set.
 */
import { DecorationSet, type Decoration, type DecorationSource } from '@tiptap/pm/view';
import type { Node as PMNode } from '@tiptap/pm/model';

/**
 * What a DecorationSet holds (internal to prosemirror-view, unchanged since 1.0): its own
 * decorations, sorted by position, and per child with decorations [start, end, subtree].
 */
interface SetInternals {
  local: readonly (Decoration & { readonly inline: boolean })[];
  children: readonly (number | DecorationSet)[];
}

/** A set, or a group of sets (prosemirror-view does not export DecorationGroup). */
type ForChild = (this: DecorationSet, offset: number, node: PMNode) => DecorationSource;

let original: ForChild | null = null;
const inlineOwn = new WeakMap<DecorationSet, boolean>();

/** For the tests: lookups answered by the binary search, and by prosemirror-view's scan (a set with inline decorations of its own). */
export const lookupCounters = { searched: 0, scanned: 0 };

function hasInlineOwn(set: DecorationSet): boolean {
  let inline = inlineOwn.get(set);
  if (inline === undefined) {
    inline = (set as unknown as SetInternals).local.some((d) => d.inline);
    inlineOwn.set(set, inline);
  }
  return inline;
}

/** The subtree stored for the child at `offset`, or the empty set. */
function subtreeAt(set: DecorationSet, offset: number): DecorationSet {
  const { children } = set as unknown as SetInternals;
  let low = 0;
  let high = children.length / 3;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((children[middle * 3] as number) < offset) low = middle + 1;
    else high = middle;
  }
  return low * 3 < children.length && children[low * 3] === offset ? (children[low * 3 + 2] as DecorationSet) : DecorationSet.empty;
}

/** Idempotent; takes effect for every editor, existing ones included. */
export function installDecorationLookup(): void {
  if (original) return;
  const proto = DecorationSet.prototype as unknown as { forChild: ForChild };
  const forChild = proto.forChild;
  original = forChild;
  proto.forChild = function (this: DecorationSet, offset: number, node: PMNode): DecorationSource {
    if (this === DecorationSet.empty || node.isLeaf) return forChild.call(this, offset, node);
    if (hasInlineOwn(this)) {
      lookupCounters.scanned++;
      return forChild.call(this, offset, node);
    }
    lookupCounters.searched++;
    return subtreeAt(this, offset);
  };
}

/** prosemirror-view's own lookup (for the tests' comparison). */
export function originalForChild(set: DecorationSet, offset: number, node: PMNode): DecorationSource {
  const forChild = original ?? (DecorationSet.prototype as unknown as { forChild: ForChild }).forChild;
  return forChild.call(set, offset, node);
}
