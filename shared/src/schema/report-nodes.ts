/**
 * The content a real report holds beyond paragraphs and headings: footnotes,
 * tables, figures, recommendations and the generated list of recommendations.
 *
 * Schema only (no commands, no node views): this list is built on the server
 * too, and whatever the two sides disagree on is dropped silently. The editor
 * adds its node views and toolbar as behaviour-only plugins (client/src/editor/report).
 *
 * Design choices that the consensus rules rely on (docs/CONSENSUS.md C32–C38):
 * - A footnote is an inline node *holding its own text*, inside the paragraph
 *   that cites it. A note therefore cannot outlive or lose its reference (a
 *   concurrent delete removes both), and its text is part of the citing
 *   paragraph's fingerprint. It carries no number: numbers are derived in
 *   document order wherever they are shown.
 * - A table is one block (it carries the block id); its cells hold inline
 *   text only, so no paragraph inside it is a block of its own.
 * - A figure is one block: an image by content hash, alt text, and the caption
 *   as its inline content.
 * - A recommendation is a paragraph with `recommendation: true`; its number is
 *   derived, never stored.
 */
import { Extension, Node } from '@tiptap/core';
import type { TagParseRule } from '@tiptap/pm/model';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import { isImageHash } from './image-hash.js';

export const Footnote = Node.create({
  name: 'footnote',
  group: 'inline',
  inline: true,
  // One unit for the cursor in the paragraph; its text is edited in a popover.
  atom: true,
  selectable: true,
  content: 'text*',
  parseHTML() {
    return [{ tag: 'span[data-footnote]' }, { tag: 'sup[data-footnote]' }];
  },
  renderHTML() {
    return ['span', { 'data-footnote': 'true', class: 'footnote' }, 0];
  },
});

/** Table cells hold inline content only: the table is the unit of agreement, not its cells. */
const CELL_CONTENT = 'inline*';

export const ReportTableCell = TableCell.extend({ content: CELL_CONTENT });
export const ReportTableHeader = TableHeader.extend({ content: CELL_CONTENT });
export const ReportTableRow = TableRow;
export const ReportTable = Table.configure({ resizable: false });

export const Figure = Node.create({
  name: 'figure',
  group: 'block',
  content: 'inline*',
  isolating: true,
  addAttributes() {
    return {
      /** sha256 (hex) of the image bytes, as stored by the server; null when the image is missing. */
      image: {
        default: null,
        parseHTML: (el) => {
          const hash = el.getAttribute('data-image');
          return isImageHash(hash) ? hash : null;
        },
        renderHTML: (attrs: Record<string, unknown>) => (isImageHash(attrs.image) ? { 'data-image': attrs.image } : {}),
      },
      alt: {
        default: '',
        parseHTML: (el) => el.querySelector('img')?.getAttribute('alt') ?? el.getAttribute('data-alt') ?? '',
        renderHTML: (attrs: Record<string, unknown>) =>
          typeof attrs.alt === 'string' && attrs.alt !== '' ? { 'data-alt': attrs.alt } : {},
      },
    };
  },
  parseHTML() {
    return [
      {
        tag: 'figure',
        // The caption is the content; a figure without one has an empty caption.
        contentElement: captionElement,
      },
    ];
  },
  renderHTML({ HTMLAttributes }) {
    return ['figure', { ...HTMLAttributes, class: 'figure' }, ['figcaption', 0]];
  },
});

type ContentElementFn = Extract<NonNullable<TagParseRule['contentElement']>, (node: never) => unknown>;
type DomElement = Parameters<ContentElementFn>[0];
const captionElement: ContentElementFn = (dom: DomElement) =>
  dom.querySelector('figcaption') ?? dom.ownerDocument.createElement('figcaption');

/** Where the generated list of all recommendations is shown; it holds nothing itself. */
export const RecommendationList = Node.create({
  name: 'recommendationList',
  group: 'block',
  atom: true,
  selectable: true,
  parseHTML() {
    return [{ tag: 'div[data-recommendation-list]' }];
  },
  renderHTML() {
    return ['div', { 'data-recommendation-list': 'true', class: 'recommendation-list' }];
  },
});

export const Recommendation = Extension.create({
  name: 'recommendation',
  addGlobalAttributes() {
    return [
      {
        types: ['paragraph'],
        attributes: {
          recommendation: {
            default: false,
            // Only the literal `true` counts: attributes from peers and files are untrusted.
            parseHTML: (el) => el.getAttribute('data-recommendation') === 'true',
            renderHTML: (attrs: Record<string, unknown>) =>
              attrs.recommendation === true ? { 'data-recommendation': 'true', class: 'recommendation' } : {},
          },
        },
      },
    ];
  },
});

export function reportContentExtensions() {
  return [Footnote, ReportTable, ReportTableRow, ReportTableHeader, ReportTableCell, Figure, RecommendationList, Recommendation];
}
