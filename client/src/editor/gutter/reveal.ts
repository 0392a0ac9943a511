/**
 * Showing a person where the editor took them (issue 14 #11): "Next to review"
 * and the status filters scroll a paragraph into view and mark it for a moment
 * (class `block-revealed`, a node decoration so ProseMirror's own redraws keep
 * it), so the eye finds it. The scroll is instant for people who ask for
 * reduced motion; the CSS fades the mark only for the others.
 */
import type { Editor } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { EditorView } from '@tiptap/pm/view';

/** How long the mark stays: long enough to find it after a smooth scroll across the report. */
const REVEAL_MS = 2500;
const revealKey = new PluginKey<DecorationSet>('concordReveal');
/** The pending "clear the mark" per editor view: a new reveal restarts it. */
const clearTimers = new WeakMap<EditorView, ReturnType<typeof setTimeout>>();

export function revealPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: revealKey,
    state: {
      init: () => DecorationSet.empty,
      apply(tr, set) {
        const meta = tr.getMeta(revealKey) as { pos: number } | null | undefined;
        if (meta === null) return DecorationSet.empty;
        if (meta) {
          const node = tr.doc.nodeAt(meta.pos);
          if (!node) return DecorationSet.empty;
          return DecorationSet.create(tr.doc, [Decoration.node(meta.pos, meta.pos + node.nodeSize, { class: 'block-revealed' })]);
        }
        return tr.docChanged ? set.map(tr.mapping, tr.doc) : set;
      },
    },
    props: { decorations: (state) => revealKey.getState(state) },
    view: (view) => ({ destroy: () => clearTimeout(clearTimers.get(view)) }),
  });
}

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * Scrolls the block at `pos` into the middle of the window and marks it. With
 * `caret`, the cursor goes to its start first (and the editor takes the focus).
 */
export function revealBlock(editor: Editor, pos: number, { caret }: { caret: boolean }): void {
  if (caret)
    editor
      .chain()
      .setTextSelection(pos + 1)
      .focus(undefined, { scrollIntoView: false })
      .run();
  const { view } = editor;
  const dom = view.nodeDOM(pos);
  if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'center', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
  view.dispatch(view.state.tr.setMeta(revealKey, { pos }).setMeta('addToHistory', false));
  clearTimeout(clearTimers.get(view));
  clearTimers.set(
    view,
    setTimeout(() => {
      if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(revealKey, null).setMeta('addToHistory', false));
    }, REVEAL_MS),
  );
}
