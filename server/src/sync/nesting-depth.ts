/**
 * How deep shared types nest, measured without recursion.
 *
 * Yjs itself, y-tiptap, ProseMirror and every exporter walk the document tree
 * recursively. A valid 126 KB update nesting block quotes 6 000 deep overflowed
 * the call stack in all of them (the block-id pass took the process down). So
 * the update guard refuses updates that would nest deeper than
 * MAX_NESTING_DEPTH, and documents stored before that limit existed are
 * trimmed when they load (nesting-repair.ts). Every recursive reader downstream
 * then sees at most MAX_NESTING_DEPTH levels.
 *
 * Depth counts shared types from the root: a paragraph at the top is 1, its text
 * 2; each level of list adds 2 (list, list item), a block quote 1. The editor's
 * deepest honest shapes (a list nested 20 levels inside quotes) stay far below.
 */
import * as Y from 'yjs';
import type { AnyYType } from './any-y-type.js';

export const MAX_NESTING_DEPTH = 64;

type Struct = Y.Item | Y.GC | Y.Skip;

/** Depth of a live type: how many types enclose it, counting itself; stops counting past `cap`. */
export function typeDepth(type: AnyYType | null, cap: number): number {
  let depth = 0;
  let current: AnyYType | null = type;
  while (current && current._item && depth <= cap) {
    depth++;
    const parent: unknown = current._item.parent;
    current = parent instanceof Y.AbstractType ? parent : null;
  }
  return depth;
}

/** Finds the struct of `list` (sorted by clock, one client's) holding `clock`. */
function structAt(list: Struct[] | undefined, clock: number): Struct | undefined {
  if (!list) return undefined;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = list[mid]!;
    if (clock < s.id.clock) hi = mid - 1;
    else if (clock >= s.id.clock + s.length) lo = mid + 1;
    else return s;
  }
  return undefined;
}

/**
 * The deepest nesting a decoded update would create in `doc`, or a number over
 * `limit` as soon as it finds one. The update's dependencies must already be
 * known to exist (the guard checks them first). Throws on a cyclic structure.
 */
export function deepestNestingOf(doc: Y.Doc, structs: Struct[], limit: number): number {
  const byClient = new Map<number, Struct[]>();
  for (const s of structs) {
    let list = byClient.get(s.id.client);
    if (!list) byClient.set(s.id.client, (list = []));
    list.push(s);
  }
  const inUpdate = (id: Y.ID) => structAt(byClient.get(id.client), id.clock);
  const typeDepths = new Map<AnyYType, number>();
  const liveTypeDepth = (type: AnyYType | null): number => {
    if (!type) return 0;
    let d = typeDepths.get(type);
    if (d === undefined) typeDepths.set(type, (d = typeDepth(type, limit)));
    return d;
  };
  /** For an item in the document: the depth of the type it sits in. */
  const liveContainerDepth = (id: Y.ID, isParentRef: boolean): number => {
    const item = Y.getItem(doc.store, id);
    if (!(item instanceof Y.Item)) return 0;
    if (isParentRef) return item.content instanceof Y.ContentType ? liveTypeDepth(item.content.type as AnyYType) : 0;
    return item.parent instanceof Y.AbstractType ? liveTypeDepth(item.parent) : 0;
  };

  // Depth of the container each update item sits in, resolved along chains of
  // parent references (+1) and neighbours (same container), without recursion.
  const containerDepth = new Map<Struct, number>();
  const resolve = (start: Y.Item): number => {
    const path: { item: Y.Item; step: number }[] = [];
    let current: Y.Item = start;
    let base: number;
    for (;;) {
      const known = containerDepth.get(current);
      if (known !== undefined) {
        base = known;
        break;
      }
      if (path.length > structs.length) throw new Error('cyclic structure');
      const parent: unknown = current.parent;
      const ref = parent instanceof Y.ID ? parent : parent === null ? (current.origin ?? current.rightOrigin) : null;
      if (!ref) {
        base = 0; // a root type (named parent) or nothing to hang on
        path.push({ item: current, step: 0 });
        break;
      }
      const isParentRef = parent instanceof Y.ID;
      const next = inUpdate(ref);
      if (next instanceof Y.Item) {
        path.push({ item: current, step: isParentRef ? 1 : 0 });
        current = next;
        continue;
      }
      base = next ? 0 : liveContainerDepth(ref, isParentRef);
      path.push({ item: current, step: 0 });
      break;
    }
    // Unwind: each item's container is its successor's plus the step between them.
    let depth = base;
    for (let i = path.length - 1; i >= 0; i--) {
      depth += path[i]!.step;
      containerDepth.set(path[i]!.item, depth);
    }
    return containerDepth.get(start)!;
  };

  let deepest = 0;
  for (const s of structs) {
    if (!(s instanceof Y.Item) || !(s.content instanceof Y.ContentType)) continue;
    const depth = resolve(s) + 1;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) break;
  }
  return deepest;
}
