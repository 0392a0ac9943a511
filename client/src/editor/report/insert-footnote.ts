import type { Editor } from '@tiptap/core';
import { OPEN_FOOTNOTE_EVENT } from './footnote-view';

/** A new, empty note right after the selection, opened for typing at once. */
export function insertFootnote(editor: Editor): boolean {
  const at = editor.state.selection.to;
  if (!editor.chain().focus().insertContentAt(at, { type: 'footnote' }).run()) return false;
  editor.view.nodeDOM(at)?.dispatchEvent(new CustomEvent(OPEN_FOOTNOTE_EVENT));
  return true;
}
