/**
 * The gutter's decorations for its window of top-level nodes, kept per top-level node so that a
 * keystroke costs the node it changed, not the window (~120 nodes) nor the document.
 *
 * Each top-level node of the window keeps its rows and what they decorate: the node decoration's
 * attributes when the node is a block itself, or, for a list or a quote, the set of its nested
 * blocks' decorations, relative to the node (so it stays valid wherever the node moves). A
 * document change that keeps the number of top-level nodes is patched: nodes that are the same
 * objects as before keep all of that, positions follow from one mapped node and the nodes' sizes,
 * only changed nodes get new rows. The set is put together directly in the shape
 * `DecorationSet.create` gives it — own decorations of top-level blocks in the root, one child set
 * per container — without its walk of every top-level node of the document (~1,700). Anything else
 * (blocks added or removed, the window moving, votes or filter changed) rebuilds the window, still
 * reusing the nodes found unchanged.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import type { Mapping } from '@tiptap/pm/transform';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { decorationAttrs, rowsOfTop, type Row, type RowContext } from './gutter-rows';
import { windowAmong, type BlockWindow, type Viewport } from './viewport';

interface Top {
  node: PMNode;
  rows: readonly Row[];
  /** The node decoration's attributes when the top-level node is a block. */
  attrs: Record<string, string> | null;
  /** The decorations of the blocks nested in it, relative to its content. */
  inner: DecorationSet | null;
}

export interface WindowDecorations {
  decorations: DecorationSet;
  /** Indexes of the first and last decorated top-level node. */
  window: BlockWindow;
  tops: readonly Top[];
  /** Where each of `tops` starts in the document. */
  starts: readonly number[];
  /** Each top-level block's own decoration (null for containers), reused while it does not move. */
  own: readonly (Decoration | null)[];
  /** Blocks whose decoration the last update made afresh (tests, benchmark). */
  lastChanged: number;
}

/** What the gutter's updates did since the page loaded: tests show a keystroke's share does not grow with the document. */
export const windowCounters = {
  /** Updates patched in place. */
  patched: 0,
  /** Updates that rebuilt the window. */
  rebuilt: 0,
  /** Positions mapped through a transaction. */
  positionsMapped: 0,
  /** Top-level nodes whose rows were worked out afresh. */
  topsComputed: 0,
};

const SPEC = { cg: true };

/** prosemirror-view's own (internal) constructor: what `DecorationSet.create` builds, without its walk of the document. */
type SetConstructor = new (local: Decoration[], children: (number | DecorationSet)[]) => DecorationSet;
const RawSet = DecorationSet as unknown as SetConstructor;

function topOf(ctx: RowContext, node: PMNode, rows: readonly Row[]): Top {
  windowCounters.topsComputed++;
  const [row] = rows;
  if (rows.length === 1 && row!.offset === 0) return { node, rows, attrs: decorationAttrs(ctx, row!), inner: null };
  // Nested blocks: positions relative to the node's content, which starts one after the node.
  const nested = rows.map((r) => Decoration.node(r.offset - 1, r.offset - 1 + r.node.nodeSize, decorationAttrs(ctx, r), SPEC));
  const inner = nested.length > 0 ? DecorationSet.create(node, nested) : DecorationSet.empty;
  return { node, rows, attrs: null, inner: inner === DecorationSet.empty ? null : inner };
}

function sameRows(a: readonly Row[], b: readonly Row[]): boolean {
  return a.length === b.length && a.every((row, i) => row.sig === b[i]!.sig && row.node === b[i]!.node);
}

