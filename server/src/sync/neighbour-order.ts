/**
 * Items whose two neighbours contradict each other (docs/RELIABILITY.md,
 * "Hostile structs whose order Yjs cannot settle").
 *
 * Yjs places an item between its left neighbour when it was made (`origin`) and
 * its right one (`rightOrigin`), scanning from the left one towards the right one
 * past what was inserted there concurrently. That is only well defined when the
 * left one comes before the right one in one list, as it does for anything an
 * editor makes: the two were adjacent when the item was typed. A crafted item
 * that names the same character twice, a right neighbour before its left one, or
 * neighbours in two different lists makes Yjs scan to the end of the list and
 * stop wherever the items present at that moment say; a copy that integrates the
 * same structs in another order (any reload: the stored snapshot, a fresh client)
 * then shows that list in a different order (the sync fuzz, seed 20260611 at 600
 * operations: an item whose origin and rightOrigin were the same id).
 *
 * Checked before anything is applied:
 * - both neighbours in the document: the same list, and the left one first. Yjs
 *   keeps no index from an item to its position, so the order is found by walking
 *   right from both at once until one meets the other or the end of the list:
 *   as long as the shorter of "what stands between them" and "what follows the
 *   right one", never the whole list. Steps are counted and capped per update.
 * - a neighbour in the same update: where the update puts it is known only by
 *   integrating, so what is checked is what the update itself implies: the same
 *   list, and not certainly the wrong way round (a new item lies strictly between
 *   the document items its own neighbours lead to; within one struct, in clock
 *   order). An honest update never fails these: they follow from its neighbours
 *   having been adjacent.
 * An item whose neighbour was garbage-collected becomes garbage itself (Yjs) and
 * is not checked.
 */
import * as Y from 'yjs';
import type { AnyYType } from './any-y-type.js';

type Struct = Y.Item | Y.GC | Y.Skip;

/** A place in the document as it is: the struct holding an id, and the id's clock. */
interface Existing {
  item: Y.Item;
  clock: number;
}
/** A list: the type that holds it (or a root or new type by name) and the map key (null for the sequence). */
interface ListKey {
  parent: AnyYType | string;
  sub: string | null;
}
/**
 * Where a new item goes: its list (null when it becomes garbage, undefined when it
 * names none) and the document places it lies strictly between.
 */
interface Placement {
  list: ListKey | null | undefined;
  after: Existing | 'start';
  before: Existing | 'end';
}

const GARBAGE: Placement = { list: null, after: 'start', before: 'end' };

export class NeighbourOrderError extends Error {
  constructor(
    message: string,
    /** Items walked before refusing (the check's cost). */
    readonly steps: number,
  ) {
    super(message);
    this.name = 'NeighbourOrderError';
  }
}

/**
 * Throws NeighbourOrderError when an item of the update names neighbours that
 * cannot be in order; returns the items walked (the check's cost). Walks at most
 * `maxSteps` (then refuses: an honest item whose neighbours stand that far apart
 * would cost Yjs as much again to integrate). Expects an update that passed the
 * guard's reference and cycle checks.
 *
 * The guard passes the limit of the room's integration budget for the update
 * (integration-budget.ts; `RoomOptions.integrationBudget`, the default unless the room is
 * configured otherwise) as `maxSteps`, a cap of its own rather than a share of that budget:
 * counted in steps, an update may cost the walk's cap and then the budget again. Counted in time it does not
 * come to twice: a step here follows one `right` pointer (100 000 steps over a 300 000-item
 * list took 0.3 ms warm, 2-4 ms in the first, cold runs, on the 2-core machine at load 15),
 * where a step of the integration looks items up by id and adds them to Sets, 0.2-4 µs: the
 * budget's 100 000 steps take 20-400 ms. A walk to the cap adds under 2 % to that, a fifth
 * at worst (cold, against the cheapest integration). Taking the walk out of the budget would
 * leave an honest update less room to integrate, to save that.
 */
