/**
 * Works around a data-losing bug in @tiptap/y-tiptap 3.0.9 (ueberdosis/y-tiptap#48,
 * also yjs/y-prosemirror#272): after an undo, the sync binding keeps the
 * selection it saved before the undo; the next remote update then throws while
 * restoring it, the editor stops following the Y.Doc, and its next keystroke
 * writes the old text back — a collaborator's saved edit disappears for everyone.
 * Forgetting that saved selection as soon as an undo or redo has been applied
 * avoids it (tests/integration/block-ids.test.ts shows both the loss and the fix).
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { ySyncPluginKey, yUndoPluginKey } from '@tiptap/y-tiptap';

interface UndoManagerEvents {
  on(event: 'stack-item-popped', listener: () => void): void;
  off(event: 'stack-item-popped', listener: () => void): void;
}

export const UndoSelectionFix = Extension.create({
  name: 'concordUndoSelectionFix',

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('concordUndoSelectionFix'),
        // A plugin view is created with the editor view, right after the
        // collaboration plugins' views (this extension comes after them), so this
        // listener runs after y-tiptap's own, which restores the stale selection.
        view(view) {
          const undoManager = (yUndoPluginKey.getState(view.state) as { undoManager?: UndoManagerEvents } | undefined)?.undoManager;
          const forget = () => {
            const binding = (ySyncPluginKey.getState(view.state) as { binding?: { beforeTransactionSelection: unknown } } | undefined)
              ?.binding;
            if (binding) binding.beforeTransactionSelection = null;
          };
          undoManager?.on('stack-item-popped', forget);
          return { destroy: () => undoManager?.off('stack-item-popped', forget) };
        },
      }),
    ];
  },
});
