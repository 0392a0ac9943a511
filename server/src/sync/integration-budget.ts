/**
 * Bounds the work Yjs may spend integrating one untrusted update.
 *
 * Yjs 13 places a concurrent insertion by scanning the items between its left
 * and right neighbours (YATA). An update whose items all claim the same left
 * neighbour, or none, or a right neighbour far away, makes that scan quadratic:
 * a 96 KB update of 16 000 such items kept the event loop busy for 20 s, a 12 KB
 * one at the start of a long list for 30 s (tests/fuzz/hostile-inputs.test.ts).
 * Size caps do not help, and the shapes are too many to recognise up front.
 *
 * The scan adds every item it passes to two Sets, so counting `Set.prototype.add`
 * while the update is applied measures the work Yjs actually does, whatever the
 * shape. Honest updates need about one addition per struct (a 9 000-struct
 * document with concurrent history: 9 400) plus what concurrent edits at the
 * same place cost. Past the budget the application is
 * aborted by throwing from inside Yjs: the document may then hold part of the
 * update, so the caller must discard it and reload from the store.
 */

import * as Y from 'yjs';
import type { AnyYType } from './any-y-type.js';

export class IntegrationBudgetExceeded extends Error {
  constructor(limit: number) {
    super(`update needs more than ${limit} integration steps`);
    this.name = 'IntegrationBudgetExceeded';
  }
}

export interface IntegrationBudget {
  /** Set additions allowed whatever the update's size: room for honest concurrent edits. */
  base: number;
  /** Set additions allowed per struct the update carries. */
  perStruct: number;
}

/**
 * Work proportional to what was sent, with generous slack. Each step of the scan
 * costs 0.2–4 µs depending on the document (it looks items up by id), so this
 * bounds a crafted 6 000-struct update to a fraction of a second on a 150-page
 * report, where 1 000 000 additions still took seconds.
 */
export const DEFAULT_INTEGRATION_BUDGET: IntegrationBudget = { base: 100_000, perStruct: 4 };

export function integrationLimit(structs: number, budget: IntegrationBudget = DEFAULT_INTEGRATION_BUDGET): number {
  return budget.base + budget.perStruct * structs;
}

/** Runs `apply` (synchronous Yjs work) and aborts it once it has added more than `limit` entries to Sets. */
export function applyWithinBudget(apply: () => void, limit: number): void {
  // Taken off the prototype on purpose, to be put back unchanged below; it is
  // only ever called as original.call(set, value), with its own `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const original = Set.prototype.add;
  let count = 0;
  let exceeded = false;
  Set.prototype.add = function add<T>(this: Set<T>, value: T): Set<T> {
    if (++count > limit && !exceeded) {
      // Throw once; Yjs's transaction cleanup that follows must be able to run.
      exceeded = true;
      throw new IntegrationBudgetExceeded(limit);
    }
    return original.call(this, value) as Set<T>;
  };
  try {
    apply();
  } finally {
    Set.prototype.add = original;
  }
}

/**
 * Counts, without changing anything, the conflict-scan steps Yjs would take to
 * place the update's items that hang on content the document already has
 * (steps among the update's own items are left to `applyWithinBudget`). Stops
 * counting once past `limit`. Lets the room refuse the usual quadratic shapes
 * with a plain 4400 instead of aborting half-way, which forces a reload that
 * disconnects everyone on the document.
 */
export function existingContentScanSteps(doc: Y.Doc, structs: readonly (Y.Item | Y.GC | Y.Skip)[], limit: number): number {
  const store = doc.store;
  const has = (id: Y.ID) => id.clock < Y.getState(store, id.client);
  let steps = 0;
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const { origin, rightOrigin } = struct;
    if ((origin && !has(origin)) || (rightOrigin && !has(rightOrigin))) continue;
    let o: Y.Item | null;
    /** Whether `o` stands for the rest of a run that Yjs splits at the origin (that rest hangs on the origin). */
    let rest = false;
    if (origin) {
      const left = Y.getItem(store, origin);
      if (!(left instanceof Y.Item)) continue;
      const atEnd = origin.clock === left.id.clock + left.length - 1;
      // Typing inside a run: origin and right neighbour are adjacent in the same item.
      if (!atEnd && rightOrigin?.client === left.id.client && rightOrigin.clock === origin.clock + 1) continue;
      o = atEnd ? left.right : left;
      rest = !atEnd;
    } else {
      const parent = parentType(doc, struct);
      if (!parent) continue;
      if (struct.parentSub !== null) {
        o = parent._map.get(struct.parentSub) ?? null;
        while (o !== null && o.left !== null) o = o.left;
      } else {
        o = parent._start;
      }
    }
    // Yjs's loop (Item.integrate), counting instead of linking.
    const before = new Set<Y.Item>();
    while (o !== null && !contains(o, rightOrigin)) {
      if (++steps > limit) return steps;
      before.add(o);
      const oOrigin = rest ? origin : o.origin;
      if (Y.compareIDs(origin, oOrigin)) {
        if (o.id.client >= struct.id.client && Y.compareIDs(rightOrigin, o.rightOrigin)) break;
      } else if (!(oOrigin !== null && has(oOrigin) && before.has(Y.getItem(store, oOrigin) as Y.Item))) {
        break;
      }
      rest = false;
      o = o.right;
    }
  }
  return steps;
}

function contains(item: Y.Item, id: Y.ID | null): boolean {
  return id !== null && item.id.client === id.client && item.id.clock <= id.clock && id.clock < item.id.clock + item.length;
}

/** The type an item without neighbours goes into, when the document has it. */
function parentType(doc: Y.Doc, item: Y.Item): AnyYType | null {
  const parent: unknown = item.parent;
  if (typeof parent === 'string') return doc.share.get(parent) ?? null;
  if (parent instanceof Y.ID) {
    if (parent.clock >= Y.getState(doc.store, parent.client)) return null;
    const holder = Y.getItem(doc.store, parent);
    return holder instanceof Y.Item && holder.content instanceof Y.ContentType ? holder.content.type : null;
  }
  return null;
}
