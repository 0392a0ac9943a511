/**
 * The generated list of recommendations, as ordinary document blocks (id-less,
 * so never counted as blocks) that every renderer shows with its normal
 * mapping: "Recommendation 12: <its text>". In the consensus export it lists
 * only the recommendations that survived (C31).
 */
import type { BlockNode, InlineNode, ParagraphNode } from './doc-model.js';
import type { Numbering } from './numbering.js';
import { recommendationLabel } from './numbering.js';

export const EMPTY_RECOMMENDATION_LIST = 'No recommendations yet.';

export function recommendationListBlocks(numbering: Numbering): BlockNode {
  if (numbering.recommendations.length === 0) {
    return paragraph([{ type: 'text', text: EMPTY_RECOMMENDATION_LIST, marks: [{ type: 'italic' }] }]);
  }
  return {
    type: 'bulletList',
    content: numbering.recommendations.map(({ number, node }) => ({
      type: 'listItem',
      content: [
        paragraph([{ type: 'text', text: `${recommendationLabel(number)}: `, marks: [{ type: 'bold' }] }, ...withoutNotes(node.content)]),
      ],
    })),
  };
}

/** The recommendation's text and marks; its footnotes stay where it is, not in the list. */
function withoutNotes(content: readonly InlineNode[] | undefined): InlineNode[] {
  return (content ?? []).filter((child) => child.type !== 'footnote');
}

function paragraph(content: InlineNode[]): ParagraphNode {
  return { type: 'paragraph', attrs: { id: null, recommendation: false }, content };
}