function assemble(
  tops: readonly Top[],
  starts: readonly number[],
  own: readonly (Decoration | null)[],
  previous: WindowDecorations | null,
): DecorationSet {
  // Nothing moved or changed: the same set, which the view sees as unchanged at once.
  if (previous && sameItems(previous.tops, tops) && sameItems(previous.starts, starts) && sameItems(previous.own, own))
    return previous.decorations;
  const local: Decoration[] = [];
  const children: (number | DecorationSet)[] = [];
  tops.forEach((top, i) => {
    const decoration = own[i];
    if (decoration) local.push(decoration);
    if (top.inner) children.push(starts[i]!, starts[i]! + top.node.nodeSize, top.inner);
  });
  return local.length > 0 || children.length > 0 ? new RawSet(local, children) : DecorationSet.empty;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function ownDecoration(top: Top, start: number, kept: Decoration | null | undefined): Decoration | null {
  if (!top.attrs) return null;
  return kept && kept.from === start ? kept : Decoration.node(start, start + top.node.nodeSize, top.attrs, SPEC);
}

/**
 * The window `win` of `doc` decorated afresh. Nodes of `previous` found again (the same objects)
 * keep their rows unless `recompute` (votes, filter or open block changed: each row is worked out
 * again and kept only if it shows the same).
 */
export function rebuildWindow(
  ctx: RowContext,
  doc: PMNode,
  win: BlockWindow,
  previous: WindowDecorations | null,
  recompute: boolean,
): WindowDecorations {
  windowCounters.rebuilt++;
  const found = new Map<PMNode, number>();
  previous?.tops.forEach((top, i) => found.set(top.node, i));
  let pos = 0;
  for (let i = 0; i < win.first; i++) pos += doc.child(i).nodeSize;
  const tops: Top[] = [];
  const starts: number[] = [];
  const own: (Decoration | null)[] = [];
  let changed = 0;
  for (let index = win.first; index <= win.last; index++) {
    const node = doc.child(index);
    const at = found.get(node);
    const before = at === undefined ? undefined : previous!.tops[at]!;
    let top = before;
    if (!top || recompute) {
      const rows = rowsOfTop(ctx, node);
      top = before && sameRows(before.rows, rows) ? before : topOf(ctx, node, rows);
      if (top !== before) changed += rows.length;
    }
    tops.push(top);
    starts.push(pos);
    own.push(ownDecoration(top, pos, top === before ? previous!.own[at!] : null));
    pos += node.nodeSize;
  }
  return { decorations: assemble(tops, starts, own, previous), window: win, tops, starts, own, lastChanged: changed };
}

/**
 * `previous` brought up to a document change without rebuilding, or null when that is not safe:
 * the number of top-level nodes changed, no node of the window is unchanged, the unchanged node's
 * place is ambiguous after the mapping (something inserted at its edge), or the window moves.
 */
export function patchWindow(
  ctx: RowContext,
  previous: WindowDecorations,
  mapping: Mapping,
  before: PMNode,
  doc: PMNode,
  viewport: Viewport | null,
): WindowDecorations | null {
  const { tops: oldTops, starts: oldStarts, window: win } = previous;
  const n = oldTops.length;
  if (n === 0 || doc.childCount !== before.childCount) return null;
  const first = win.first;
  let anchor = 0;
  while (anchor < n && doc.child(first + anchor) !== oldTops[anchor]!.node) anchor++;
  if (anchor === n) return null;
  // An unchanged node between unchanged edges: its new place, and every other node's from the sizes.
  const from = oldStarts[anchor]!;
  const to = from + oldTops[anchor]!.node.nodeSize;
  const start = mapping.map(from, -1);
  windowCounters.positionsMapped += 4;
  if (mapping.map(from, 1) !== start || mapping.map(to, -1) !== start + to - from || mapping.map(to, 1) !== start + to - from) return null;
  const starts = new Array<number>(n);
  starts[anchor] = start;
  for (let i = anchor + 1; i < n; i++) starts[i] = starts[i - 1]! + doc.child(first + i - 1).nodeSize;
  for (let i = anchor - 1; i >= 0; i--) starts[i] = starts[i + 1]! - doc.child(first + i).nodeSize;
  if (starts[0]! < 0 || starts[n - 1]! + doc.child(first + n - 1).nodeSize > doc.content.size) return null;
  const moved = windowAmong(doc, viewport, first, starts);
  if (!moved || moved.first !== win.first || moved.last !== win.last) return null;

  windowCounters.patched++;
  const tops = new Array<Top>(n);
  const own = new Array<Decoration | null>(n);
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const node = doc.child(first + i);
    const kept = node === oldTops[i]!.node;
    let top = oldTops[i]!;
    if (!kept) {
      top = topOf(ctx, node, rowsOfTop(ctx, node));
      changed += top.rows.length;
    }
    tops[i] = top;
    own[i] = ownDecoration(top, starts[i]!, kept ? previous.own[i] : null);
  }
  return { decorations: assemble(tops, starts, own, previous), window: win, tops, starts, own, lastChanged: changed };
}
