/**
 * Loads documents on first connection, shares one Room per document, and unloads
 * it after the last connection has been gone for a grace period (compacting the
 * log first). A document that fails to load is refused and never written.
 */
import type { DocStore, StoredDocState } from '../store/types.js';
import type { Logger } from '../logger.js';
import { CloseCode } from '@concord/shared';
import { Room, loadYDoc, DocumentLoadError, type RoomOptions, defaultRoomOptions } from './room.js';
import { DEFAULT_MAX_QUEUED_BYTES, WriteBatcher } from './write-batcher.js';
import { ReadGate } from './read-gate.js';
import { trimExcessNesting } from './nesting-repair.js';
import { SERVER_ORIGIN } from '../consensus/block-ids.js';
import { docFragment } from '@concord/shared';
import type { DocFanout } from './doc-fanout.js';

export class DocumentNotFoundError extends Error {
  constructor(docId: string) {
    super(`document ${docId} not found`);
    this.name = 'DocumentNotFoundError';
  }
}

export interface RoomManagerOptions extends RoomOptions {
  /** How long a document stays in memory after its last connection leaves. */
  unloadGraceMs: number;
  /** Bytes waiting for the disk beyond which client sockets stop being read (default 8 MiB). */
  maxQueuedWriteBytes?: number;
}

/** The stored state when it is one piece (a snapshot alone, or a new document's first update), else null. */
function onePieceOf(stored: StoredDocState): Uint8Array | null {
  if (stored.snapshot) return stored.updates.length === 0 ? stored.snapshot : null;
  return stored.updates.length === 1 ? stored.updates[0]! : null;
}

export class RoomManager {
  private shuttingDown = false;
  readonly batcher: WriteBatcher;
  /** Every client socket registers here, so that a backed-up disk can stop reading them all. */
  readonly readGate = new ReadGate();
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly roomCreatedListeners = new Set<(room: Room) => void>();

  constructor(
    private readonly store: DocStore,
    private readonly log: Logger,
    private readonly options: RoomManagerOptions = { ...defaultRoomOptions, unloadGraceMs: 30_000 },
    /** Other processes serving the same documents (REDIS_URL); see doc-fanout.ts. */
    private readonly fanout?: DocFanout,
  ) {
    this.batcher = new WriteBatcher(store, {
      maxQueuedBytes: options.maxQueuedWriteBytes ?? DEFAULT_MAX_QUEUED_BYTES,
      readGate: this.readGate,
    });
    fanout?.onGap(() => void this.reloadAll());
  }

  /** The loaded room, if any (without loading it). */
  get(docId: string): Room | undefined {
    return this.rooms.get(docId);
  }

  /** Every loaded room. */
  openRooms(): IterableIterator<Room> {
    return this.rooms.values();
  }

  get openDocumentCount(): number {
    return this.rooms.size;
  }

  onRoomCreated(listener: (room: Room) => void): void {
    this.roomCreatedListeners.add(listener);
  }

  /** Loads (once) and returns the room. Throws DocumentNotFoundError or DocumentLoadError. */
  async acquire(docId: string): Promise<Room> {
    this.cancelUnload(docId);
    const open = this.rooms.get(docId);
    if (open) return open;
    let pending = this.loading.get(docId);
    if (!pending) {
      pending = this.load(docId).finally(() => this.loading.delete(docId));
      this.loading.set(docId, pending);
    }
    return pending;
  }

  /** A connection left; schedule unloading if it was the last one. */
  release(room: Room): void {
    if (room.isClosed || room.connections.size > 0 || this.rooms.get(room.docId) !== room) return;
    this.cancelUnload(room.docId);
    const timer = setTimeout(() => void this.unload(room), this.options.unloadGraceMs);
    timer.unref();
    this.unloadTimers.set(room.docId, timer);
  }

  /** Closes the document's connections (e.g. it was deleted) and drops it from memory without writing. */
  closeDocument(docId: string, code: number): void {
    this.cancelUnload(docId);
    const room = this.rooms.get(docId);
    if (!room) return;
    this.batcher.discard(room);
    room.close(code);
  }

  /** Flushes everything, compacts open documents and closes every connection with "going away". */
  /** True once shutdown began: background work on rooms (the block-id pass) must not start any more. */
  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async shutdown(): Promise<void> {
    // First, so no background task changes a document between the last broadcast and the final
    // write: such a change would be stored (and so in a backup) without any client having seen it.
    this.shuttingDown = true;
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    await Promise.allSettled([...this.loading.values()]);
    await this.batcher.drain();
    for (const room of [...this.rooms.values()]) {
      await this.compact(room);
      room.close(CloseCode.goingAway);
    }
  }

