/**
 * ProseMirror's view update of the document's top-level blocks, limited to the
 * blocks that changed (a patch of prosemirror-view 1.42, one view at a time).
 *
 * On every transaction the view walks every top-level block: for each of the
 * ~1,700 blocks of the 150-page report it works out the block's decorations
 * (`iterDeco`, `DecorationSet.forChild`) and compares block and decorations
 * with what is drawn (`findNodeMatch`, `matchesNode`) — ~1.9 ms of script per
 * keystroke (round 12's profile, issue 11), to find the one paragraph typed in.
 *
 * Here, the root's update first takes the blocks at either end that are the
 * very node objects already drawn, and clean (the DOM observer marked nothing in
 * them dirty), and shows that their decorations did not change either — by
 * comparing the decoration sets rather than looking up each block's: every
 * decoration (and every child set) of the new sets that lies before the changed
 * blocks sits where the old one did with an equal type, every one after them is
 * the old one moved by the change in size, and none reaches from the unchanged
 * blocks into the changed ones. That is linear in the decorations (the gutter
 * and the comment markers decorate a window around the viewport, ~100–300),
 * not in the blocks. The blocks in between are then updated as prosemirror-view
 * updates a block whose node changed (`matchesNode`, else `update` in place).
 *
 * Everything else takes prosemirror-view's own path, untouched: a composition
 * (IME) in progress, a change of the number of top-level blocks (Enter, a
 * paste, a join), a top-level widget, a decoration spanning blocks, a block
 * whose update is refused (its type changed, a node view said no), a root
 * marked dirty beyond one child. Being per view (the root desc's `updateInner`
 * is replaced on the instance), other editors and the tests' reference views
 * keep the original.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { DecorationSet, type Decoration, type DecorationSource, type EditorView } from '@tiptap/pm/view';

/** What the patch reads of prosemirror-view's view descriptions (internal, stable since 1.0). */
interface Desc {
  node: PMNode;
  dirty: number;
  dom: Node;
  contentDOM: HTMLElement | null;
  children: Desc[];
  outerDeco: readonly Decoration[];
  innerDeco: DecorationSource;
  readonly posAtStart: number;
  matchesNode(node: PMNode, outerDeco: readonly Decoration[], innerDeco: DecorationSource): boolean;
  update(node: PMNode, outerDeco: readonly Decoration[], innerDeco: DecorationSource, view: EditorView): boolean;
  updateOuterDeco(outerDeco: readonly Decoration[]): void;
  updateChildren(view: EditorView, pos: number): void;
  updateInner(node: PMNode, outerDeco: readonly Decoration[], innerDeco: DecorationSource, view: EditorView): void;
}

/** A DecorationSet's insides: its own decorations by position, and [start, end, subtree] per decorated child. */
interface SetInternals {
  local: readonly Decoration[];
  children: readonly (number | DecorationSet)[];
}

interface TypeInternals {
  eq(other: unknown): boolean;
}

type Inner = Decoration & { readonly type: TypeInternals; readonly inline: boolean; readonly widget: boolean };

const NOT_DIRTY = 0;
const CHILD_DIRTY = 1;

/** For the tests: top-level blocks compared or updated by the limited path, and updates that took it or the original. */
export const topLevelCounters = { blocksVisited: 0, limited: 0, original: 0 };

const patched = new WeakSet<object>();

/** Limits the view's top-level updates to the changed blocks (idempotent; again after the view redraws its root). */
export function limitTopLevelUpdates(view: EditorView): void {
  const root = (view as unknown as { docView: Desc | null }).docView;
  if (!root || patched.has(root)) return;
  patched.add(root);
  const original = root.updateInner.bind(root);
  root.updateInner = function (this: Desc, node, outerDeco, innerDeco, v) {
    if (updateChanged(this, node, outerDeco, innerDeco, v)) {
      topLevelCounters.limited++;
      return;
    }
    topLevelCounters.original++;
    original(node, outerDeco, innerDeco, v);
  };
}

