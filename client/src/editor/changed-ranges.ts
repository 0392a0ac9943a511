/**
 * Where a transaction changed the document, as ranges in its final document:
 * what a plugin must look at again after a change (everything else it can map).
 * Cost proportional to the steps, not to the document.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import { StepMap } from '@tiptap/pm/transform';

export interface Range {
  from: number;
  to: number;
}

export function changedRanges(tr: Pick<Transaction, 'mapping' | 'doc'>): Range[] {
  const ranges: Range[] = [];
  const { maps } = tr.mapping;
  maps.forEach((map, index) => {
    const after = tr.mapping.slice(index + 1);
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      ranges.push({ from: after.map(newStart, -1), to: after.map(newEnd, 1) });
    });
  });
  const size = tr.doc.content.size;
  return ranges.map((r) => ({ from: Math.max(0, Math.min(r.from, size)), to: Math.max(0, Math.min(r.to, size)) }));
}

/** What a `touches` visitor says of a node in a changed range: it counts, look inside it, or neither. */
export type Touch = 'touched' | 'descend' | 'skip';

/**
 * Whether a transaction changed something a caller cares about: `visit` is shown the nodes in
 * each changed range, in the old document and in the new one (with that range), and says whether
 * a node counts. Cost proportional to the changed ranges, not to the document: typing in a
 * paragraph shows `visit` that paragraph and the text around the caret.
 */
export function touches(
  tr: Pick<Transaction, 'docChanged' | 'before' | 'doc' | 'mapping' | 'steps'>,
  visit: (node: PMNode, pos: number, from: number, to: number) => Touch,
): boolean {
  if (!tr.docChanged) return false;
  let touched = false;
  const look = (doc: PMNode, rawFrom: number, rawTo: number) => {
    if (touched) return;
    const from = Math.max(0, rawFrom);
    const to = Math.min(doc.content.size, rawTo);
    doc.nodesBetween(from, to, (node, pos) => {
      if (touched) return false;
      const seen = visit(node, pos, from, to);
      if (seen === 'touched') touched = true;
      return seen === 'descend';
    });
  };
  const { maps } = tr.mapping;
  maps.forEach((map, index) => {
    map.forEach((oldStart, oldEnd, newStart, newEnd) => {
      // Ranges of step `index` are in that step's documents: map them to the transaction's first and last.
      const inverse = tr.mapping.slice(0, index).invert();
      const forward = tr.mapping.slice(index + 1);
      look(tr.before, inverse.map(oldStart, -1), inverse.map(oldEnd, 1));
      look(tr.doc, forward.map(newStart, -1), forward.map(newEnd, 1));
    });
  });
  // Attribute and node-mark steps map no positions: look at the node they changed.
  tr.steps.forEach((step, index) => {
    const at = (step as unknown as { pos?: unknown }).pos;
    if (typeof at !== 'number' || step.getMap() !== StepMap.empty) return;
    const pos = tr.mapping.slice(index + 1).map(at);
    const node = tr.doc.nodeAt(pos);
    if (node) look(tr.doc, pos, pos + node.nodeSize);
  });
  return touched;
}

/** A node the range reaches the edge of (not one it lies strictly inside): added, removed, split, joined or changed in type or attributes. */
export function reachesEdge(node: PMNode, pos: number, from: number, to: number): boolean {
  return from <= pos || to >= pos + node.nodeSize;
}
