/**
 * One open document: its Y.Doc, presence, and the connections editing it.
 * Knows bytes and Y.Doc; storage only through the WriteBatcher.
 */
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode, closeReason } from '@concord/shared';
import type { StoredDocState } from '../store/types.js';
import type { CommitParticipant, QueuedUpdate, WriteBatcher } from './write-batcher.js';
import { checkUpdate, hasPendingState, InvalidUpdateError, type UpdateGuardLimits, defaultUpdateGuardLimits } from './update-guard.js';
import { awarenessMessage, concordJsonMessage, savedMessage, syncUpdate } from './encoding.js';
import { ConcordMessage } from '@concord/shared';
import type { SyncConnection } from './connection.js';
import type { Logger } from '../logger.js';

export class DocumentLoadError extends Error {
  constructor(docId: string, cause: unknown) {
    super(`document ${docId} could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DocumentLoadError';
  }
}

export interface RoomOptions {
  /** Fold the update log into a snapshot once it holds this many updates. */
  compactAfterUpdates: number;
  guard: UpdateGuardLimits;
}

export const defaultRoomOptions: RoomOptions = { compactAfterUpdates: 500, guard: defaultUpdateGuardLimits };

/** Builds the in-memory document from what is stored; throws DocumentLoadError and never writes. */
export function loadYDoc(docId: string, stored: StoredDocState): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  try {
    doc.transact(() => {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const update of stored.updates) Y.applyUpdate(doc, update);
    });
    if (hasPendingState(doc)) throw new Error('stored updates are incomplete (missing dependencies)');
  } catch (err) {
    doc.destroy();
    throw new DocumentLoadError(docId, err);
  }
  return doc;
}

export class Room implements CommitParticipant {
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<SyncConnection>();
  private logLength: number;
  private closed = false;
  /** Counts integrated changes; lets callers tell a no-op update from a real one. */
  private changeCount = 0;
  private compactionRequested = false;
  /** Called when the room can no longer be trusted or has closed: the manager forgets it. */
  onClosed: (room: Room) => void = () => {};
  /** Listeners for committed document changes (consensus service, metrics). */
  private readonly commitListeners = new Set<(room: Room) => void>();

  constructor(
    readonly docId: string,
    readonly doc: Y.Doc,
    storedLogLength: number,
    private readonly batcher: WriteBatcher,
    private readonly log: Logger,
    private readonly options: RoomOptions = defaultRoomOptions,
  ) {
    this.logLength = storedLogLength;
    // Every change that reaches the document, from a client or from the server
    // itself (e.g. assigning missing block ids), is queued for a durable commit.
    // Yjs hands us its own encoding of what integrated, never the raw client bytes.
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.changeCount++;
      this.batcher.enqueue(this, { update, origin });
    });
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
      const changed = [...added, ...updated, ...removed];
      const message = awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
      for (const conn of this.connections) conn.send(message);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  onCommit(listener: (room: Room) => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  /**
   * Applies an untrusted update from a connection. Throws InvalidUpdateError if
   * it is refused; the stored document is then unchanged and nothing is broadcast.
   */
  applyClientUpdate(from: SyncConnection, update: Uint8Array): void {
    if (this.closed) throw new InvalidUpdateError('document is closed');
    checkUpdate(this.doc, update, this.options.guard);
    const before = this.changeCount;
    try {
      Y.applyUpdate(this.doc, update, from);
    } catch (err) {
      this.fail(CloseCode.reloadRequired, err);
      throw new InvalidUpdateError('update could not be applied');
    }
    if (hasPendingState(this.doc)) {
      this.fail(CloseCode.reloadRequired, new Error('update left pending structs'));
      throw new InvalidUpdateError('update depends on changes the server does not have');
    }
    // A duplicate changes nothing, but its sender still wants to hear it is saved.
    if (this.changeCount === before) this.sendSavedWhenCommitted(from);
  }

  /** Runs `fn` once every update applied so far is durable. */
  afterCommit(fn: () => void): void {
    this.batcher.afterCommit(this, fn);
  }

  sendSavedWhenCommitted(conn: SyncConnection): void {
    this.afterCommit(() => {
      if (conn.wantsConcordMessages) conn.send(savedMessage(Y.encodeStateVector(this.doc)));
    });
  }

  /** Sends a Concord event (JSON) to every Concord client of this document. */
  broadcastEvent(event: unknown): void {
    const message = concordJsonMessage(ConcordMessage.event, event);
    for (const conn of this.connections) if (conn.wantsConcordMessages) conn.send(message);
  }

  // --- CommitParticipant -------------------------------------------------

  stateVectorAtCut(): Uint8Array {
    return Y.encodeStateVector(this.doc);
  }

  snapshotIfDue(): Uint8Array | null {
    const due = this.compactionRequested || this.logLength + 1 >= this.options.compactAfterUpdates;
    this.compactionRequested = false;
    return due ? Y.encodeStateAsUpdate(this.doc) : null;
  }

  requestCompaction(): void {
    this.compactionRequested = true;
  }

  committed({ stateVector, updates, snapshotTaken }: { stateVector: Uint8Array; updates: QueuedUpdate[]; snapshotTaken: boolean }): void {
    this.logLength = snapshotTaken ? 0 : this.logLength + updates.length;
    if (this.closed) return;
    const saved = savedMessage(stateVector);
    for (const { update, origin } of updates) {
      const message = syncUpdate(update);
      for (const conn of this.connections) if (conn !== origin) conn.send(message);
    }
    for (const conn of this.connections) if (conn.wantsConcordMessages) conn.send(saved);
    for (const listener of this.commitListeners) {
      try {
        listener(this);
      } catch (err) {
        this.log.error({ err, docId: this.docId }, 'commit listener failed');
      }
    }
  }

  commitFailed(error: unknown): void {
    if (this.closed) return;
    // Nothing of this batch was acknowledged. Dropping the in-memory copy makes
    // clients reconnect and resend what the store does not have.
    this.fail(CloseCode.reloadRequired, error);
  }

  // --- connections and lifecycle ------------------------------------------

  add(conn: SyncConnection): void {
    this.connections.add(conn);
  }

  remove(conn: SyncConnection): void {
    this.connections.delete(conn);
    if (conn.awarenessClientIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessClientIds], 'disconnect');
    }
  }

  /** Whether a compaction would shrink the log (used when unloading). */
  get hasUncompactedLog(): boolean {
    return this.logLength > 0;
  }

  /** Closes every connection with `code` and forgets the in-memory document. */
  close(code: number, reason = closeReason[code as CloseCode] ?? 'closed'): void {
    if (this.closed) return;
    this.closed = true;
    for (const conn of [...this.connections]) conn.close(code, reason);
    this.connections.clear();
    this.awareness.destroy();
    this.doc.destroy();
    this.onClosed(this);
  }

  private fail(code: number, err: unknown): void {
    // Whatever this turn queued may include a half-applied update: never store it.
    this.batcher.discard(this);
    this.log.error({ err, docId: this.docId }, 'document state no longer trusted; reloading from store');
    this.close(code);
  }
}
