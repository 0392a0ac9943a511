/**
 * Changes of one update that wait for each other in a circle (docs/RELIABILITY.md,
 * "Hostile structs whose order Yjs cannot settle").
 *
 * Yjs integrates an item once what it hangs on is there: its left and right
 * neighbours when it was made (origin, rightOrigin), its parent, and the
 * previous change of its own client (a client's changes go in clock order). In
 * anything a real editor sends these point back in time, so some order always
 * works. A crafted update can make them point in a circle — an item whose
 * neighbour is a later change of its own client, or two clients' items naming
 * each other — which the update guard's per-reference checks pass (every id is
 * "known" once the update is counted). Yjs then either throws half-way (the
 * document must be reloaded, disconnecting everyone on it) or parks the items in
 * `pendingStructs` for good. This finds the circle before anything is applied,
 * in O(s log s) for an update of s structs, whatever the document's size.
 */
import * as Y from 'yjs';

type Struct = Y.Item | Y.GC | Y.Skip;

/** True when some of the update's structs can never be integrated: they depend on each other in a cycle. */
export function hasDependencyCycle(doc: Y.Doc, structs: readonly Struct[]): boolean {
  // Each client's structs of this update in clock order (as an update lists them), by index into `structs`.
  const byClient = new Map<number, number[]>();
  for (const [i, s] of structs.entries()) {
    const list = byClient.get(s.id.client);
    if (list) list.push(i);
    else byClient.set(s.id.client, [i]);
  }
  /** The index of the struct of this update holding `id`, or -1 when the document has it (or nobody: the guard's concern). */
  const holder = (id: Y.ID): number => {
    if (id.clock < Y.getState(doc.store, id.client)) return -1;
    const list = byClient.get(id.client);
    if (!list) return -1;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = structs[list[mid]!]!;
      if (id.clock < s.id.clock) hi = mid - 1;
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
      else return list[mid]!;
    }
    return -1;
  };

  // Kahn's algorithm: a struct is ready once everything it waits for is; what never gets ready is on a cycle.
  const waitingFor = new Uint32Array(structs.length);
  const unblocks: (number[] | undefined)[] = new Array<number[] | undefined>(structs.length);
  const wait = (waiter: number, on: number) => {
    waitingFor[waiter] = waitingFor[waiter]! + 1;
    (unblocks[on] ??= []).push(waiter);
  };
  for (const list of byClient.values()) for (let k = 1; k < list.length; k++) wait(list[k]!, list[k - 1]!);
  for (const [i, s] of structs.entries()) {
    if (!(s instanceof Y.Item)) continue;
    const parent: unknown = s.parent;
    for (const ref of [s.origin, s.rightOrigin, parent instanceof Y.ID ? parent : null]) {
      if (!ref) continue;
      const on = holder(ref);
      if (on === i) return true; // hangs on itself
      if (on >= 0) wait(i, on);
    }
  }
  const ready: number[] = [];
  for (let i = 0; i < structs.length; i++) if (waitingFor[i] === 0) ready.push(i);
  let integrated = 0;
  while (ready.length > 0) {
    const i = ready.pop()!;
    integrated++;
    for (const waiter of unblocks[i] ?? []) {
      waitingFor[waiter] = waitingFor[waiter]! - 1;
      if (waitingFor[waiter] === 0) ready.push(waiter);
    }
  }
  return integrated < structs.length;
}
