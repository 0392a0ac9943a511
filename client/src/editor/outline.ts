/** The heading outline of a document, for the sidebar. */
import type { Node as PMNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';

export interface OutlineEntry {
  /** Position of the heading node when the outline was computed (stale once text before it changes; see `headingPos`). */
  pos: number;
  level: number;
  text: string;
  id: string | null;
}

/** Every heading at any depth, in document order; does not descend into text blocks. */
export function outlineOf(doc: PMNode): OutlineEntry[] {
  const entries: OutlineEntry[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name === 'heading') {
      entries.push({
        pos,
        level: Number(node.attrs.level) || 1,
        text: textWithoutNotes(node).trim(),
        id: (node.attrs.id as string | null) ?? null,
      });
      return false;
    }
    return !node.isTextblock;
  });
  return entries;
}

/**
 * Same headings (text, level, id) in the same order. Positions are left out on
 * purpose: typing in a paragraph moves every heading after it, and the outline
 * must not re-render for that (`headingPos` finds the heading when it is used).
 */
export function sameOutline(a: OutlineEntry[], b: OutlineEntry[]): boolean {
  return a.length === b.length && a.every((e, i) => e.level === b[i]!.level && e.text === b[i]!.text && e.id === b[i]!.id);
}

/**
 * Whether a transaction can have changed the outline: some changed range, in
 * the old or the new document, touches a heading (or a container holding one).
 * Looks only at the changed ranges, so typing in a paragraph costs the same on
 * a 1,500-block report as on a short one.
 */
export function touchesHeadings(tr: Pick<Transaction, 'docChanged' | 'before' | 'doc' | 'mapping'>): boolean {
  if (!tr.docChanged) return false;
  let touched = false;
  const hasHeading = (doc: PMNode, from: number, to: number) => {
    if (touched) return;
    doc.nodesBetween(Math.max(0, from), Math.min(doc.content.size, to), (node) => {
      if (touched) return false;
      if (node.type.name === 'heading') touched = true;
      // A text block other than a heading holds none.
      return !node.isTextblock;
    });
  };
  const { maps } = tr.mapping;
  maps.forEach((map, index) => {
    map.forEach((oldStart, oldEnd, newStart, newEnd) => {
      // Ranges of step `index` are in that step's documents: map them to the transaction's first and last.
      const inverse = tr.mapping.slice(0, index).invert();
      const forward = tr.mapping.slice(index + 1);
      hasHeading(tr.before, inverse.map(oldStart, -1), inverse.map(oldEnd, 1));
      hasHeading(tr.doc, forward.map(newStart, -1), forward.map(newEnd, 1));
    });
  });
  return touched;
}

/** Where the outline entry's heading is now (by id; by its recorded position when it has none). */
export function headingPos(doc: PMNode, entry: OutlineEntry): number | null {
  if (entry.id === null) return entry.pos <= doc.content.size ? entry.pos : null;
  let found: number | null = null;
  doc.descendants((node, pos) => {
    if (found !== null) return false;
    if (node.type.name === 'heading' && node.attrs.id === entry.id) {
      found = pos;
      return false;
    }
    return !node.isTextblock;
  });
  return found;
}

/** A heading's own words: the text of its footnotes is not part of its title. */
function textWithoutNotes(node: PMNode): string {
  let text = '';
  node.forEach((child) => {
    if (child.isText) text += child.text ?? '';
  });
  return text;
}
