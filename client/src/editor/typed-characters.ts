/**
 * A typed character inserted by the editor, not by the browser (issue 11).
 *
 * For a caret in a textblock prosemirror-view lets the browser insert a typed
 * character and reads the DOM back (its DOM observer's flush, `readDOMChange`:
 * a parse of the block, a diff, then `handleTextInput` and `insertText`). In
 * Chromium the browser's own insertion (`TypingCommand::InsertText`) was about
 * half of the keydown's task on the 150-page report, most of it one forced
 * layout of ~9,100 objects. prosemirror-view already inserts the character
 * itself when the selection spans blocks (`editHandlers.keypress`); this does
 * the same for the plain case — a printable character, no composition, a text
 * selection inside one textblock that takes text — exactly as prosemirror-view
 * does it there: offered to `handleTextInput` first (input rules, autolink's
 * neighbours, suggesting mode), else `tr.insertText(text).scrollIntoView()`,
 * which takes the stored marks or the marks at the caret by the marks'
 * `inclusive` rules, as the DOM read-back's `insertText` did. Returning true
 * makes prosemirror-view call `preventDefault()`, so the browser changes
 * nothing and the observer finds nothing to read.
 *
 * Everything else goes to the browser as before: compositions (IME, dead keys,
 * Android keyboards send keyCode 229 and no keypress), Enter, control and
 * command chords, node selections, blocks that take no text.
 */
import { Extension } from '@tiptap/core';
import { Plugin, TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { holdBlockForTyping } from './held-block-size.js';

/** How many characters this plugin inserted (tests count them: no DOM read-back for these). */
export const typedCharacterCounters = { inserted: 0 };

/** The character a keypress types, or null when it is not the plain case. */
/* eslint-disable @typescript-eslint/no-deprecated -- a keypress's character is its charCode, as prosemirror-view reads it; keyCode 229 marks a composition */
function typedCharacter(view: EditorView, event: KeyboardEvent): string | null {
  // prosemirror-view already skips compositions and charCode 0; asked again so the rule stands here on its own.
  if (view.composing || event.isComposing || event.keyCode === 229 || !event.charCode) return null;
  // AltGr arrives as ctrl+alt on Windows and types characters (prosemirror-view's own test); command chords do not type.
  if ((event.ctrlKey && !event.altKey) || event.metaKey) return null;
  const text = String.fromCodePoint(event.charCode);
  return /[\r\n]/.test(text) ? null : text;
}
/* eslint-enable @typescript-eslint/no-deprecated */

/** Inserts the typed character as prosemirror-view does for a selection across blocks; false leaves it to the browser. */
function insertTypedCharacter(view: EditorView, event: KeyboardEvent): boolean {
  const text = typedCharacter(view, event);
  if (text === null || !view.editable) return false;
  // A caret moved by a key just before (Ctrl+End, arrows) reaches ProseMirror with the next
  // selectionchange event, which may not have come yet: the browser would have typed at the DOM's
  // caret, so the DOM selection is read now (prosemirror-view's own flush: nothing to do when unchanged).
  (view as unknown as { domObserver: { flush(): void } }).domObserver.flush();
  const selection = view.state.selection;
  if (!(selection instanceof TextSelection)) return false;
  const { $from, $to } = selection;
  if (!$from.sameParent($to) || !$from.parent.inlineContent) return false;
  if (!$from.parent.canReplaceWith($from.index(), $to.index(), view.state.schema.nodes.text!)) return false;
  // The block typed in is laid out on its own while its lines stay as they are (held-block-size.ts).
  holdBlockForTyping(view);
  const deflt = () => view.state.tr.insertText(text).scrollIntoView();
  if (!view.someProp('handleTextInput', (handle) => handle(view, $from.pos, $to.pos, text, deflt))) view.dispatch(deflt());
  typedCharacterCounters.inserted++;
  return true;
}

export const TypedCharacters = Extension.create({
  name: 'concordTypedCharacters',
  addProseMirrorPlugins: () => [new Plugin({ props: { handleKeyPress: insertTypedCharacter } })],
});