/** The same as a plugin, for the editor's extension list. */
export function topLevelUpdatePlugin(): Plugin {
  return new Plugin({
    key: new PluginKey('concordTopLevelUpdate'),
    view: (view) => {
      limitTopLevelUpdates(view);
      // The view builds a new root when it must redraw everything (new node views, say).
      return { update: (v) => limitTopLevelUpdates(v) };
    },
  });
}

function updateChanged(root: Desc, node: PMNode, outerDeco: readonly Decoration[], innerDeco: DecorationSource, view: EditorView): boolean {
  if (view.composing || root.dirty > CHILD_DIRTY || !root.contentDOM) return false;
  const descs = root.children;
  const count = node.childCount;
  if (descs.length !== count || root.node.childCount !== count) return false;
  // Unchanged blocks at either end: the node drawn, clean.
  let first = 0;
  while (first < count && descs[first]!.node === node.child(first) && descs[first]!.dirty === NOT_DIRTY) first++;
  let end = count;
  while (end > first && descs[end - 1]!.node === node.child(end - 1) && descs[end - 1]!.dirty === NOT_DIRTY) end--;

  const base = root.posAtStart;
  let start = base;
  for (let i = 0; i < first; i++) start += descs[i]!.node.nodeSize;
  let oldEnd = start;
  let newEnd = start;
  for (let i = first; i < end; i++) {
    oldEnd += descs[i]!.node.nodeSize;
    newEnd += node.child(i).nodeSize;
  }
  const outer = new Map<number, Decoration[]>();
  if (!equivalentOutside(root.innerDeco, innerDeco, start, oldEnd, newEnd, outer)) return false;
  // Positions in decorations are relative to the root's content.
  if (!alignedToBlocks(outer, node, first, end, start - base)) return false;

  root.updateOuterDeco(outerDeco);
  root.node = node;
  root.innerDeco = innerDeco;
  let offset = start - base;
  for (let i = first; i < end; i++) {
    const child = node.child(i);
    const desc = descs[i]!;
    const childOuter = outer.get(offset) ?? [];
    const childInner = innerDeco.forChild(offset, child);
    topLevelCounters.blocksVisited++;
    if (!desc.matchesNode(child, childOuter, childInner)) {
      const dom = desc.dom;
      if (!desc.update(child, childOuter, childInner, view)) {
        // prosemirror-view's own path, from here on: it finds the blocks updated so far matching.
        root.updateChildren(view, base);
        root.dirty = NOT_DIRTY;
        return true;
      }
      // A decoration wrapped the block in a new element: put it where the old one was.
      if (desc.dom !== dom) dom.parentNode?.replaceChild(desc.dom, dom);
    }
    offset += child.nodeSize;
  }
  root.dirty = NOT_DIRTY;
  return true;
}

function membersOf(source: DecorationSource): readonly DecorationSet[] | null {
  if (source === DecorationSet.empty) return [];
  if (source instanceof DecorationSet) return [source];
  const members = (source as unknown as { members?: readonly unknown[] }).members;
  if (!members || !members.every((m) => m instanceof DecorationSet)) return null;
  return members as readonly DecorationSet[];
}

/**
 * Whether the new decorations equal the old ones outside the changed blocks: the same before
 * `start`, moved by the change in size after the changed blocks (`oldEnd` → `newEnd`), none
 * reaching across either edge. Fills `outer` with the new non-inline decorations of the changed
 * blocks, by start position, in the order prosemirror-view gives a block its decorations.
 */
function equivalentOutside(
  before: DecorationSource,
  after: DecorationSource,
  start: number,
  oldEnd: number,
  newEnd: number,
  outer: Map<number, Decoration[]>,
): boolean {
  const olds = membersOf(before);
  const news = membersOf(after);
  if (!olds || !news || olds.length !== news.length) return false;
  const shift = newEnd - oldEnd;
  for (let m = 0; m < news.length; m++) {
    const a = olds[m] as unknown as SetInternals;
    const b = news[m] as unknown as SetInternals;
    if (a === b && shift === 0) {
      if (!collectMiddle(b.local as readonly Inner[], start, newEnd, outer)) return false;
      continue;
    }
    if (!sameLocals(a.local as readonly Inner[], b.local as readonly Inner[], start, oldEnd, newEnd, shift)) return false;
    if (!sameChildren(a.children, b.children, start, oldEnd, shift)) return false;
    if (!collectMiddle(b.local as readonly Inner[], start, newEnd, outer)) return false;
  }
  return true;
}

