/**
 * A suggestion is written as plain text (the draft box), but the paragraph it
 * rewords has formatting — bold, italics, links, line breaks. Rebuilding the
 * proposal from the text alone would drop them all, and adopting it would strip
 * the paragraph. So the proposal is the block itself with only the changed
 * words replaced: the common start and end are kept as they are, and the new
 * words take the formatting of the text just before them, as typing would.
 */
import { Fragment, Slice, type Node as PMNode } from '@tiptap/pm/model';

/** A block's text as the draft box shows it: hard breaks (and other leaves) are line breaks. */
export function draftTextOf(node: PMNode): string {
  return node.textBetween(0, node.content.size, '\n', '\n');
}

/**
 * `node` with its text changed to `text`, formatting kept; null when the change
 * reaches into an inline node that holds text of its own (a footnote's note),
 * which a plain-text draft cannot edit faithfully.
 */
export function editedBlock(node: PMNode, text: string): PMNode | null {
  const baseText = draftTextOf(node);
  if (baseText === text) return node;
  const boundaries = textBoundaries(node);
  if (boundaries.length !== baseText.length + 1) return null;

  const max = Math.min(baseText.length, text.length);
  let prefix = 0;
  while (prefix < max && baseText[prefix] === text[prefix]) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && baseText[baseText.length - 1 - suffix] === text[text.length - 1 - suffix]) suffix++;

  const from = boundaries[prefix]!;
  const to = boundaries[baseText.length - suffix]!;
  if (from === null || to === null) return null;
  for (let i = prefix; i < baseText.length - suffix; i++) if (boundaries[i] === null) return null;

  const inserted = text.slice(prefix, text.length - suffix);
  const marks = node.resolve(from).marks();
  const { schema } = node.type;
  const parts: PMNode[] = [];
  inserted.split('\n').forEach((line, i) => {
    if (i > 0) {
      const hardBreak = schema.nodes.hardBreak;
      if (!hardBreak) throw new Error('this schema has no hard break');
      parts.push(hardBreak.create());
    }
    if (line) parts.push(schema.text(line, marks));
  });
  try {
    return node.replace(from, to, new Slice(Fragment.from(parts), 0, 0));
  } catch {
    return null; // not valid content here: the caller falls back to the plain text
  }
}

/**
 * For each text offset 0..length, the content position where that offset falls;
 * null inside the text of an inline node with content (a footnote), where no
 * position of the block's own content corresponds.
 */
function textBoundaries(node: PMNode): (number | null)[] {
  const out: (number | null)[] = [];
  node.content.forEach((child, offset) => {
    if (child.isText) for (let k = 0; k < child.text!.length; k++) out.push(offset + k);
    else if (child.isLeaf) out.push(offset);
    else {
      const inner = child.textBetween(0, child.content.size, '\n', '\n').length;
      // The node's start is a boundary before its text; inside it there is none.
      for (let k = 0; k < inner; k++) out.push(k === 0 ? offset : null);
      if (inner === 0) out.push(offset);
    }
  });
  out.push(node.content.size);
  return out;
}