export function checkNeighbourOrder(doc: Y.Doc, structs: readonly Struct[], maxSteps: number): number {
  const store = doc.store;
  const known = (id: Y.ID) => id.clock < Y.getState(store, id.client);
  let steps = 0;

  // The update's new structs by client, in clock order, to find the one holding an id.
  const byClient = new Map<number, (Y.Item | Y.GC)[]>();
  for (const s of structs) {
    if (s instanceof Y.Skip || s.id.clock + s.length <= Y.getState(store, s.id.client)) continue;
    const list = byClient.get(s.id.client);
    if (list) list.push(s);
    else byClient.set(s.id.client, [s]);
  }
  /** The update's struct holding `id` (the guard made sure there is one). */
  const newHolder = (id: Y.ID): Y.Item | Y.GC | undefined => {
    const list = byClient.get(id.client) ?? [];
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = list[mid]!;
      if (id.clock < s.id.clock) hi = mid - 1;
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
      else return s;
    }
    return undefined;
  };

  /** Walks already taken, by their two items: the new items of one run all ask about the same pair. */
  const walked = new Map<Y.Item, Map<Y.Item, boolean>>();
  /** Whether `a` comes strictly before `b` (both in the document, in the same list). */
  const before = (a: Existing, b: Existing): boolean => {
    if (a.item === b.item) return a.clock < b.clock;
    let fromA = walked.get(a.item);
    if (!fromA) walked.set(a.item, (fromA = new Map<Y.Item, boolean>()));
    let answer = fromA.get(b.item);
    if (answer === undefined) fromA.set(b.item, (answer = itemBefore(a.item, b.item)));
    return answer;
  };
  const itemBefore = (a: Y.Item, b: Y.Item): boolean => {
    let p: Y.Item | null = a.right;
    let q: Y.Item | null = b.right;
    for (;;) {
      if (p === b || q === null) return true;
      if (q === a || p === null) return false;
      steps += 2;
      if (steps > maxSteps) throw new NeighbourOrderError('update names neighbours too far apart to check', steps);
      p = p.right;
      q = q.right;
    }
  };

  // Placements of new items, worked out along their neighbours (no cycles: the guard refused those).
  const placed = new Map<Y.Item, Placement>();
  /** One neighbour of a new item, as the placement it implies on that side (null id: the list's end). */
  const side = (id: Y.ID | null): Placement => {
    if (!id) return { list: undefined, after: 'start', before: 'end' };
    if (!known(id)) {
      const holder = newHolder(id);
      return holder instanceof Y.Item ? placed.get(holder)! : GARBAGE; // Yjs: what hangs on a GC struct is garbage too
    }
    const item = Y.getItem(store, id);
    if (!(item instanceof Y.Item)) return GARBAGE; // garbage-collected
    const here = { item, clock: id.clock };
    return { list: { parent: item.parent as AnyYType, sub: item.parentSub }, after: here, before: here };
  };
  const placementOf = (root: Y.Item): Placement => {
    const stack: Y.Item[] = [root];
    while (stack.length > 0) {
      const s = stack[stack.length - 1]!;
      if (placed.has(s)) {
        stack.pop();
        continue;
      }
      const waits: Y.Item[] = [];
      for (const id of [originOf(s, store), s.rightOrigin]) {
        if (!id || known(id)) continue;
        const holder = newHolder(id);
        if (holder instanceof Y.Item && !placed.has(holder)) waits.push(holder);
      }
      if (waits.length > 0) {
        stack.push(...waits);
        continue;
      }
      const left = side(originOf(s, store));
      const right = side(s.rightOrigin);
      // As Yjs: the list of the left neighbour, else of the right one, else the item's own parent.
      let list: ListKey | null | undefined;
      if (left.list === null || right.list === null) list = null;
      else list = left.list ?? right.list ?? ownList(doc, s, known);
      placed.set(s, { list, after: left.after, before: right.before });
      stack.pop();
    }
    return placed.get(root)!;
  };

  for (const list of byClient.values()) {
    for (const s of list) {
      if (!(s instanceof Y.Item)) continue;
      const mine = placementOf(s);
      const origin = originOf(s, store);
      const right = s.rightOrigin;
      if (!origin || !right || mine.list === null) continue; // at an end of its list, or garbage
      const l = side(origin);
      const r = side(right);
      if (l.list === null || r.list === null) continue;
      if (l.list === undefined || r.list === undefined || l.list.parent !== r.list.parent || l.list.sub !== r.list.sub)
        throw new NeighbourOrderError('update has an item whose neighbours are in different lists', steps);
      // The right neighbour certainly comes first: in one new struct, by clock; otherwise when
      // the place the left one lies after is not before the one the right one lies before.
      const oneStruct = !known(origin) && !known(right) && newHolder(origin) === newHolder(right);
      if ((oneStruct && right.clock <= origin.clock) || (l.after !== 'start' && r.before !== 'end' && !before(l.after, r.before)))
        throw new NeighbourOrderError('update has an item whose right neighbour comes before its left one', steps);
    }
  }
  return steps;
}

/**
 * The left neighbour Yjs integrates a struct after: for one that starts inside what
 * the document has, the last clock it has (Yjs integrates only the rest, and so
 * does the room, which cuts the known part off first).
 */
function originOf(s: Y.Item, store: Y.Doc['store']): Y.ID | null {
  const have = Y.getState(store, s.id.client);
  return s.id.clock < have ? Y.createID(s.id.client, have - 1) : s.origin;
}

/** The list an item without neighbours goes into (null when Yjs makes it garbage). */
function ownList(doc: Y.Doc, s: Y.Item, known: (id: Y.ID) => boolean): ListKey | null {
  const parent: unknown = s.parent;
  if (typeof parent === 'string') return { parent: doc.share.get(parent) ?? `root:${parent}`, sub: s.parentSub };
  if (!(parent instanceof Y.ID)) return null;
  if (!known(parent)) return { parent: `new:${parent.client}:${parent.clock}`, sub: s.parentSub };
  const holder = Y.getItem(doc.store, parent);
  return holder instanceof Y.Item && holder.content instanceof Y.ContentType ? { parent: holder.content.type, sub: s.parentSub } : null;
}
