/**
 * Loading the local copy (IndexedDB) into the document without announcing it as
 * an update. Yjs encodes every transaction as an update message for its `update`
 * listeners; for the transaction that loads the local copy that is the whole
 * report (~110 ms on the 150-page one, a fifth of a warm open's scripting), and
 * none of the listeners wants it: the local copy does not store its own load,
 * the socket is not connected yet (what the server lacks is sent by the sync
 * handshake when it connects), and other tabs are asked for what they lack by
 * `TabChannel.greet()` once the load is done. So for that one transaction the
 * `update` listeners are set aside, and put back as soon as it has been cleaned up.
 */
import type * as Y from 'yjs';

type Listener = (...args: unknown[]) => void;

/** The listener registry of lib0's Observable, which Y.Doc extends; not part of its typed API. */
function observersOf(doc: Y.Doc): Map<string, Set<Listener>> {
  return (doc as unknown as { _observers: Map<string, Set<Listener>> })._observers;
}

/** Counts for tests: local-copy loads that were kept quiet. */
export const quietLoadCounters = { quietLoads: 0 };

/** Until the returned function is called, transactions whose origin is `origin` emit no `update`. */
export function quietLocalLoad(doc: Y.Doc, origin: unknown): () => void {
  const onCleanup = (transaction: Y.Transaction) => {
    if (transaction.origin !== origin) return;
    const observers = observersOf(doc);
    const listeners = observers.get('update');
    if (!listeners) return;
    // Yjs checks for `update` listeners right after this event, in the same call.
    observers.delete('update');
    quietLoadCounters.quietLoads++;
    queueMicrotask(() => {
      const added = observers.get('update');
      if (added) for (const listener of added) listeners.add(listener);
      observers.set('update', listeners);
    });
  };
  doc.on('afterTransactionCleanup', onCleanup);
  return () => doc.off('afterTransactionCleanup', onCleanup);
}