/** Where a decoration (or child set) from..to lies: -1 before the changed blocks, 1 after, 0 inside, null across an edge. */
function region(from: number, to: number, start: number, end: number): -1 | 0 | 1 | null {
  if (to <= start && from < start) return -1;
  if (from >= end && to > end) return 1;
  if (from >= start && to <= end) return 0;
  return null;
}

function sameLocals(a: readonly Inner[], b: readonly Inner[], start: number, oldEnd: number, newEnd: number, shift: number): boolean {
  let i = 0;
  let j = 0;
  for (;;) {
    // Skip what lies in the changed blocks; stop at anything across an edge.
    let ra: -1 | 0 | 1 | null = 0;
    while (i < a.length && (ra = region(a[i]!.from, a[i]!.to, start, oldEnd)) === 0) i++;
    let rb: -1 | 0 | 1 | null = 0;
    while (j < b.length && (rb = region(b[j]!.from, b[j]!.to, start, newEnd)) === 0) j++;
    if (i === a.length || j === b.length) return i === a.length && j === b.length;
    if (ra === null || rb === null || ra !== rb) return false;
    const da = a[i]!;
    const db = b[j]!;
    const moved = ra === 1 ? shift : 0;
    if (da.from + moved !== db.from || da.to + moved !== db.to || !(da.type === db.type || da.type.eq(db.type))) return false;
    i++;
    j++;
  }
}

function sameChildren(
  a: readonly (number | DecorationSet)[],
  b: readonly (number | DecorationSet)[],
  start: number,
  oldEnd: number,
  shift: number,
): boolean {
  const newEnd = oldEnd + shift;
  let i = 0;
  let j = 0;
  for (;;) {
    let ra: -1 | 0 | 1 | null = 0;
    while (i < a.length && (ra = region(a[i] as number, a[i + 1] as number, start, oldEnd)) === 0) i += 3;
    let rb: -1 | 0 | 1 | null = 0;
    while (j < b.length && (rb = region(b[j] as number, b[j + 1] as number, start, newEnd)) === 0) j += 3;
    if (i >= a.length || j >= b.length) return i >= a.length && j >= b.length;
    if (ra === null || rb === null || ra !== rb) return false;
    const moved = ra === 1 ? shift : 0;
    // DecorationSet.eq is internal to prosemirror-view (the comparison its own update makes).
    const sa = a[i + 2] as unknown as { eq(other: unknown): boolean };
    const sb = b[j + 2] as unknown;
    if ((a[i] as number) + moved !== b[j] || (a[i + 1] as number) + moved !== b[j + 1] || !(sa === sb || sa.eq(sb))) return false;
    i += 3;
    j += 3;
  }
}

/** The new set's non-inline decorations inside the changed blocks, by start; false for a widget there. */
function collectMiddle(local: readonly Inner[], start: number, end: number, outer: Map<number, Decoration[]>): boolean {
  for (const d of local) {
    if (d.to < start) continue;
    if (d.from > end) break;
    if (d.widget) return false;
    if (d.inline || region(d.from, d.to, start, end) !== 0) continue;
    let list = outer.get(d.from);
    if (!list) outer.set(d.from, (list = []));
    list.push(d);
  }
  return true;
}

/** Every collected decoration covers exactly one of the changed blocks (a node decoration on it). */
function alignedToBlocks(outer: Map<number, Decoration[]>, node: PMNode, first: number, end: number, start: number): boolean {
  if (outer.size === 0) return true;
  let matched = 0;
  let offset = start;
  for (let i = first; i < end; i++) {
    const size = node.child(i).nodeSize;
    const list = outer.get(offset);
    if (list) {
      if (list.some((d) => d.to !== offset + size)) return false;
      matched++;
    }
    offset += size;
  }
  return matched === outer.size;
}
