/**
 * Which blocks the gutter decorates: the top-level blocks on screen and
 * WINDOW_MARGIN either side (with the blocks nested in them). Found from
 * positions, never by walking the document: a keystroke on a 1,500-block
 * report visits the window's nodes only. `followViewport` measures what is
 * visible (at most once a frame, on scroll, resize and structural changes) and
 * asks for a new window only when the visible blocks get near its edge.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import type { EditorView } from '@tiptap/pm/view';
import { isBlockNodeType } from '@concord/shared';
import { blockIdOfNode, type PlacedBlock } from './blocks-at';

/** The visible part of the document, as positions. */
export interface Viewport {
  from: number;
  to: number;
}

export interface BlockWindow {
  first: number;
  last: number;
}

/**
 * Blocks decorated beyond the visible ones, above and below. Small on purpose: on every update
 * ProseMirror's view looks up each of the report's ~1,700 top-level nodes in every plugin's
 * decoration set, a scan of that set's top-level decorations — so each decorated block costs
 * ~1,700 steps per keystroke, local or remote (0.3 s of an 8 s typing profile with 60, issue 11).
 * 24 still covers a screen and a half either side of a tall window, so scrolling moves it rarely.
 */
export const WINDOW_MARGIN = 24;

/** The index of the top-level node at a position (0 ≤ pos ≤ size), as `doc.resolve(pos).index(0)`; null when not known. */
type IndexAt = (pos: number) => number | null;

/** Indexes of the top-level nodes a viewport shows (the first one before anything is measured). */
function visibleIndexes(doc: PMNode, viewport: Viewport | null, indexOf: IndexAt): BlockWindow | null {
  const count = doc.childCount;
  if (count === 0) return { first: 0, last: -1 };
  if (!viewport) return { first: 0, last: 0 };
  const size = doc.content.size;
  const indexAt = (pos: number) => {
    const index = indexOf(Math.max(0, Math.min(pos, size)));
    return index === null ? null : Math.min(count - 1, index);
  };
  const first = indexAt(viewport.from);
  // `to` is the end of the last visible node: the position just before it is inside that node.
  const last = indexAt(Math.max(viewport.from, viewport.to - 1));
  return first === null || last === null ? null : { first, last: Math.max(first, last) };
}

function around(visible: BlockWindow, count: number): BlockWindow {
  if (visible.last < 0) return visible;
  return { first: Math.max(0, visible.first - WINDOW_MARGIN), last: Math.min(count - 1, visible.last + WINDOW_MARGIN) };
}

/** The top-level nodes to decorate for a viewport. */
export function windowOf(doc: PMNode, viewport: Viewport | null): BlockWindow {
  return around(
    visibleIndexes(doc, viewport, (pos) => doc.resolve(pos).index(0))!,
    doc.childCount,
  );
}

/**
 * The same as `windowOf`, with the visible nodes found among known top-level nodes — indexes
 * `first`… and their `starts` in `doc` — by a binary search instead of ProseMirror's walk of the
 * top level; null when the viewport reaches outside them.
 */
export function windowAmong(doc: PMNode, viewport: Viewport | null, first: number, starts: readonly number[]): BlockWindow | null {
  const count = doc.childCount;
  const n = starts.length;
  if (n === 0) return null;
  const lastEnd = starts[n - 1]! + doc.child(first + n - 1).nodeSize;
  const indexOf = (pos: number): number | null => {
    if (pos < starts[0]!) return null;
    // The end of the last known node is the start of the next one (or the document's end, index `count`).
    if (pos === lastEnd) return first + n;
    if (pos > lastEnd) return null;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return first + lo;
  };
  const visible = visibleIndexes(doc, viewport, indexOf);
  return visible && around(visible, count);
}

/** The blocks (paragraphs, headings, nested ones too) in top-level nodes first..last, in document order. */
export function blocksInWindow(doc: PMNode, win: BlockWindow): PlacedBlock[] {
  const out: PlacedBlock[] = [];
  if (win.last < win.first) return out;
  let pos = 0;
  for (let i = 0; i < win.first; i++) pos += doc.child(i).nodeSize;
  for (let i = win.first; i <= win.last; i++) {
    const child = doc.child(i);
    if (isBlockNodeType(child.type.name)) out.push({ id: blockIdOfNode(child), pos, node: child });
    else {
      const base = pos + 1;
      child.descendants((node, offset) => {
        if (!isBlockNodeType(node.type.name)) return true;
        out.push({ id: blockIdOfNode(node), pos: base + offset, node });
        return false;
      });
    }
    pos += child.nodeSize;
  }
  return out;
}

export interface ViewportFollower {
  /** From the plugin view's update: content loading or a large paste moves things without a scroll. */
  update(): void;
  destroy(): void;
}

export function followViewport(
  view: EditorView,
  decorated: () => BlockWindow | null,
  onMove: (viewport: Viewport) => void,
): ViewportFollower {
  let frame = 0;
  let childCount = view.state.doc.childCount;
  const measure = () => {
    frame = 0;
    if (view.isDestroyed) return;
    const viewport = visibleRange(view);
    if (!viewport) return;
    const { doc } = view.state;
    const visible = visibleIndexes(doc, viewport, (pos) => doc.resolve(pos).index(0))!;
    const win = decorated();
    const slack = WINDOW_MARGIN / 3;
    const covered =
      win !== null &&
      (win.first === 0 || visible.first - slack >= win.first) &&
      (win.last >= doc.childCount - 1 || visible.last + slack <= win.last);
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

/** Rectangles read to find the visible blocks since the page loaded (tests count them). */
export const viewportCounters = { rectsRead: 0 };

/**
 * Document positions of the first and last top-level blocks in the editor's visible part, or null
 * when it is off screen. Found by a binary search of the editor's top-level elements by their
 * boxes (they are stacked in document order): ~11 rectangles on the 150-page report. It used to
 * ask `posAtCoords` at points stepped down from the top edge, each a hit test and a DOM-to-position
 * walk: 8–11 ms of thread time per measure in the round 14 traces, on every scroll, and the other
 * people's edits above the caret scroll the page (scroll anchoring keeps the caret in place).
 */
export function visibleRange(view: EditorView): Viewport | null {
  const rect = view.dom.getBoundingClientRect();
  const top = Math.max(rect.top, 0);
  const bottom = Math.min(rect.bottom, window.innerHeight);
  if (bottom - top < 4) return null;
  const children = view.dom.children;
  const box = (i: number) => {
    viewportCounters.rectsRead++;
    return children[i]!.getBoundingClientRect();
  };
  // The first block ending below the top edge, and the last one starting above the bottom edge.
  const first = firstWhere(children.length, (i) => box(i).bottom > top);
  const last = firstWhere(children.length, (i) => box(i).top >= bottom) - 1;
  if (first >= children.length || last < first) return null;
  const from = positionOf(view, children[first]!);
  const to = positionOf(view, children[last]!);
  if (from === null || to === null) return null;
  // `to` must lie after a position inside the last block (see `visibleIndexes`).
  return { from, to: Math.max(from, to) + 1 };
}

/** The first index in 0..count for which `test` holds, `test` being false then true along the range. */
function firstWhere(count: number, test: (i: number) => boolean): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (test(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** A position at the start of a top-level element's block (or at a widget), or null for an element the view does not own. */
function positionOf(view: EditorView, element: Element): number | null {
  try {
    return view.posAtDOM(element, 0);
  } catch {
    return null;
  }
}
