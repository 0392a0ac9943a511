/** The heading outline of a document, for the sidebar. */
import type { Node as PMNode } from '@tiptap/pm/model';

export interface OutlineEntry {
  /** Position of the heading node in the document. */
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
      entries.push({ pos, level: Number(node.attrs.level) || 1, text: node.textContent.trim(), id: (node.attrs.id as string | null) ?? null });
      return false;
    }
    return !node.isTextblock;
  });
  return entries;
}

export function sameOutline(a: OutlineEntry[], b: OutlineEntry[]): boolean {
  return a.length === b.length && a.every((e, i) => e.pos === b[i]!.pos && e.level === b[i]!.level && e.text === b[i]!.text);
}
