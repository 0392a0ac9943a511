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
 * them dirty), and finds which of them had their decorations changed — by
 * comparing the decoration sets rather than looking up each block's: every
 * decoration (and every child set) of the new sets that lies before the changed
 * blocks is compared with the old one at its place, every one after them with
 * the old one moved by the change in size, and none may reach from the unchanged
 * blocks into the changed ones. That is linear in the decorations (the gutter
 * and the comment markers decorate a window around the viewport, ~100–300),
 * not in the blocks. The blocks in between, and each unchanged block whose node
 * decorations or child set differ (another person's caret moved into or out of
 * it, its marker's status changed), are then updated as prosemirror-view
 * updates a block (`matchesNode`, else `update` in place). Before round 14 a
 * caret redraw with no change to the document took prosemirror-view's walk of
 * all ~1,700 blocks, once a frame while others type.
 *
 * Everything else takes prosemirror-view's own path, untouched: a composition
 * (IME) in progress, a change of the number of top-level blocks (Enter, a
 * paste, a join), a top-level widget, a decoration spanning blocks (or one of
 * these added or removed), a block
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
  // Positions in decorations are relative to the root's content.
  const redecorated = changedOutside(root.innerDeco, innerDeco, start - base, oldEnd - base, newEnd - base, outer);
  if (!redecorated) return false;
  if (!alignedToBlocks(outer, node, first, end, start - base)) return false;
  // Blocks outside the changed ones whose decorations changed (another person's caret moved, a
  // marker's status changed): updated too, each on its own, rather than walking every block.
  const others = blocksAt(redecorated, node);
  if (!others) return false;
  for (const { offset, child } of others)
    for (const set of membersOf(innerDeco)!)
      if (!collectMiddle((set as unknown as SetInternals).local as readonly Inner[], offset, offset + child.nodeSize, outer)) return false;

  root.updateOuterDeco(outerDeco);
  root.node = node;
  root.innerDeco = innerDeco;
  const toUpdate: { index: number; offset: number; child: PMNode }[] = [];
  let offset = start - base;
  for (let i = first; i < end; i++) {
    const child = node.child(i);
    toUpdate.push({ index: i, offset, child });
    offset += child.nodeSize;
  }
  toUpdate.push(...others);
  for (const { index, offset: at, child } of toUpdate) {
    const desc = descs[index]!;
    const childOuter = outer.get(at) ?? [];
    const childInner = innerDeco.forChild(at, child);
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
  }
  root.dirty = NOT_DIRTY;
  return true;
}

/** The top-level blocks starting at these offsets and ending where given, or null when one is not a block's exact range. */
function blocksAt(ranges: ReadonlyMap<number, number>, node: PMNode): { index: number; offset: number; child: PMNode }[] | null {
  if (ranges.size === 0) return [];
  const out: { index: number; offset: number; child: PMNode }[] = [];
  let offset = 0;
  // Adding sizes only (no decoration lookup): the blocks before are neither compared nor visited.
  for (let i = 0; i < node.childCount && out.length < ranges.size; i++) {
    const child = node.child(i);
    const end = ranges.get(offset);
    if (end !== undefined) {
      if (end !== offset + child.nodeSize) return null;
      out.push({ index: i, offset, child });
    }
    offset += child.nodeSize;
  }
  return out.length === ranges.size ? out : null;
}

function membersOf(source: DecorationSource): readonly DecorationSet[] | null {
  if (source === DecorationSet.empty) return [];
  if (source instanceof DecorationSet) return [source];
  const members = (source as unknown as { members?: readonly unknown[] }).members;
  if (!members || !members.every((m) => m instanceof DecorationSet)) return null;
  return members as readonly DecorationSet[];
}

/**
 * Where the new decorations differ from the old ones outside the changed blocks: before `start`
 * the old ones where they were, after the changed blocks (`oldEnd` → `newEnd`) moved by the
 * change in size. Answers, by start, the end of each top-level range whose node decorations or
 * child set differ (a block to update on its own), or null when something else differs — a widget
 * or an inline range at the top level, anything reaching across an edge — and only prosemirror-view's
 * own walk is safe. Fills `outer` with the new non-inline decorations of the changed blocks, by start,
 * in the order prosemirror-view gives a block its decorations.
 */
