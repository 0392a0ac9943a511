/**
 * The block being typed in keeps its size while its lines do (issue 11).
 *
 * A typed character changes one text node, yet Chromium lays out the whole
 * editor for it: the change marks every ancestor of the text for layout, and
 * the editor's block list (~1,000 top-level blocks on the 150-page report)
 * is laid out again, each unchanged block a cache hit but visited — 2–4 ms of
 * every keystroke, linear in the blocks (BENCHMARKS.md "Round 16 (client:
 * keystroke)"). Chromium stops that climb at a *relayout boundary*: a box
 * whose size does not depend on its content (size and layout containment) and
 * that cannot move anything around it. Each top-level block already has layout
 * and paint containment (`content-visibility: auto`, editor.css); adding size
 * containment with the block's own height makes it one.
 *
 * So, just before a typed character goes into a top-level textblock, that
 * block is *held*: its current height is written on it and it gets
 * `contain: size` (`.is-size-held`). Typing then lays out that block alone.
 * After every view update the hold is checked: when the block's content is no
 * longer as tall as when it was held (a line was added or removed), the caret
 * left it, the block was redrawn or its class or style changed (a decoration),
 * or the editor's width changed, the hold is
 * let go, and the browser lays the page out as before — the change appears in
 * the same frame, since the check runs before it paints. The next typed
 * character holds the block again at its new height. Only the size a block
 * already has is ever written, so holding or letting go moves nothing.
 *
 * The class and the height are set with ProseMirror's DOM observer paused:
 * they are not content, and the observer would otherwise re-read the block.
 */
import { Extension } from '@tiptap/core';
import { Plugin, type EditorState } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';

const HELD_CLASS = 'is-size-held';
const HEIGHT_PROPERTY = '--held-height';

interface Hold {
  block: HTMLElement;
  /** The height of the block's lines when it was held (px); the block keeps its own size while they keep theirs. */
  linesHeight: number;
  /** The editor's width when it was held: a new width wraps the lines anew. */
  editorWidth: number;
  /** The block's class and style once held: a decoration changing either may change its box, so the hold ends. */
  className: string;
  style: string | null;
}

interface DomObserver {
  stop(): void;
  start(): void;
}

/** Changes the DOM without ProseMirror's observer seeing it (it would re-read the block as if typed into). */
function unobserved(view: EditorView, change: () => void): void {
  const observer = (view as unknown as { domObserver: DomObserver }).domObserver;
  observer.stop();
  try {
    change();
  } finally {
    observer.start();
  }
}

/** How tall the block's lines are: the box around its content, whatever size the block itself is given. */
function linesHeight(block: HTMLElement): number {
  const range = block.ownerDocument.createRange();
  range.selectNodeContents(block);
  return range.getBoundingClientRect().height;
}

/** The top-level textblock element the selection is in, if the selection is a caret or range inside one. */
function topLevelTextblock(view: EditorView, state: EditorState): HTMLElement | null {
  const { $from, $to } = state.selection;
  if ($from.depth !== 1 || !$from.sameParent($to) || !$from.parent.isTextblock) return null;
  const dom = view.nodeDOM($from.before(1));
  return dom instanceof HTMLElement && dom.parentNode === view.dom ? dom : null;
}

class BlockHolder {
  private hold: Hold | null = null;
  private readonly resize: ResizeObserver | null;

  constructor(private readonly view: EditorView) {
    this.resize =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => {
            if (this.hold && this.view.dom.clientWidth !== this.hold.editorWidth) this.release();
          });
    this.resize?.observe(view.dom);
  }

  /** Holds the top-level textblock the selection is in, before a character is typed into it. */
  holdForTyping(): void {
    const block = topLevelTextblock(this.view, this.view.state);
    if (!block || this.hold?.block === block) return;
    this.release();
    // The page is laid out at a keypress (the last frame did it), so these reads cost no layout of their own.
    const height = block.getBoundingClientRect().height;
    const lines = linesHeight(block);
    const editorWidth = this.view.dom.clientWidth;
    unobserved(this.view, () => {
      block.style.setProperty(HEIGHT_PROPERTY, `${height}px`);
      block.classList.add(HELD_CLASS);
    });
    this.hold = { block, linesHeight: lines, editorWidth, className: block.className, style: block.getAttribute('style') };
  }

  /** After a view update: lets the block go unless it is still the caret's, drawn as before, with lines as tall. */
  check(): void {
    const hold = this.hold;
    if (!hold) return;
    if (
      topLevelTextblock(this.view, this.view.state) !== hold.block ||
      hold.block.className !== hold.className ||
      hold.block.getAttribute('style') !== hold.style ||
      this.view.dom.clientWidth !== hold.editorWidth
    ) {
      this.release();
    } else if (linesHeight(hold.block) !== hold.linesHeight) {
      this.release();
    }
  }

  release(): void {
    const hold = this.hold;
    if (!hold) return;
    this.hold = null;
    unobserved(this.view, () => {
      hold.block.classList.remove(HELD_CLASS);
      hold.block.style.removeProperty(HEIGHT_PROPERTY);
    });
  }

  destroy(): void {
    this.resize?.disconnect();
    this.release();
  }
}

const holders = new WeakMap<EditorView, BlockHolder>();

/** Called just before a typed character is inserted (typed-characters.ts): holds the block it goes into. */
export function holdBlockForTyping(view: EditorView): void {
  holders.get(view)?.holdForTyping();
}

export const HeldBlockSize = Extension.create({
  name: 'concordHeldBlockSize',
  addProseMirrorPlugins: () => [
    new Plugin({
      view: (view) => {
        const holder = new BlockHolder(view);
        holders.set(view, holder);
        return {
          update: () => holder.check(),
          destroy: () => {
            holder.destroy();
            holders.delete(view);
          },
        };
      },
    }),
  ],
});
