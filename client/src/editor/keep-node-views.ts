/**
 * The document is drawn once at open, not twice.
 *
 * TipTap's `EditorContent`, when it takes over the editor's element, calls
 * `editor.createNodeViews()`, which gives ProseMirror freshly built node-view
 * constructors (TipTap builds a new function per call, e.g. for the table's
 * colgroup view). ProseMirror compares them by identity, sees them all
 * changed, and throws away the whole document's DOM to draw it again: on the
 * 150-page report ~1,700 top-level blocks, 80–90 ms of the open plus the
 * garbage of the first drawing (BENCHMARKS.md "Round 16 (client: opening the
 * report)").
 *
 * That second pass exists for React node views (`ReactNodeViewRenderer`),
 * which need the content component `EditorContent` sets just before it.
 * Concord has none: its node views are plain DOM (the table's, and the report
 * views' footnote, figure and recommendation list, which come through a
 * plugin's props and were never rebuilt). The view keeps the constructors it
 * was created with (keep-node-views.test.ts: the same DOM before and after
 * `EditorContent` mounts, tables still drawn by their view). A React node view
 * added later needs this extension removed.
 */
import { Extension } from '@tiptap/core';

export const KeepNodeViews = Extension.create({
  name: 'concordKeepNodeViews',
  onBeforeCreate() {
    const { editor } = this;
    // The view is built after `beforeCreate`, with the extension manager's node views.
    editor.createNodeViews = () => {};
  },
});
