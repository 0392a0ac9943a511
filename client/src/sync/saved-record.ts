/**
 * What the server last confirmed as saved, kept next to the local copy in the
 * same IndexedDB database, so that after a reload (even offline) the status line
 * can tell saved content from unsaved without waiting for the server.
 */
import type { IndexeddbPersistence } from 'y-indexeddb';
import { decodeSV, encodeSV, type StateVector } from './save-state';

const SV_KEY = 'concord:saved-state-vector';
const DELETIONS_KEY = 'concord:pending-deletions';

export interface SavedRecord {
  stateVector: StateVector;
  /** Local deletions not yet proven durable when the record was written. */
  pendingDeletions: number;
}

export async function loadSavedRecord(idb: IndexeddbPersistence): Promise<SavedRecord | null> {
  const [sv, deletions] = (await Promise.all([idb.get(SV_KEY), idb.get(DELETIONS_KEY)])) as unknown[];
  if (!(sv instanceof Uint8Array) && !(sv instanceof ArrayBuffer)) return null;
  try {
    return {
      stateVector: decodeSV(sv instanceof Uint8Array ? sv : new Uint8Array(sv)),
      pendingDeletions: typeof deletions === 'number' ? deletions : 0,
    };
  } catch {
    return null;
  }
}

export async function storeSavedRecord(idb: IndexeddbPersistence, record: SavedRecord): Promise<void> {
  const bytes = encodeSV(record.stateVector);
  await Promise.all([
    idb.set(SV_KEY, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer),
    idb.set(DELETIONS_KEY, record.pendingDeletions),
  ]);
}
