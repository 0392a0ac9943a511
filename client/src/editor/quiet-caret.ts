/**
 * The caret extension, with my own caret recomputed only when I moved it.
 *
 * y-tiptap's caret plugin, on every editor update, turns my selection into
 * Yjs relative positions (a walk from the top of the document to the caret)
 * and, after every remote change, re-announces it to everyone even when it did
 * not change ("force"). With five people typing on a 150-page report that is a
 * walk per remote keystroke and caret move, and a presence message per remote
 * keystroke fanned out to the whole commission (0.35 s of an 8 s typing
 * profile, issue 11). Neither is needed:
 *  - an update that changed neither the document nor the selection (another
 *    person's caret moved, a gutter refresh) cannot move my caret;
 *  - a remote change cannot move it either, in Yjs terms: a relative position
 *    stays attached to its character, and where that character was deleted it
 *    resolves to the deletion point — where ProseMirror's mapping has put my
 *    caret too. So there is nothing new to announce.
 * My own edits and selection changes, and focus changes (the plugin listens
 * for those itself), are announced exactly as before.
 */
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { Plugin, type EditorState } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { yCursorPluginKey, ySyncPluginKey } from '@tiptap/y-tiptap';

/** Updates the caret plugin computed my caret's position in; for the typing-cost test. */
export const caretCounters = { recomputed: 0 };

function movedByMe(state: EditorState, prev: EditorState): boolean {
  if (state.doc === prev.doc) return !state.selection.eq(prev.selection);
  const sync = ySyncPluginKey.getState(state) as { isChangeOrigin?: boolean } | undefined;
  return !sync?.isChangeOrigin;
}

function quietCursorPlugin(plugin: Plugin): Plugin {
  const makeView = plugin.spec.view;
  if (!makeView) return plugin;
  return new Plugin({
    ...plugin.spec,
    view: (editorView: EditorView) => {
      const inner = makeView(editorView);
      return {
        update: (view: EditorView, prev: EditorState) => {
          if (!movedByMe(view.state, prev)) return;
          caretCounters.recomputed++;
          inner.update?.(view, prev);
        },
        destroy: () => inner.destroy?.(),
      };
    },
  });
}

export const QuietCollaborationCaret = CollaborationCaret.extend({
  addProseMirrorPlugins() {
    const plugins = this.parent?.() ?? [];
    return plugins.map((plugin) => ((plugin.spec.key as unknown) === yCursorPluginKey ? quietCursorPlugin(plugin) : plugin));
  },
});