function changedOutside(
  before: DecorationSource,
  after: DecorationSource,
  start: number,
  oldEnd: number,
  newEnd: number,
  outer: Map<number, Decoration[]>,
): Map<number, number> | null {
  const olds = membersOf(before);
  const news = membersOf(after);
  if (!olds || !news) return null;
  const shift = newEnd - oldEnd;
  for (const set of news) if (!collectMiddle((set as unknown as SetInternals).local as readonly Inner[], start, newEnd, outer)) return null;
  const redecorated = new Map<number, number>();
  if (olds.length === news.length) {
    // Set by set: mostly nothing changed outside the changed blocks (shown in one pass, with no
    // allocation), else the differing set alone (another person's carets) is compared place by place.
    for (let m = 0; m < news.length; m++)
      if (!sameOutside(olds[m]!, news[m]!, start, oldEnd, shift) && !diffPlaces([olds[m]!], [news[m]!], start, oldEnd, newEnd, redecorated))
        return null;
    return redecorated;
  }
  // A plugin whose set is empty is not in the group (another person's caret appearing adds a set):
  // the sets of every plugin together, in plugin order. Sets that did not change, with nothing
  // moved, have the same places before and after: left out of both.
  const kept = shift === 0 ? new Set(olds.filter((set) => news.includes(set))) : new Set<DecorationSet>();
  const changed = (sets: readonly DecorationSet[]) => sets.filter((set) => !kept.has(set));
  return diffPlaces(changed(olds), changed(news), start, oldEnd, newEnd, redecorated) ? redecorated : null;
}

/**
 * Compares the old sets' decorations and child sets outside the changed blocks with the new ones',
 * place by place, and records in `redecorated` the block ranges where they differ; false when
 * something other than a block's node decorations or child set differs.
 */
function diffPlaces(
  olds: readonly DecorationSet[],
  news: readonly DecorationSet[],
  start: number,
  oldEnd: number,
  newEnd: number,
  redecorated: Map<number, number>,
): boolean {
  const shift = newEnd - oldEnd;
  const was = new Map<number, Item[]>();
  const is = new Map<number, Item[]>();
  for (const set of olds) if (!placesOf(set as unknown as SetInternals, start, oldEnd, shift, was)) return false;
  for (const set of news) if (!placesOf(set as unknown as SetInternals, start, newEnd, 0, is)) return false;
  for (const [from, items] of is) {
    const old = was.get(from);
    was.delete(from);
    if (old && sameItems(old, items)) continue;
    if (!blockRange(from, items, redecorated) || (old && !blockRange(from, old, redecorated))) return false;
  }
  // Old decorations with nothing at their place now: their block is drawn without them.
  for (const [from, items] of was) if (!blockRange(from, items, redecorated)) return false;
  return true;
}

/** A decoration of a set's own, or one of its child sets, outside the changed blocks (all at one place start at the same position). */
type Item = { to: number; deco: Inner; set?: undefined } | { to: number; set: DecorationSet; deco?: undefined };

/**
 * Adds a set's decorations and child sets outside the changed blocks (`start`..`end` in its own
 * positions) to `places`, by start — those after the changed blocks moved by `shift`; false for one across an edge.
 */
function placesOf(set: SetInternals, start: number, end: number, shift: number, places: Map<number, Item[]>): boolean {
  const put = (from: number, item: Item) => {
    const list = places.get(from);
    if (list) list.push(item);
    else places.set(from, [item]);
  };
  for (const deco of set.local as readonly Inner[]) {
    const r = region(deco.from, deco.to, start, end);
    if (r === null) return false;
    if (r === 0) continue;
    const moved = r === 1 ? shift : 0;
    put(deco.from + moved, { to: deco.to + moved, deco });
  }
  const { children } = set;
  for (let i = 0; i < children.length; i += 3) {
    const from = children[i] as number;
    const to = children[i + 1] as number;
    const r = region(from, to, start, end);
    if (r === null) return false;
    if (r === 0) continue;
    const moved = r === 1 ? shift : 0;
    put(from + moved, { to: to + moved, set: children[i + 2] as DecorationSet });
  }
  return true;
}

function sameItems(a: readonly Item[], b: readonly Item[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.to !== y.to) return false;
    if (x.deco && y.deco) {
      if (!(x.deco.type === y.deco.type || x.deco.type.eq(y.deco.type))) return false;
    } else if (x.set && y.set) {
      // DecorationSet.eq is internal to prosemirror-view (the comparison its own update makes).
      if (!(x.set === y.set || (x.set as unknown as { eq(other: unknown): boolean }).eq(y.set))) return false;
    } else return false;
  }
  return true;
}

/**
 * Records `from`..end as a block to update when every item there covers that one range exactly
 * (node decorations on a block, the child set of a block); false for a widget or inline range.
 */
function blockRange(from: number, items: readonly Item[], ranges: Map<number, number>): boolean {
  const to = items[0]!.to;
  if (to <= from) return false;
  for (const item of items) if (item.to !== to || (item.deco && (item.deco.widget || item.deco.inline))) return false;
  const known = ranges.get(from);
  if (known !== undefined && known !== to) return false;
  ranges.set(from, to);
  return true;
}

/** Whether a set's decorations and child sets outside the changed blocks are the old set's, those after them moved by `shift`. */
function sameOutside(before: DecorationSet, after: DecorationSet, start: number, oldEnd: number, shift: number): boolean {
  if (before === after && shift === 0) return true;
  const a = before as unknown as SetInternals;
  const b = after as unknown as SetInternals;
  return (
    sameLocals(a.local as readonly Inner[], b.local as readonly Inner[], start, oldEnd, oldEnd + shift, shift) &&
    sameChildren(a.children, b.children, start, oldEnd, shift)
  );
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
