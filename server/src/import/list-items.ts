/**
 * A list item whose first block is not a paragraph (`- - foo`, an item that
 * starts with a quote or a table: CommonMark, HTML and Word all allow it) gets
 * an empty first paragraph. The schema's list item starts with a paragraph, and
 * without one ProseMirror's parser closed the item and the list there: the
 * nested list or quote came out as a separate block after an empty item.
 */
import { DomUtils } from 'htmlparser2';
import { Element, Text, type ParentNode } from 'domhandler';

const LEADING_BLOCKS = new Set(['ul', 'ol', 'blockquote', 'table', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre']);

/** Returns how many items were given an empty first line. */
export function keepListItemsWhole(dom: ParentNode): number {
  let fixed = 0;
  for (const li of DomUtils.findAll((e) => e.name === 'li', dom.children)) {
    const first = li.children.find((c) => !(c instanceof Text && c.data.trim() === ''));
    if (first instanceof Element && LEADING_BLOCKS.has(first.name)) {
      DomUtils.prepend(first, new Element('p', {}));
      fixed++;
    }
  }
  return fixed;
}
