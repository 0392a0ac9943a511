/**
 * Pure arithmetic behind "All changes saved". A Yjs state vector maps each
 * client id to how many items it has produced; the server tells us which state
 * vector it has durably committed. What we have and it has not committed is
 * unsaved. Deletions do not move state vectors: they are tracked separately
 * (see AckTracker).
 */
import * as Y from 'yjs';

export type StateVector = Map<number, number>;

export function stateVectorOf(doc: Y.Doc): StateVector {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

/** Σ max(0, local[c] − saved[c]) over every client id we know of but the `ignored` ones. */
export function unsavedItems(local: StateVector, saved: StateVector, ignored: ReadonlySet<number> = new Set()): number {
  let unsaved = 0;
  for (const [client, clock] of local) if (!ignored.has(client)) unsaved += Math.max(0, clock - (saved.get(client) ?? 0));
  return unsaved;
}

export function encodeSV(sv: StateVector): Uint8Array {
  return Y.encodeStateVector(sv);
}

export function decodeSV(bytes: Uint8Array): StateVector {
  return Y.decodeStateVector(bytes);
}
