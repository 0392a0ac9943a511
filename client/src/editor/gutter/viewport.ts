/**
 * Which blocks the gutter decorates: those on screen and WINDOW_MARGIN either
 * side. `followViewport` measures what is visible (at most once a frame, on
 * scroll, resize and structural changes) and asks for a new window only when
 * the visible blocks get near the edge of the decorated one.
 */
import type { EditorView } from '@tiptap/pm/view';
import { placedBlocks, type PlacedBlock } from './blocks-at';

/** The visible part of the document, as positions. */
export interface Viewport {
  from: number;
  to: number;
}

export interface BlockWindow {
  first: number;
  last: number;
}

/** Blocks decorated beyond the visible ones, above and below. */
export const WINDOW_MARGIN = 60;

/** Indexes of the blocks a viewport shows (the first block before anything is measured). */
export function visibleIndexes(blocks: readonly PlacedBlock[], viewport: Viewport | null): BlockWindow {
  if (blocks.length === 0) return { first: 0, last: -1 };
  if (!viewport) return { first: 0, last: 0 };
  let first = blocks.findIndex((b) => b.pos + b.node.nodeSize > viewport.from);
  if (first < 0) first = blocks.length - 1;
  let last = first;
  while (last + 1 < blocks.length && blocks[last + 1]!.pos < viewport.to) last++;
  return { first, last };
}

/** The blocks to decorate for a viewport. */
export function windowOf(blocks: readonly PlacedBlock[], viewport: Viewport | null): BlockWindow {
  const visible = visibleIndexes(blocks, viewport);
  if (visible.last < 0) return visible;
  return { first: Math.max(0, visible.first - WINDOW_MARGIN), last: Math.min(blocks.length - 1, visible.last + WINDOW_MARGIN) };
}

export interface ViewportFollower {
  /** From the plugin view's update: content loading or a large paste moves things without a scroll. */
  update(): void;
  destroy(): void;
}

export function followViewport(view: EditorView, decorated: () => BlockWindow | null, onMove: (viewport: Viewport) => void): ViewportFollower {
  let frame = 0;
  let childCount = view.state.doc.childCount;
  const measure = () => {
    frame = 0;
    if (view.isDestroyed) return;
    const viewport = visibleRange(view);
    if (!viewport) return;
    const blocks = placedBlocks(view.state.doc);
    const visible = visibleIndexes(blocks, viewport);
    const win = decorated();
    const slack = WINDOW_MARGIN / 3;
    const covered =
      win !== null &&
      (win.first === 0 || visible.first - slack >= win.first) &&
      (win.last >= blocks.length - 1 || visible.last + slack <= win.last);
    if (!covered) onMove(viewport);
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(measure);
  };
  window.addEventListener('scroll', schedule, { passive: true, capture: true });
  window.addEventListener('resize', schedule, { passive: true });
  schedule();
  return {
    update() {
      if (view.state.doc.childCount === childCount) return;
      childCount = view.state.doc.childCount;
      schedule();
    },
    destroy() {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', schedule, { capture: true });
      window.removeEventListener('resize', schedule);
    },
  };
}

/** Document positions at the top and bottom of the editor's visible part, or null when off screen. */
function visibleRange(view: EditorView): Viewport | null {
  const rect = view.dom.getBoundingClientRect();
  const top = Math.max(rect.top, 0);
  const bottom = Math.min(rect.bottom, window.innerHeight);
  if (bottom - top < 4) return null;
  const x = rect.left + rect.width / 2;
  const at = (y: number): number | null => {
    try {
      return view.posAtCoords({ left: x, top: y })?.pos ?? null;
    } catch {
      return null;
    }
  };
  // Sticky headers and gaps between blocks answer null: step inwards until a position is found.
  let from: number | null = null;
  let to: number | null = null;
  for (let y = top + 2; from === null && y < bottom; y += 40) from = at(y);
  for (let y = bottom - 2; to === null && y > top; y -= 40) to = at(y);
  if (from === null || to === null) return null;
  return { from: Math.min(from, to), to: Math.max(from, to) };
}
