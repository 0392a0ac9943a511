/**
 * Gives focus back to what had it before a popover or drawer took it.
 *
 * A plain `focus()` on the editor leaves the caret wherever the browser puts it
 * (the start of the document); ProseMirror puts its own selection back only on
 * a 20 ms timer, so a key typed at once would land in the wrong paragraph. The
 * editor's own focus restores its selection in the same call.
 */
import type { TiptapEditorHTMLElement } from '@tiptap/core';

export function focusBack(target: HTMLElement): void {
  const editor = (target as Partial<TiptapEditorHTMLElement>).editor;
  if (editor && !editor.isDestroyed) editor.view.focus();
  else target.focus({ preventScroll: true });
}
