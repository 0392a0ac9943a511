/**
 * The consensus filter: the document with every non-agreed block left out.
 *
 * - A paragraph survives iff it is agreed.
 * - A heading survives iff it is agreed AND something under it survives: any
 *   surviving sibling after it, up to the next heading of the same or a higher
 *   level. The rule applies in every container (doc, list item, quote).
 * - A list item with nothing surviving vanishes. If its first paragraph is left
 *   out but later content (say a nested list) survives, the item keeps an empty,
 *   id-less paragraph in front, because a list item must start with a paragraph:
 *   the nesting stays visible and nothing unagreed is shown.
 * - Empty lists and quotes vanish; ordered lists keep `start` and simply emit
 *   the remaining items, so they renumber.
 * - A table or a figure is one block: it survives iff agreed (C34, C35). Its
 *   footnotes, like a paragraph's, live inside it and go with it (C37).
 * - The generated recommendations list survives iff some recommendation does;
 *   it then lists only those (C38).
 * - With `placeholders` (asked for by the publisher), nothing vanishes
 *   silently: each withheld paragraph, heading, table or figure becomes an
 *   id-less paragraph "[Paragraph withheld: not agreed]" (or Heading, Table,
 *   Figure), so a reader sees where the text is not agreed. Agreed headings
 *   then always survive, since what is under them is either kept or marked.
 *
 * Pure: the input is not modified, surviving nodes are shared with it.
 */
import type { AgreementNode, BlockNode, DocNode, ListItemNode, ParagraphNode } from './doc-model.js';
import { assertNever, collectBlockLeaves, isRecommendation } from './doc-model.js';

export type IsAgreed = (blockId: string) => boolean;

interface Filter {
  isAgreed: IsAgreed;
  placeholders: boolean;
  /** Some recommendation survives, so the generated list has something to list. */
  keepsRecommendations: boolean;
}

export function filterConsensus(doc: DocNode, isAgreed: IsAgreed, placeholders = false): DocNode {
  const keepsRecommendations = collectBlockLeaves(doc).some((node) => isRecommendation(node) && agreed(node.attrs.id, isAgreed));
  return { type: 'doc', content: filterSequence(doc.content, { isAgreed, placeholders, keepsRecommendations }) };
}

/** What a reader sees where a block was withheld, when the publisher asks for it. */
export const WITHHELD_TEXT: Record<AgreementNode['type'], string> = {
  paragraph: '[Paragraph withheld: not agreed]',
  heading: '[Heading withheld: not agreed]',
  table: '[Table withheld: not agreed]',
  figure: '[Figure withheld: not agreed]',
};

function filterSequence(nodes: readonly BlockNode[], filter: Filter): BlockNode[] {
  if (filter.placeholders) return nodes.map((node) => filterNode(node, filter)).filter((node): node is BlockNode => node !== null);
  const isAgreed = filter.isAgreed;
  const kept: (BlockNode | null)[] = nodes.map((node) => (node.type === 'heading' ? null : filterNode(node, filter)));
  // Backwards, so that every later heading (a possible subheading) is already decided.
  for (let i = nodes.length - 1; i >= 0; i--) {
    const heading = nodes[i];
    if (heading.type !== 'heading' || !agreed(heading.attrs.id, isAgreed)) continue;
    for (let j = i + 1; j < nodes.length; j++) {
      const next = nodes[j];
      if (next.type === 'heading' && next.attrs.level <= heading.attrs.level) break;
      if (kept[j] !== null) {
        kept[i] = heading;
        break;
      }
    }
  }
  return kept.filter((node): node is BlockNode => node !== null);
}

function filterNode(node: BlockNode, filter: Filter): BlockNode | null {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
    case 'table':
    case 'figure':
      if (agreed(node.attrs.id, filter.isAgreed)) return node;
      return filter.placeholders ? withheld(node.type) : null;
    case 'recommendationList':
      return filter.keepsRecommendations ? node : null;
    case 'blockquote': {
      const content = filterSequence(node.content, filter);
      return content.length > 0 ? { ...node, content } : null;
    }
    case 'bulletList':
    case 'orderedList': {
      const items = node.content.map((item) => filterListItem(item, filter)).filter((item) => item !== null);
      return items.length > 0 ? { ...node, content: items } : null;
    }
    default:
      return assertNever(node, 'block node');
  }
}

function filterListItem(item: ListItemNode, filter: Filter): ListItemNode | null {
  const content = filterSequence(item.content, filter);
  if (content.length === 0) return null;
  if (content[0].type !== 'paragraph') content.unshift(placeholderParagraph());
  return { type: 'listItem', content };
}

function withheld(type: AgreementNode['type']): ParagraphNode {
  return { type: 'paragraph', attrs: { id: null, recommendation: false }, content: [{ type: 'text', text: WITHHELD_TEXT[type] }] };
}

function placeholderParagraph(): ParagraphNode {
  return { type: 'paragraph', attrs: { id: null, recommendation: false } };
}

function agreed(id: string | null, isAgreed: IsAgreed): boolean {
  return id !== null && isAgreed(id);
}
