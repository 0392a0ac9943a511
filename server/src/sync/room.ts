/**
 * One open document: its Y.Doc, presence, and the connections editing it.
 * Knows bytes and Y.Doc; storage only through the WriteBatcher.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode, closeReason, ConcordMessage, type DocLiveEvent, type Role, type UserLiveEvent } from '@concord/shared';
import type { FoldBase, FoldReceipt, StoredDocState } from '../store/types.js';
import type { ClientClaim, CommitParticipant, CommitResult, Fold, FoldAtCut, WriteBatcher } from './write-batcher.js';
import {
  checkUpdate,
  hasPendingState,
  InvalidUpdateError,
  type DecodedStructs,
  type UpdateGuardLimits,
  defaultUpdateGuardLimits,
} from './update-guard.js';
import {
  applyWithinBudget,
  DEFAULT_INTEGRATION_BUDGET,
  existingContentScanSteps,
  integrationLimit,
  type IntegrationBudget,
} from './integration-budget.js';
import {
  awarenessMessage,
  concordJsonMessage,
  savedMessage,
  syncStep1,
  syncStep2,
  syncStep2OfUpdate,
  syncUpdate,
  type MessagePieces,
} from './encoding.js';
import { StoredFullState, type ReadStoredPiece } from './stored-full-state.js';
import { filterByOwnership } from './client-ownership.js';
import { integrablePart } from './integrable-part.js';
import { BroadcastQueue } from './broadcast-queue.js';
import { sharedMessage } from './shared-message.js';
import { continuesExactly } from './send-ahead.js';
import { SlicedSnapshot } from './sliced-snapshot.js';
import type { RoomPeer } from './types.js';
import type { DocFanout } from './doc-fanout.js';
import type { Logger } from '../logger.js';

/** Origin of changes that another process committed and published (see doc-fanout.ts): applied, never logged again. */
const REMOTE_ORIGIN = Symbol('committed by another process');

