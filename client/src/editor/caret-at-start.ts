/**
 * Opening a document puts the caret at its start. The editor is built as soon as
 * the local copy is read; on a first visit that copy is empty, and the document
 * arrives from the server a moment later as one remote change replacing the
 * empty paragraph. ProseMirror maps the caret through that replacement to the
 * end of what was inserted: the caret sat on the last block (the comments
 * panel's "At the cursor" showed its note). So when a remote change fills an
 * empty document, the caret goes to the start of the first block instead — a
 * selection only: nothing scrolls, nothing is written to the document.
 * Later remote changes map the caret as usual.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, Selection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { isChangeOrigin } from '@tiptap/extension-collaboration';

/** The placeholder of an editor with no content yet: at most one block, itself empty. */
function isEmpty(state: EditorState): boolean {
  const { doc } = state;
  return doc.childCount === 0 || (doc.childCount === 1 && doc.firstChild!.content.size === 0);
}

export const CaretAtStart = Extension.create({
  name: 'concordCaretAtStart',

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('concordCaretAtStart'),
        appendTransaction(transactions: readonly Transaction[], oldState, newState) {
          if (!isEmpty(oldState) || isEmpty(newState)) return null;
          if (!transactions.some((tr) => tr.docChanged && isChangeOrigin(tr))) return null;
          const start = Selection.atStart(newState.doc);
          return newState.selection.eq(start) ? null : newState.tr.setSelection(start).setMeta('addToHistory', false);
        },
      }),
    ];
  },
});
