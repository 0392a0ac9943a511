/**
 * The block (paragraph or heading) at the editor's cursor, and the text
 * selected inside it: what a new thread is about. Kept while the editor is not
 * focused, so typing in the side panel still knows which paragraph was meant.
 */
import { useEffect, useState } from 'react';
import type { Editor } from '@tiptap/react';
import { BLOCK_ID_ATTR, isBlockNodeType } from '@concord/shared';
import { MAX_QUOTE_LENGTH } from '../api/comments';
import { afterNextPaint, type Cancel } from '../sync/after-paint';

export interface CursorBlock {
  blockId: string;
  text: string;
  /** Selected text inside the block, or null. */
  quote: string | null;
}

function cursorBlock(editor: Editor): CursorBlock | null {
  const { selection, doc } = editor.state;
  const { $from, from, to, empty } = selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth);
    if (!isBlockNodeType(node.type.name)) continue;
    const id = node.attrs[BLOCK_ID_ATTR] as unknown;
    if (typeof id !== 'string') return null;
    const inside = !empty && to <= $from.end(depth);
    const quote = inside ? doc.textBetween(from, to).trim() : '';
    return { blockId: id, text: node.textContent, quote: quote && quote.length <= MAX_QUOTE_LENGTH ? quote : null };
  }
  return null;
}

/**
 * The panel shows the start of the block's text only: a keystroke further in
 * must not re-render it (a React commit while the editor has focus walks the
 * editor's whole DOM to save the selection — costly on a 150-page report).
 * A keystroke in a short block does change what it shows: that is read just
 * after the frame that paints the keystroke, not during it (read during it, the
 * update was rendered and committed before the paint: ~3-5 ms of every
 * keystroke in a paragraph under 100 characters, issue 11).
 */
const SHOWN_CHARS = 100;
const sameStart = (a: string, b: string) =>
  a === b || (a.length > SHOWN_CHARS && b.length > SHOWN_CHARS && a.slice(0, SHOWN_CHARS) === b.slice(0, SHOWN_CHARS));
const same = (a: CursorBlock | null, b: CursorBlock | null) =>
  a === b || (!!a && !!b && a.blockId === b.blockId && sameStart(a.text, b.text) && a.quote === b.quote);

export function useCursorBlock(editor: Editor | null): CursorBlock | null {
  const [block, setBlock] = useState<CursorBlock | null>(null);
  useEffect(() => {
    if (!editor) return;
    // Until the person has been in the text, the caret's default place means nothing.
    let touched = editor.isFocused;
    const read = () => {
      if (editor.isDestroyed || !touched) return;
      const next = cursorBlock(editor);
      setBlock((prev) => (same(prev, next) ? prev : next));
    };
    const onFocus = () => {
      touched = true;
      read();
    };
    let pending: Cancel | null = null;
    const readAfterPaint = () => {
      pending ??= afterNextPaint(() => {
        pending = null;
        read();
      });
    };
    read();
    editor.on('focus', onFocus);
    editor.on('selectionUpdate', readAfterPaint);
    editor.on('update', readAfterPaint);
    return () => {
      pending?.();
      editor.off('focus', onFocus);
      editor.off('selectionUpdate', readAfterPaint);
      editor.off('update', readAfterPaint);
    };
  }, [editor]);
  return block;
}
