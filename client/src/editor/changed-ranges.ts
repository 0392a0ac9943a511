/**
 * Where a transaction changed the document, as ranges in its final document:
 * what a plugin must look at again after a change (everything else it can map).
 * Cost proportional to the steps, not to the document.
 */
import type { Transaction } from '@tiptap/pm/state';

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
