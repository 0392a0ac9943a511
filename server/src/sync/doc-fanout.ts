/**
 * How the rooms of one document in several server processes (REDIS_URL) keep
 * each other current. The sync layer sees only this interface; the Redis
 * implementation is events/redis-doc-fanout.ts.
 *
 * - A room publishes an update only after its store committed it (Room.committed),
 *   with the client-id claims stored with it. Receiving rooms apply it (Yjs
 *   ignores what it already has) and broadcast it to their sockets; they never log
 *   it again: it is stored already.
 * - Presence changes made by this process's clients are published as they are
 *   sent to local sockets (Room.flushPresence); the others apply them.
 * - Loading a document subscribes first, then reads the store, then applies what
 *   arrived meanwhile (RoomManager.load): an update committed before the read is
 *   in what was read, one committed after is on the channel, both may overlap.
 * - When messages may have been missed (the link to the others was lost and is
 *   back), `onGap` listeners reload every room from the store.
 */
import type { ClientClaim } from './write-batcher.js';

/** What another process publishes for a document this process has open. */
export interface FanoutReceiver {
  /** `seqs`: the log positions the publisher's store gave the update (see Room.includeStored). */
  update(update: Uint8Array, claims: readonly ClientClaim[], seqs: readonly number[]): void;
  presence(update: Uint8Array): void;
}

export interface DocFanout {
  /**
   * Starts receiving the document's updates and presence from other processes.
   * Resolves once anything published from then on is sure to arrive; returns
   * the function that stops it.
   */
  join(docId: string, receiver: FanoutReceiver): Promise<() => void>;
  publishUpdate(docId: string, update: Uint8Array, claims: readonly ClientClaim[], seqs: readonly number[]): void;
  publishPresence(docId: string, update: Uint8Array): void;
  /** Calls `listener` when messages from other processes may have been missed. */
  onGap(listener: () => void): () => void;
}
