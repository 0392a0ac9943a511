/**
 * Pure arithmetic behind "All changes saved". A Yjs state vector maps each
 * client id to how many items it has produced; the server tells us which state
 * vector it has durably committed. What we have and it has not committed is
 * unsaved. Deletions do not move state vectors: they are tracked separately
 * (see AckTracker).
 */
import * as Y from 'yjs';

export type StateVector = Map<number, number>;

/**
 * The document's state vector, read from its store as Yjs's own `getStateVector` does (not
 * exported): each client's last struct ends at its next clock. Encoding it and decoding it again
 * cost ~0.1–0.25 ms a keystroke on the bench's report (issue 11).
 */
export function stateVectorOf(doc: Y.Doc): StateVector {
  const sv: StateVector = new Map();
  doc.store.clients.forEach((structs, client) => {
    const last = structs[structs.length - 1];
    if (last) sv.set(client, last.id.clock + last.length);
  });
  return sv;
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