  /**
   * Messages from other processes may have been missed (their link to Redis was
   * lost): every room is dropped once what it holds is committed, and clients
   * reconnect (4503) to a copy read from the store, resending whatever it lacks.
   * They also fetch votes, comments and members again, so events missed
   * meanwhile are made up for too.
   */
  async reloadAll(): Promise<void> {
    if (this.shuttingDown) return;
    await this.batcher.drain();
    for (const room of [...this.rooms.values()]) room.close(CloseCode.reloadRequired, 'catching up with other servers');
  }

  private async load(docId: string): Promise<Room> {
    // A room of this document that was just dropped (its state no longer trusted)
    // may still have a commit in flight: read the store after it has settled.
    await this.batcher.currentCommit();
    // Subscribe before reading the store (doc-fanout.ts): what another process
    // commits after the read arrives here, and is applied once the room exists.
    let room: Room | undefined;
    const early: ((room: Room) => void)[] = [];
    const leave = await this.fanout?.join(docId, {
      update: (update, claims, seqs) =>
        room ? room.applyRemoteUpdate(update, claims, seqs) : early.push((r) => r.applyRemoteUpdate(update, claims, seqs)),
      presence: (update) => (room ? room.applyRemotePresence(update) : early.push((r) => r.applyRemotePresence(update))),
    });
    const started = performance.now();
    let logLength: number;
    try {
      const stored = await this.store.loadDocState(docId);
      if (!stored) throw new DocumentNotFoundError(docId);
      const doc = loadYDoc(docId, stored); // throws DocumentLoadError; nothing written
      logLength = stored.updates.length;
      room = new Room(docId, doc, stored.updates.length, this.batcher, this.log, this.options, stored.clientOwners, stored, this.fanout);
      // Stored as one piece (a snapshot alone, or a new document's first update): that piece is the full state.
      const onePiece = onePieceOf(stored);
      if (onePiece) {
        // Only the position is kept for the read, never `stored` itself (which holds the bytes).
        const position = { snapshotGen: stored.snapshotGen, lastSeq: stored.lastSeq, bytes: onePiece.byteLength };
        room.adoptStoredFullState(onePiece, () => this.readOnePiece(docId, position));
      }
    } catch (err) {
      leave?.();
      throw err;
    }
    room.onClosed = (r) => {
      leave?.();
      if (this.rooms.get(docId) === r) this.rooms.delete(docId);
    };
    for (const apply of early) apply(room);
    if (room.isClosed) throw new DocumentLoadError(docId, new Error('an update from another process could not be applied'));
    this.rooms.set(docId, room);
    const loaded = room;
    // Stored before the nesting limit existed: trim it (an ordinary, stored change)
    // and fold the log, so it opens for its members and later loads stay shallow.
    const trimmed = trimExcessNesting(loaded.doc, docFragment(loaded.doc), this.options.guard.maxNestingDepth, SERVER_ORIGIN);
    if (trimmed > 0) {
      this.log.warn({ docId, trimmed, limit: this.options.guard.maxNestingDepth }, 'document nested too deep; deeper content removed');
      loaded.requestCompaction();
      this.batcher.requestCut(loaded);
    }
    this.log.info({ docId, ms: Math.round(performance.now() - started), logLength }, 'document loaded');
    for (const listener of this.roomCreatedListeners) listener(loaded);
    return loaded;
  }

  /** The document's one stored piece again, if the store still holds exactly what a load read (see stored-full-state.ts). */
  private async readOnePiece(docId: string, loaded: { snapshotGen: number; lastSeq: number; bytes: number }): Promise<Uint8Array | null> {
    const now = await this.store.loadDocState(docId);
    if (!now || now.snapshotGen !== loaded.snapshotGen || now.lastSeq !== loaded.lastSeq) return null;
    const piece = onePieceOf(now);
    return piece?.byteLength === loaded.bytes ? piece : null;
  }

  private async unload(room: Room): Promise<void> {
    this.unloadTimers.delete(room.docId);
    if (room.connections.size > 0 || room.isClosed) return;
    await this.compact(room);
    if (room.connections.size > 0) return; // someone came back while we compacted
    room.close(CloseCode.goingAway);
    this.log.info({ docId: room.docId }, 'document unloaded');
  }

  /** Folds the log into one snapshot, once everything is durable. */
  private async compact(room: Room): Promise<void> {
    if (room.isClosed || !room.hasUncompactedLog) return;
    // Through the batcher: the snapshot is cut between two commits (the state they
    // make durable) and written after, on its own; drain waits for it. A failed
    // fold leaves the log complete.
    room.requestCompaction();
    this.batcher.requestCut(room);
    await this.batcher.drain();
  }

  private cancelUnload(docId: string): void {
    const timer = this.unloadTimers.get(docId);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(docId);
  }
}