export class DocumentLoadError extends Error {
  constructor(docId: string, cause: unknown) {
    super(`document ${docId} could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DocumentLoadError';
  }
}

export interface RoomOptions {
  /**
   * Fold the update log into a snapshot once it holds this many updates (of this
   * process's). The fold is written after the commit that crossed it, in a
   * transaction of its own, while typing goes on (write-batcher.ts).
   */
  compactAfterUpdates: number;
  guard: UpdateGuardLimits;
  /** Most work (Set additions inside Yjs) one client update may cost; see integration-budget.ts. */
  integrationBudget?: IntegrationBudget;
  /**
   * Presence changes are sent to the room at most this often, all clients that
   * changed in one message. Every stock client echoes each presence message it
   * receives, so one message per caret move per listener grows with the square
   * of the room; carets a few tens of milliseconds late are not noticeable.
   */
  presenceFlushMs?: number;
  /**
   * A fold's snapshot is encoded this many structs per turn of the event loop
   * (sliced-snapshot.ts); the 150-page report has ~15,000, ~0.3 ms per 1,000 here.
   */
  snapshotSliceStructs?: number;
}

export const defaultRoomOptions: RoomOptions = {
  compactAfterUpdates: 500,
  snapshotSliceStructs: 1000,
  guard: defaultUpdateGuardLimits,
  integrationBudget: DEFAULT_INTEGRATION_BUDGET,
  presenceFlushMs: 40,
};

/** Builds the in-memory document from what is stored; throws DocumentLoadError and never writes. */
export function loadYDoc(docId: string, stored: StoredDocState): Y.Doc {
  try {
    return applyStored(stored, true);
  } catch (err) {
    // One transaction garbage-collects every deletion of the log at once, which
    // recurses through deleted subtrees; a deep one (trimmed by nesting-repair.ts,
    // log not yet folded) overflows the stack. Update by update it does not.
    if (!(err instanceof RangeError)) throw new DocumentLoadError(docId, err);
  }
  try {
    return applyStored(stored, false);
  } catch (err) {
    throw new DocumentLoadError(docId, err);
  }
}

function applyStored(stored: StoredDocState, oneTransaction: boolean): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  try {
    const apply = () => {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const update of stored.updates) Y.applyUpdate(doc, update);
    };
    if (oneTransaction) doc.transact(apply);
    else apply();
    if (hasPendingState(doc)) throw new Error('stored updates are incomplete (missing dependencies)');
  } catch (err) {
    doc.destroy();
    throw err;
  }
  return doc;
}

const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

function overlapsKnownState(doc: Y.Doc, structs: DecodedStructs): boolean {
  return structs.some((s) => {
    const have = Y.getState(doc.store, s.id.client);
    return s.id.clock < have && s.id.clock + s.length > have;
  });
}

/**
 * A durable state vector extended by an update another process committed: each of
 * its client ids is durable up to the update's end (that process had, and stored,
 * everything before it; it hears nothing of ours before our commit).
 */
function extendedBy(stateVector: Uint8Array, committedElsewhere: Uint8Array): Uint8Array {
  const sv = Y.decodeStateVector(stateVector);
  for (const [client, end] of Y.parseUpdateMeta(committedElsewhere).to) sv.set(client, Math.max(sv.get(client) ?? 0, end));
  // Yjs's own state vector encoding (Y.encodeStateVector): a count, then client and clock pairs.
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, sv.size);
  for (const [client, clock] of sv) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  return encoding.toUint8Array(encoder);
}

/** True when the client lacks a quarter or more of the document's changes. */
function isFarBehind(doc: Y.Doc, theirs: Map<number, number>): boolean {
  let total = 0;
  let missing = 0;
  for (const client of doc.store.clients.keys()) {
    const clock = Y.getState(doc.store, client);
    total += clock;
    missing += Math.max(0, clock - (theirs.get(client) ?? 0));
  }
  return missing * 4 >= total;
}

export class Room implements CommitParticipant {
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<RoomPeer>();
  /** Who first announced each presence client id here (see presence.ts). */
  readonly presenceOwners = new Map<number, string>();
  /** The connection speaking for each presence client id, while it is here (see presence.ts). */
  readonly presenceHolders = new Map<number, RoomPeer>();
  private logLength: number;
  /**
   * What this copy includes of the stored log: the load's position plus every
   * update committed since that it holds. A compaction folds exactly these, so
   * several processes may write the document (store/types.ts, FoldRecord.base).
   */
  private stored: { snapshotGen: number; uptoSeq: number; seqs: number[] };
  private closed = false;
  /** Counts integrated changes; lets callers tell a no-op update from a real one. */
  private changeCount = 0;
  private compactionRequested = false;
  /** After a fold failed: the log length at which the next one is tried (the log stays complete meanwhile). */
  private retryFoldAt = 0;
  /**
   * The whole document encoded as one update: the answer to a client far behind,
   * behind a sync step 2 header sent as a frame of its own (encoding.ts,
   * MessagePieces), shared by the next ones. Dropped as soon as the document
   * changes: it could never be sent again, and it is 0.8 MB for the 150-page report
   * (issue 21).
   */
  private fullState?: Uint8Array;
  /** While the document is exactly what the store holds as one piece: that piece as the answer (stored-full-state.ts). */
  private storedFullState: StoredFullState | undefined;
  /** Counters for tests: whole-document answers encoded, and stored pieces read again (stored-full-state.ts). */
  readonly fullStateCounters = { encodings: 0, storeReads: 0 };
  /** Called when the room can no longer be trusted or has closed: the manager forgets it. */
  onClosed: (room: Room) => void = () => {};
  /** Presence client ids changed since the last presence message, and the timer that sends it. */
  private readonly presenceChanged = new Set<number>();
  private presenceTimer: NodeJS.Timeout | undefined;
  /** Listeners for committed document changes (consensus service, metrics). */
  private readonly commitListeners = new Set<(room: Room) => void>();
  /** Which account first wrote under each Yjs client id (stored; see client-ownership.ts). */
  private readonly clientOwners: Map<number, string>;
  /** Claims made since the last cut; stored in the transaction that logs their updates. */
  private pendingClaims: ClientClaim[] = [];
  /**
   * Connections whose update was applied only in part, with the server's clock then
   * of each client id the rest waits for: structs withheld because they build on
   * another account's client ids (client-ownership.ts), or a sync step 2 cut at a
   * gap (integrable-part.ts). When one of those ids moves on, the connection is
   * asked again (sync step 1).
   */
  private readonly withheld = new Map<RoomPeer, Map<number, number>>();
  /** Connections whose sync step 1 is not answered yet: live updates skip them (broadcast-queue.ts). */
  private readonly awaitingAnswer = new Set<RoomPeer>();
  /** The state vector the store holds for certain: the loaded state, then each commit's. */
  private durableStateVector: Uint8Array;
  /** Presence client ids changed by this process's clients since the last flush, for the other processes. */
  private readonly presenceToPublish = new Set<number>();
  /** Applied updates on their way to the other sockets: at once, or after their commit (broadcast-queue.ts). */
  readonly broadcasts = new BroadcastQueue(
    this.connections,
    (conn) => !this.awaitingAnswer.has(conn),
    () => !this.closed,
  );
  /** The connection whose update is being applied right now, if any. */
  private applying: RoomPeer | undefined;
  /** Whether that update went to the other sockets before this apply (send-ahead.ts). */
  private applyingSentAhead = false;
  /** Counters of the last fold's snapshot (sliced-snapshot.ts), for tests: turns it took, most structs in one. */
  lastSnapshot: Readonly<{ slices: number; largestSlice: number; structs: number }> | undefined;

  constructor(
    readonly docId: string,
    readonly doc: Y.Doc,
    storedLogLength: number,
    private readonly batcher: WriteBatcher,
    private readonly log: Logger,
    private readonly options: RoomOptions = defaultRoomOptions,
    clientOwners: Map<number, string> = new Map(),
    position: { snapshotGen: number; lastSeq: number } = { snapshotGen: 0, lastSeq: 0 },
    /** Other processes with this document open (REDIS_URL); none in a single process. */
    private readonly fanout?: DocFanout,
  ) {
    this.logLength = storedLogLength;
    this.durableStateVector = Y.encodeStateVector(doc);
    this.stored = { snapshotGen: position.snapshotGen, uptoSeq: position.lastSeq, seqs: [] };
    this.clientOwners = clientOwners;
    // Every change that reaches the document, from a client or from the server
    // itself (e.g. assigning missing block ids), is queued for a durable commit
    // and for the other sockets. Yjs hands us its own encoding of what integrated,
    // never the raw client bytes. Nothing is sent from here: a client's update is
    // emitted even when applying it failed half-way (and is then discarded), so
    // applyClientUpdate decides once it has fully succeeded. The server's own
    // changes never claim a client id: they may go at once (after this turn).
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.changeCount++;
      this.fullState = undefined;
      this.storedFullState = undefined;
      if (origin === REMOTE_ORIGIN) return this.broadcastCommitted(update);
      const queued = { update, origin };
      this.batcher.enqueue(this, queued);
      const fromApply = this.applying !== undefined && origin === this.applying;
      // Sent ahead already (applyClientUpdate): committed and acknowledged as usual, never sent twice.
      if (fromApply && this.applyingSentAhead) return;
      this.broadcasts.add(queued, fromApply ? 'undecided' : 'now');
    });
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.awareness.on(
      'update',
      ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
        for (const ids of [added, updated, removed]) {
          for (const id of ids) {
            this.presenceChanged.add(id);
            if (this.fanout && origin !== REMOTE_ORIGIN) this.presenceToPublish.add(id);
          }
        }
        this.presenceTimer ??= setTimeout(() => this.flushPresence(), this.options.presenceFlushMs ?? 0);
      },
    );
  }

  get presenceCount(): number {
    return this.awareness.getStates().size;
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
   * A sync step 2 (`answer`, the client's reply to our step 1) is applied as far
   * as it integrates; the rest is asked for again later (integrable-part.ts).
   */
  applyClientUpdate(from: RoomPeer, update: Uint8Array, kind: 'update' | 'answer' = 'update'): void {
    if (this.closed) throw new InvalidUpdateError('document is closed');
    const sender = from.principal?.userId;
    if (sender === undefined) throw new InvalidUpdateError('not authorised');
    const part = kind === 'answer' ? integrablePart(this.doc, update, this.options.guard) : undefined;
    if (part) update = part.update;
    const budget = this.options.integrationBudget ?? DEFAULT_INTEGRATION_BUDGET;
    let structs = checkUpdate(this.doc, update, this.options.guard, budget);
    const owned = filterByOwnership(this.doc, update, structs, sender, (client) => this.ownerOf(client));
    const withheldAny = owned.update !== update;
    if (withheldAny) {
      update = owned.update;
      structs = checkUpdate(this.doc, update, this.options.guard, budget);
      this.noteWithheld(from, owned.withheldOwners);
    }
    const limit = integrationLimit(structs.length, budget);
    // The usual quadratic shapes are refused before they touch the document (no reload);
    // whatever gets past this is still stopped half-way by the budget.
    if (existingContentScanSteps(this.doc, structs, limit / 2) > limit / 2)
      throw new InvalidUpdateError('update would take too long to integrate');
    // A struct that starts inside what the document has and runs past it is placed by
    // Yjs after the item at the last known clock, but in the type its claimed origin
    // names: a crafted one links an item into another type's list, and the document
    // no longer equals what it stores (found by the sync fuzz). Cutting the known
    // part off first makes both come from the same item; honest updates lose nothing.
    const toApply = overlapsKnownState(this.doc, structs) ? Y.diffUpdate(update, Y.encodeStateVector(this.doc)) : update;
    // A live update that integrates exactly as sent goes to the others before it is applied
    // (send-ahead.ts): none of them waits for the integration. Not a claim (it must wait for
    // its commit, broadcast-queue.ts) nor anything behind a held-back update (send order is
    // apply order); not an answer, which is cut at its gaps and may repeat what others have.
    const sendAhead =
      kind === 'update' &&
      !withheldAny &&
      this.broadcasts.isEmpty &&
      owned.claims.every((client) => this.clientOwners.get(client) === sender) &&
      continuesExactly(this.doc, structs);
    if (sendAhead) this.broadcasts.sendAhead(update, from);
    const before = this.changeCount;
    this.applying = from;
    this.applyingSentAhead = sendAhead;
    try {
      applyWithinBudget(() => Y.applyUpdate(this.doc, toApply, from), limit);
    } catch (err) {
      // The sender is the offender (4400); everyone else reconnects to the reloaded copy (4503).
      from.close(CloseCode.badMessage, 'update could not be applied');
      this.fail(CloseCode.reloadRequired, err);
      throw new InvalidUpdateError('update could not be applied');
    } finally {
      this.applying = undefined;
      this.applyingSentAhead = false;
    }
    if (hasPendingState(this.doc)) {
      from.close(CloseCode.badMessage, 'update depends on changes the server does not have');
      this.fail(CloseCode.reloadRequired, new Error('update left pending structs'));
      throw new InvalidUpdateError('update depends on changes the server does not have');
    }
    // Noted once applied: the clock waited for is past what this answer brought.
    if (part && part.waitingFor.length > 0) this.noteLeftOut(from, part.waitingFor, part.leftOut);
    let claimed = false;
    for (const clientId of owned.claims) {
      if (this.clientOwners.has(clientId)) continue;
      this.clientOwners.set(clientId, sender);
      this.pendingClaims.push({ clientId, userId: sender });
      claimed = true;
    }
    // Fully applied. A claim goes to the others once it is stored (broadcast-queue.ts says
    // why); an id claimed earlier is stored by then, or waits ahead of this in the queue.
    this.broadcasts.decide(claimed ? 'after commit' : 'now');
    // A duplicate changes nothing, but its sender still wants to hear it is saved.
    if (this.changeCount === before) this.sendSavedWhenCommitted(from);
  }

  /**
   * The account owning a client id here: whoever first wrote under it, else
   * whoever announced it as their presence (a client's presence id is its
   * document client id, visible before it writes anything).
   */
  private ownerOf(clientId: number): string | undefined {
    return this.clientOwners.get(clientId) ?? this.presenceOwners.get(clientId);
  }

  private noteWithheld(from: RoomPeer, owners: number[]): void {
    this.waitFor(from, owners);
    this.log.info(
      { docId: this.docId, userId: from.principal?.userId, clientIds: owners },
      "withheld structs under other accounts' client ids",
    );
  }

  private noteLeftOut(from: RoomPeer, missing: number[], leftOut: number[]): void {
    this.waitFor(from, missing);
    this.log.info(
      { docId: this.docId, userId: from.principal?.userId, missingClientIds: missing, leftOutClientIds: leftOut },
      'sync step 2 applied up to its gaps; the rest waits for changes the server does not have',
    );
  }

  /** Asks `conn` again (sync step 1) once one of `clients` moves on from the server's clock now. */
  private waitFor(conn: RoomPeer, clients: number[]): void {
    const waiting = this.withheld.get(conn) ?? new Map<number, number>();
    for (const client of clients) waiting.set(client, Y.getState(this.doc.store, client));
    this.withheld.set(conn, waiting);
  }

  /** Asks again whoever waits for client ids that have moved on since (see client-ownership.ts). */
  private askWithheldAgain(): void {
    for (const [conn, waiting] of this.withheld) {
      if (![...waiting].some(([client, clock]) => Y.getState(this.doc.store, client) > clock)) continue;
      this.withheld.delete(conn);
      conn.send(syncStep1(this.doc));
    }
  }

  /** Runs `fn` once every update applied so far is durable. */
  afterCommit(fn: () => void): void {
    this.batcher.afterCommit(this, fn);
  }

  /**
   * Answers a connection's sync step 1: `deliver` gets the sync step 2 once what was
   * applied before the question is durable and nothing applied is held back for its
   * commit (broadcast-queue.ts). Until then no live update reaches the connection;
   * from then on every one does, each on top of what the answer held, so its client
   * never holds pending structs because of us.
   */
  answerSyncStep1(conn: RoomPeer, stateVector: Uint8Array, deliver: (reply: MessagePieces) => void): void {
    this.awaitingAnswer.add(conn);
    this.answerWhenShareable(conn, stateVector, deliver);
  }

  private answerWhenShareable(conn: RoomPeer, stateVector: Uint8Array, deliver: (reply: MessagePieces) => void): void {
    // What was applied before the question is durable first, so the `saved` that follows
    // the answer covers it (a client that sends its edits, then sync step 1, learns they
    // are saved from the answer).
    this.batcher.whenQueuedCommitted(this, () =>
      this.broadcasts.whenShareable(() => {
        if (this.closed || !this.connections.has(conn)) return void this.awaitingAnswer.delete(conn);
        const reply = this.syncStep2For(stateVector);
        if (reply) {
          this.awaitingAnswer.delete(conn);
          return deliver(reply);
        }
        // The stored piece is read again first (stored-full-state.ts); live updates still wait.
        const stored = this.storedFullState!;
        void stored.fetch().then((piece) => {
          if (this.closed || !this.connections.has(conn)) return void this.awaitingAnswer.delete(conn);
          // Unchanged meanwhile (a change drops `storedFullState`): the piece is still the
          // document, and no update was applied that this socket skipped while it waited.
          if (piece && stored === this.storedFullState) {
            this.awaitingAnswer.delete(conn);
            return deliver(syncStep2OfUpdate(piece));
          }
          // Changed, or the store moved on: asked again, answered from the document.
          this.answerWhenShareable(conn, stateVector, deliver);
        });
      }),
    );
  }

  /**
   * What the store holds for certain, as a state vector: the `saved` that may go
   * with an answer (the document itself may be ahead, see broadcast-queue.ts).
   */
  get savedStateVector(): Uint8Array {
    return this.durableStateVector;
  }

  /**
   * The sync step 2 answering a client's state vector; undefined when it is the
   * stored piece and that is to be read again first (`storedFullState.fetch`). A
   * client far behind (a new one, or one that asks for everything, which costs
   * nothing to ask) gets the whole state, encoded once per document version (or
   * read from the store) and shared: repeated requests must not each cost a full
   * encoding and a full copy in the send buffers (550 three-byte requests once
   * froze the server for a minute and buffered 1 GB). Sending more than a client
   * lacks is harmless in Yjs.
   */
  syncStep2For(stateVector: Uint8Array): MessagePieces | undefined {
    if (!isFarBehind(this.doc, Y.decodeStateVector(stateVector))) return syncStep2(this.doc, stateVector);
    if (this.storedFullState?.usable) {
      const piece = this.storedFullState.take();
      return piece && syncStep2OfUpdate(piece);
    }
    if (!this.fullState) {
      this.fullState = Y.encodeStateAsUpdate(this.doc, EMPTY_STATE_VECTOR);
      this.fullStateCounters.encodings++;
    }
    return syncStep2OfUpdate(this.fullState);
  }

  /**
   * The document was loaded from exactly this full-state update (a snapshot and
   * no log; `read` gets it again): until it changes, a client far behind is sent
   * these bytes instead of a fresh encoding of the whole document (the cold open
   * of a 150-page report), never copied and not kept by the room once the first
   * answer has gone (stored-full-state.ts).
   */
  adoptStoredFullState(update: Uint8Array, read: ReadStoredPiece): void {
    this.storedFullState = new StoredFullState(update, () => {
      this.fullStateCounters.storeReads++;
      return read();
    });
  }

  /** For tests: bytes of whole-document answers this room keeps alive by itself (updates, without their header). */
  get keptFullStateBytes(): number {
    return (this.fullState?.byteLength ?? 0) + (this.storedFullState?.heldBytes ?? 0);
  }

  sendSavedWhenCommitted(conn: RoomPeer): void {
    this.batcher.whenQueuedCommitted(this, () => {
      if (!this.closed && conn.wantsConcordMessages) conn.send(savedMessage(this.durableStateVector));
    });
  }

  /** One presence message for everything that changed since the last one, encoded once for all connections. */
  private flushPresence(): void {
    this.presenceTimer = undefined;
    if (this.closed || this.presenceChanged.size === 0) return;
    const encoded = awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.presenceChanged]));
    this.presenceChanged.clear();
    let message: Uint8Array | undefined;
    for (const conn of this.connections) conn.send((message ??= sharedMessage(encoded)));
    this.publishPresence();
  }

  /** This process's presence changes, to the other processes that have the document open. */
  private publishPresence(): void {
    if (!this.fanout || this.presenceToPublish.size === 0) return;
    this.fanout.publishPresence(this.docId, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.presenceToPublish]));
    this.presenceToPublish.clear();
  }

  // --- other processes (doc-fanout.ts) -------------------------------------

  /**
   * An update another process committed: applied (Yjs skips what is here
   * already) and broadcast by the `update` listener, never logged again. A
   * gap (it builds on something this copy never received) reloads the room.
   */
  applyRemoteUpdate(update: Uint8Array, claims: readonly ClientClaim[], seqs: readonly number[]): void {
    if (this.closed) return;
    for (const { clientId, userId } of claims) if (!this.clientOwners.has(clientId)) this.clientOwners.set(clientId, userId);
    try {
      Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
    } catch (err) {
      return this.fail(CloseCode.reloadRequired, err);
    }
    // This copy now holds those logged updates: a compaction here may fold them.
    this.includeStored(seqs);
    this.durableStateVector = extendedBy(this.durableStateVector, update);
    if (hasPendingState(this.doc))
      return this.fail(CloseCode.reloadRequired, new Error('an update from another process has a gap before it'));
    if (this.withheld.size > 0) this.askWithheldAgain();
  }

  /** Presence from another process's clients: applied, then sent to this process's sockets with the next flush. */
  applyRemotePresence(update: Uint8Array): void {
    if (this.closed) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN);
    // Their client ids belong to their accounts here too (see presence.ts).
    for (const [clientId, state] of this.awareness.getStates()) {
      const userId = (state as { user?: { id?: unknown } }).user?.id;
      if (typeof userId === 'string' && !this.presenceOwners.has(clientId)) this.presenceOwners.set(clientId, userId);
    }
  }

  /** A committed update from elsewhere, to every socket here: one encoding for all. */
  private broadcastCommitted(update: Uint8Array): void {
    if (this.closed) return;
    let message: Uint8Array | undefined;
    for (const conn of this.connections) if (!this.awaitingAnswer.has(conn)) conn.send((message ??= sharedMessage(syncUpdate(update))));
  }

  /** Sends a Concord event (JSON) to every Concord client of this document. */
  broadcastEvent(event: DocLiveEvent): void {
    let message: Uint8Array | undefined;
    for (const conn of this.connections)
      if (conn.wantsConcordMessages) conn.send((message ??= sharedMessage(concordJsonMessage(ConcordMessage.event, event))));
  }

  /** Sends a Concord event to this user's Concord clients on this document. */
  sendToUser(userId: string, event: UserLiveEvent): void {
    let message: Uint8Array | undefined;
    for (const conn of this.connections) {
      if (!conn.wantsConcordMessages || conn.principal?.userId !== userId) continue;
      conn.send((message ??= concordJsonMessage(ConcordMessage.event, event)));
    }
  }

  /**
   * The user's role on the document is now `role` (null: no longer a member).
   * Their connections opened with another role are closed: reconnecting reads
   * the role again (4503), and a removed member is refused then (4404).
   * Idempotent, so the same change may be announced more than once.
   */
  accessChanged(userId: string, role: Role | null): void {
    for (const conn of [...this.connections]) {
      if (conn.principal?.userId !== userId || conn.principal.role === role) continue;
      conn.close(role ? CloseCode.reloadRequired : CloseCode.notFound, role ? 'role changed' : 'removed from document');
    }
  }

  /** The user whose connection made a Yjs transaction with this origin, if it came from one. */
  editorOf(origin: unknown): string | undefined {
    return this.connections.has(origin as RoomPeer) ? (origin as RoomPeer).principal?.userId : undefined;
  }

  // --- CommitParticipant -------------------------------------------------

  stateVectorAtCut(): Uint8Array {
    return Y.encodeStateVector(this.doc);
  }

  claimsAtCut(): ClientClaim[] {
    const claims = this.pendingClaims;
    this.pendingClaims = [];
    return claims;
  }

  /**
   * At a cut (write-batcher.ts): a snapshot of the document, when its log is due for
   * folding or a fold was asked for. It holds everything logged up to the cut's
   * updates, which `foldBase` and the cut's seqs name (and maybe some of what came
   * after, all durable by the time it is handed over).
   */
  foldAtCut(updatesInCut: number): FoldAtCut | null {
    if (this.closed) return null;
    const logged = this.logLength + updatesInCut;
    // Nothing of this copy's is logged: nothing to fold, whatever was asked.
    if (logged === 0) this.compactionRequested = false;
    const due = this.compactionRequested || (logged >= this.options.compactAfterUpdates && logged >= this.retryFoldAt);
    if (!due) return null;
    this.compactionRequested = false;
    const snapshot = this.encodeSnapshot();
    // The batcher takes it up after the cut's commit; a room closed meanwhile must not be an unhandled rejection.
    snapshot.catch(() => {});
    return { snapshot, base: this.foldBase(), updates: logged };
  }

  /**
   * The whole document for a fold, encoded a slice per turn of the event loop
   * (one piece held every socket of the process for 45–90 ms with the 150-page
   * report): typing goes on in between. What it holds beyond the cut is durable
   * before it is handed over, so a crash can never leave the snapshot holding
   * an update the log lost. Rejects once the room closes (its copy is gone or
   * no longer trusted).
   */
  private async encodeSnapshot(): Promise<Uint8Array> {
    const encoder = new SlicedSnapshot(this.doc);
    const slice = this.options.snapshotSliceStructs ?? defaultRoomOptions.snapshotSliceStructs!;
    while (!encoder.step(slice)) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.closed) throw new Error('the document closed while its snapshot was being encoded');
    }
    this.lastSnapshot = encoder.counters;
    await this.batcher.whenCommitted(this);
    if (this.closed) throw new Error('the document closed before its snapshot was durable');
    return encoder.finish();
  }

  /** Folds the log at the next cut (or the first after the fold in flight), however long it is. */
  requestCompaction(): void {
    this.compactionRequested = true;
  }

  private foldBase(): FoldBase {
    return { snapshotGen: this.stored.snapshotGen, uptoSeq: this.stored.uptoSeq, seqs: [...this.stored.seqs] };
  }

  folded(fold: Fold, receipt: FoldReceipt): void {
    // Typing went on meanwhile: what was logged after the cut stays logged, and noted.
    this.logLength = Math.max(0, this.logLength - fold.updates);
    this.retryFoldAt = 0;
    const gone = new Set(fold.base.seqs);
    this.stored = {
      // A merged snapshot holds what another process folded, which this copy may lack:
      // naming it as the base would let the next fold replace it. The older generation
      // makes the next fold merge again.
      snapshotGen: receipt.merged ? this.stored.snapshotGen : receipt.snapshotGen,
      uptoSeq: this.stored.uptoSeq,
      seqs: this.stored.seqs.filter((seq) => !gone.has(seq)),
    };
    this.foldAgainIfAsked();
  }

  foldFailed(fold: Fold, error: unknown): void {
    if (this.closed) return;
    // Nothing was deleted: the log still holds every update. Try again once it has grown as much again.
    this.retryFoldAt = this.logLength + this.options.compactAfterUpdates;
    this.log.warn({ err: error, docId: this.docId, updates: fold.updates }, 'compaction failed; the log is kept and folded later');
    this.foldAgainIfAsked();
  }

  /** A fold was asked for (unloading) while this one was in flight: it gets a cut of its own. */
  private foldAgainIfAsked(): void {
    if (this.compactionRequested && !this.closed) this.batcher.requestCut(this);
  }

  /**
   * Updates another process committed (their log positions) that this copy has
   * applied: a later compaction here may fold them. Those not noted stay logged,
   * which is safe (loading applies them again, and Yjs ignores what it has).
   */
  includeStored(seqs: readonly number[]): void {
    this.stored.seqs.push(...seqs);
  }

  committed({ stateVector, updates, seqs, claims }: CommitResult): void {
    this.logLength += updates.length;
    // Cuts commit in order, so each commit's state vector covers the ones before.
    this.durableStateVector = stateVector;
    this.stored.seqs.push(...seqs);
    // Stored, so the other processes may hear it now (even if this copy has just closed).
    if (this.fanout && updates.length > 0) {
      const merged = updates.length === 1 ? updates[0]!.update : Y.mergeUpdates(updates.map((u) => u.update));
      this.fanout.publishUpdate(this.docId, merged, claims, seqs);
    }
    if (this.closed) return;
    // Sent now: what waited for this commit (claims), and what waited behind it.
    // Everything else of the commit went to the other sockets when it was applied.
    this.broadcasts.committed(updates);
    // `saved` goes to the authors of this commit's updates only: what a crash
    // loses comes back from its author's client (the readers' copies are withheld,
    // broadcast-queue.ts), and a second message per edit to every socket is not free.
    const authors = new Set<unknown>(updates.map((u) => u.origin));
    let saved: Uint8Array | undefined;
    for (const conn of this.connections)
      if (conn.wantsConcordMessages && authors.has(conn)) conn.send((saved ??= sharedMessage(savedMessage(stateVector))));
    if (this.withheld.size > 0) this.askWithheldAgain();
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

  add(conn: RoomPeer): void {
    this.connections.add(conn);
  }

  remove(conn: RoomPeer): void {
    this.connections.delete(conn);
    this.withheld.delete(conn);
    this.awaitingAnswer.delete(conn);
    for (const id of conn.awarenessClientIds) if (this.presenceHolders.get(id) === conn) this.presenceHolders.delete(id);
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
    this.broadcasts.clear();
    for (const conn of [...this.connections]) conn.close(code, reason);
    this.connections.clear();
    // The others drop these carets now rather than when they time out (30 s).
    this.publishPresence();
    clearTimeout(this.presenceTimer);
    this.awareness.destroy();
    this.doc.destroy();
    this.onClosed(this);
  }

  /** A background task on this document failed: reload it rather than let the error escape. */
  failFromBackground(err: unknown): void {
    if (!this.closed) this.fail(CloseCode.reloadRequired, err);
  }

  private fail(code: number, err: unknown): void {
    // Whatever this turn queued may include a half-applied update: never store it.
    this.batcher.discard(this);
    this.log.error({ err, docId: this.docId }, 'document state no longer trusted; reloading from store');
    this.close(code);
  }
}
