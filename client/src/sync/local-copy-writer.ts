/**
 * Writes a frame's updates to the document's local copy in one IndexedDB
 * transaction. y-indexeddb's own `update` listener (which DocSession detaches)
 * opens a transaction per update, inside the transaction that made it. Its
 * bookkeeping is kept: the count of stored updates, and once there are
 * PREFERRED_TRIM_SIZE of them, their merge into one a second later
 * (`storeState`), exactly as its listener does.
 */
import { PREFERRED_TRIM_SIZE, storeState, type IndexeddbPersistence } from 'y-indexeddb';

const UPDATES_STORE = 'updates';

export function writeToLocalCopy(persistence: IndexeddbPersistence, updates: readonly Uint8Array[]): void {
  // Not open yet: the load stores the whole document once it is (y-indexeddb does the same).
  const db = persistence.db;
  if (!db || updates.length === 0) return;
  const store = db.transaction([UPDATES_STORE], 'readwrite').objectStore(UPDATES_STORE);
  for (const update of updates) store.add(update);
  persistence._dbsize += updates.length;
  if (persistence._dbsize < PREFERRED_TRIM_SIZE) return;
  // Typed `any` by y-indexeddb: its own timer.
  clearTimeout(persistence._storeTimeoutId as ReturnType<typeof setTimeout> | undefined);
  persistence._storeTimeoutId = setTimeout(() => {
    void storeState(persistence, false);
    persistence._storeTimeoutId = null;
  }, persistence._storeTimeout);
}
