/**
 * What the server last confirmed as saved, kept next to the local copy in the
 * same IndexedDB database, so that after a reload (even offline) the status line
 * can tell saved content from unsaved without waiting for the server.
 */
import type { IndexeddbPersistence } from 'y-indexeddb';
import { decodeSV, encodeSV, type StateVector } from './save-state';

const SV_KEY = 'concord:saved-state-vector';
const DELETIONS_KEY = 'concord:pending-deletions';
const OTHERS_KEY = 'concord:others-client-ids';

export interface SavedRecord {
  stateVector: StateVector;
  /** Local deletions not yet proven durable when the record was written. */
  pendingDeletions: number;
  /** Client ids whose edits are not this device's (they only came from the server): not counted. */
  others: readonly number[];
}

export async function loadSavedRecord(idb: IndexeddbPersistence): Promise<SavedRecord | null> {
  const [sv, deletions, others] = (await Promise.all([idb.get(SV_KEY), idb.get(DELETIONS_KEY), idb.get(OTHERS_KEY)])) as unknown[];
  if (!(sv instanceof Uint8Array) && !(sv instanceof ArrayBuffer)) return null;
  try {
    return {
      stateVector: decodeSV(sv instanceof Uint8Array ? sv : new Uint8Array(sv)),
      pendingDeletions: typeof deletions === 'number' ? deletions : 0,
      // A record written before this was kept has none: everything counts until the server's next `saved`.
      others: typeof others === 'string' ? clientIdsFrom(others) : [],
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
    idb.set(OTHERS_KEY, JSON.stringify(record.others)),
  ]);
}

/** The kept list of client ids (JSON); nothing when it is not one. */
function clientIdsFrom(json: string): number[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((id): id is number => Number.isSafeInteger(id)) : [];
  } catch {
    return [];
  }
}
