/**
 * Where a thread's quoted words stand in its paragraph, as document positions,
 * so the text can show them highlighted. The quote was taken with
 * `doc.textBetween` (cursor-block.ts), which joins the block's text nodes with
 * nothing between them; the search walks the same text nodes. The first
 * occurrence wins (the server keeps no offset); words no longer in the
 * paragraph are simply not highlighted.
 */
import type { Node as PMNode } from '@tiptap/pm/model';

export interface QuoteRange {
  from: number;
  to: number;
}

/** `blockPos` is the position before `block`; null when the quote is not (or no longer) in its text. */
export function quoteRange(block: PMNode, blockPos: number, quote: string): QuoteRange | null {
  if (!quote) return null;
  let text = '';
  // Each text node: where its characters start in `text`, and its document position.
  const runs: { at: number; pos: number }[] = [];
  block.descendants((node, pos) => {
    if (!node.isText) return true;
    runs.push({ at: text.length, pos: blockPos + 1 + pos });
    text += node.text ?? '';
    return false;
  });
  const start = text.indexOf(quote);
  if (start === -1) return null;
  return { from: positionOf(runs, start, false), to: positionOf(runs, start + quote.length, true) };
}

/** The document position of a character offset (`end`: the offset ends a range, so it stays in the run before). */
function positionOf(runs: readonly { at: number; pos: number }[], offset: number, end: boolean): number {
  let run = runs[0]!;
  for (const r of runs) {
    if (end ? r.at < offset : r.at <= offset) run = r;
    else break;
  }
  return run.pos + (offset - run.at);
}
