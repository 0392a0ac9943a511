/**
 * One ConsensusStore per open document session, shared by the gutter, the side
 * panel, the outline and the dashboard, so votes are loaded and listened to once.
 */
import { localCache } from '../app/local-cache';
import type { DocSession } from '../sync/doc-session';
import { ConsensusStore } from './consensus-store';

const stores = new WeakMap<DocSession, ConsensusStore>();

export function consensusStoreFor(session: DocSession): ConsensusStore {
  let store = stores.get(session);
  if (!store) {
    // Who I am: the session provider caches the signed-in user before any document opens.
    store = new ConsensusStore(session.docId, localCache.me()?.id ?? null);
    store.connect(session);
    stores.set(session, store);
  }
  return store;
}
