/**
 * Numbers that are derived, never stored (C33, C36): footnotes and
 * recommendations are numbered in document order over the document being
 * rendered. The consensus export numbers the filtered document, so the notes
 * of left-out blocks are gone and the rest renumber (C37); recommendations
 * renumber the same way unless the caller keeps the draft's numbers (C38).
 *
 * Maps are keyed by node object: the consensus filter shares surviving nodes
 * with the full document, so a draft number can be looked up for a kept node.
 */
import type { AgreementNode, BlockNode, DocNode, FootnoteNode, InlineNode, ListItemNode, ParagraphNode } from './doc-model.js';
import { isRecommendation } from './doc-model.js';

export interface NoteEntry {
  number: number;
  node: FootnoteNode;
}

export interface RecommendationEntry {
  number: number;
  node: ParagraphNode;
}

export interface Numbering {
  /** Notes with text, in citation order. An empty note gets no number: it is shown as a broken reference. */
  readonly notes: readonly NoteEntry[];
  readonly noteNumber: ReadonlyMap<FootnoteNode, number>;
  readonly recommendations: readonly RecommendationEntry[];
  readonly recommendationNumber: ReadonlyMap<ParagraphNode, number>;
}

/** True when a note has no text left (say its text was deleted by a concurrent edit). */
export function isBrokenNote(node: FootnoteNode): boolean {
  return !(node.content ?? []).some((t) => t.text !== '');
}

/**
 * Numbers `doc`. With `keepFrom` (the full draft), recommendations keep the
 * numbers they have there instead of renumbering.
 */
export function numberDocument(doc: DocNode, keepFrom?: DocNode): Numbering {
  const notes: NoteEntry[] = [];
  const noteNumber = new Map<FootnoteNode, number>();
  const recommendations: RecommendationEntry[] = [];
  const recommendationNumber = new Map<ParagraphNode, number>();
  const original = keepFrom ? numberDocument(keepFrom).recommendationNumber : undefined;

  const inline = (content: readonly InlineNode[] | undefined): void => {
    for (const child of content ?? []) {
      if (child.type !== 'footnote' || isBrokenNote(child)) continue;
      const number = notes.length + 1;
      notes.push({ number, node: child });
      noteNumber.set(child, number);
    }
  };
  const agreement = (node: AgreementNode): void => {
    if (node.type === 'table') {
      for (const row of node.content) for (const cell of row.content ?? []) inline(cell.content);
      return;
    }
    if (isRecommendation(node)) {
      const number = original?.get(node) ?? recommendations.length + 1;
      recommendations.push({ number, node });
      recommendationNumber.set(node, number);
    }
    inline(node.content);
  };
  const walk = (nodes: readonly (BlockNode | ListItemNode)[]): void => {
    for (const node of nodes) {
      switch (node.type) {
        case 'paragraph':
        case 'heading':
        case 'table':
        case 'figure':
          agreement(node);
          break;
        case 'recommendationList':
          break;
        default:
          walk(node.content);
      }
    }
  };
  walk(doc.content);
  return { notes, noteNumber, recommendations, recommendationNumber };
}

export const RECOMMENDATION_LABEL = 'Recommendation';

export function recommendationLabel(number: number): string {
  return `${RECOMMENDATION_LABEL} ${number}`;
}
