/**
 * The step that turns some blocks into others, narrowed to the part that
 * differs: a collaborator's keystroke becomes the insertion of one character,
 * a split the insertion of a block boundary, a join its removal. The local
 * caret is then mapped exactly (text typed before it moves it along), which a
 * replacement of whole blocks cannot do.
 *
 * The end of the difference is found like ProseMirror's `findDiffEnd`, except
 * that a block whose attributes changed is still entered (a split gives the
 * second half a new id, a join drops one): otherwise the whole second half
 * would count as changed and the caret in it would jump to its end. Every
 * narrowed step is checked against the blocks it must produce; when it does
 * not produce exactly them, the caller replaces the blocks whole.
 */
import { Fragment, Mark, ReplaceStep, type Schema } from './pm';

export type Narrowed = { step: ReplaceStep } | { same: true } | null;

/** `removed` sits at document position `pos`; null when no narrower step is right. */
export function narrowStep(schema: Schema, pos: number, removed: Fragment, inserted: Fragment): Narrowed {
  const start = removed.findDiffStart(inserted);
  if (start === null) return { same: true };
  const end = diffEnd(removed, inserted, removed.size, inserted.size);
  if (!end) return null;
  let { a: endA, b: endB } = end;
  // The two scans overlap when characters repeat: move the end forward, as prosemirror-view does.
  const overlap = start - Math.min(endA, endB);
  if (overlap > 0) {
    endA += overlap;
    endB += overlap;
  }
  try {
    const slice = schema.topNodeType.create(null, inserted).slice(start, endB);
    const local = new ReplaceStep(start, endA, slice);
    const result = local.apply(schema.topNodeType.create(null, removed));
    if (!result.doc || !result.doc.content.eq(inserted)) return null;
    return { step: new ReplaceStep(pos + start, pos + endA, slice) };
  } catch {
    return null;
  }
}

function diffEnd(a: Fragment, b: Fragment, posA: number, posB: number): { a: number; b: number } | null {
  for (let iA = a.childCount, iB = b.childCount; ;) {
    if (iA === 0 || iB === 0) return iA === iB ? null : { a: posA, b: posB };
    const childA = a.child(--iA);
    const childB = b.child(--iB);
    const size = childA.nodeSize;
    if (childA === childB) {
      posA -= size;
      posB -= size;
      continue;
    }
    if (childA.type !== childB.type || !Mark.sameSet(childA.marks, childB.marks)) return { a: posA, b: posB };
    if (childA.isText) {
      if (childA.text === childB.text) {
        posA -= size;
        posB -= size;
        continue;
      }
      const ta = childA.text!;
      const tb = childB.text!;
      let same = 0;
      const min = Math.min(ta.length, tb.length);
      while (same < min && ta[ta.length - same - 1] === tb[tb.length - same - 1]) {
        same++;
        posA--;
        posB--;
      }
      return { a: posA, b: posB };
    }
    if (childA.content.size || childB.content.size) {
      const inner = diffEnd(childA.content, childB.content, posA - 1, posB - 1);
      if (inner) return inner;
    }
    // Same content: if only the attributes differ, the whole node differs.
    if (!childA.sameMarkup(childB)) return { a: posA, b: posB };
    posA -= size;
    posB -= size;
  }
}
