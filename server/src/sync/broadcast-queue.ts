/**
 * When a room's applied updates reach its other sockets (issue 21).
 *
 * An update is sent to the room's other sockets as soon as it has been applied,
 * without waiting for the commit that makes it durable: the peer servers do the
 * same, and waiting for an fsync was most of Concord's edit-to-screen latency.
 * What a client is told is saved (`saved`) still follows the commit (room.ts).
 *
 * One exception keeps a crash in between harmless: an update that claims a Yjs
 * client id (the first write of an editor session, see client-ownership.ts)
 * waits for its commit. If the server dies after sending an update and before
 * committing it, the readers' clients resend its structs when they reconnect.
 * Because the claim is stored, those structs are under an id another account
 * owns and are withheld until the author's own client resends them (the same
 * path as after a restore from a backup). Were the claim lost with the update,
 * the first reader to resend would claim the author's id, and the author's
 * later edits would be withheld for ever.
 *
 * Sockets receive updates in apply order, so none gets an update before one it
 * builds on: an update that may go at once still waits behind an earlier one
 * that waits for its commit. Commits follow the apply order too (write-batcher.ts),
 * so the queue always drains from its head.
 *
 * A socket that has asked for the document (sync step 1) gets no updates until it
 * has been answered: the answer holds them, and an update on top of a document the
 * client does not have yet would sit in its Yjs store as *pending* (integrable-part.ts
 * says what that did after a crash). The answer goes once what was applied before
 * the question is committed and nothing applied is held back (`whenShareable`, room.ts):
 * never "once the disk is idle", which continuous typing postpones for as long as it lasts.
 */
import * as Y from 'yjs';
import { syncUpdate } from './encoding.js';
import { sharedMessage } from './shared-message.js';
import type { QueuedUpdate } from './write-batcher.js';
import type { RoomPeer } from './types.js';

/** When an applied update may be sent: undecided while the apply that made it may still fail. */
export type Release = 'undecided' | 'now' | 'after commit';

interface Entry {
  queued: QueuedUpdate;
  release: Release;
  committed: boolean;
  /** The update as a sync message, encoded at most once. */
  message?: Uint8Array;
}

export class BroadcastQueue {
  /** Applied updates not yet sent, in apply order. */
  private entries: Entry[] = [];
  private flushScheduled = false;
  /**
   * Counters for tests: updates sent before their commit, and after it (both once applied),
   * and updates sent before they were applied (`sendAhead`).
   */
  readonly counters = { early: 0, afterCommit: 0, ahead: 0 };
  /** Run once nothing in the queue waits for its commit (`whenShareable`), in order. */
  private shareableWaiters: (() => void)[] = [];

  constructor(
    /** The room's sockets at the moment of sending. */
    private readonly connections: ReadonlySet<RoomPeer>,
    /** False for a socket that is waiting for the answer to its sync step 1: the answer will hold what it misses. */
    private readonly receivesUpdates: (conn: RoomPeer) => boolean,
    private readonly isOpen: () => boolean,
  ) {}

  /**
   * Runs `fn` once everything applied so far may be sent to anyone: at once, unless
   * an update waits for its commit (a claim, see above). Whatever `fn` sends of the
   * document then holds nothing a crash could turn into a stolen client id.
   */
  whenShareable(fn: () => void): void {
    if (!this.holdsBack()) return fn();
    this.shareableWaiters.push(fn);
  }

  /** True while an applied update may not be sent yet. */
  private holdsBack(): boolean {
    return this.entries.some((e) => !e.committed && e.release !== 'now');
  }

  /** Nothing applied waits to be sent: an update sent now keeps apply order. */
  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /**
   * A client's update, as one sync message framed once, to every other socket before the
   * room applies it (send-ahead.ts says when it may). Only while the queue is empty, so nothing applied
   * earlier goes after it; its apply queues nothing here.
   */
  sendAhead(update: Uint8Array, author: RoomPeer): void {
    this.counters.ahead++;
    let message: Uint8Array | undefined;
    for (const conn of this.connections)
      if (conn !== author && this.receivesUpdates(conn)) conn.send((message ??= sharedMessage(syncUpdate(update))));
  }

  /** An update the document has just integrated (and queued for its commit). */
  add(queued: QueuedUpdate, release: Release): void {
    this.entries.push({ queued, release, committed: false });
    if (release === 'now') this.scheduleFlush();
  }

  /**
   * The apply that made the undecided updates has fully succeeded; `release` says when they may go.
   * What may go now is sent at once, before the apply's caller goes on and before the
   * write batcher's cut (its setImmediate was queued first, as the update was enqueued):
   * waiting for the next check phase made each edit wait for the other socket reads of
   * its turn and for the cut's hand-over to the SQLite worker ("Round 11 (server latency)",
   * BENCHMARKS.md). The peers send from inside the apply, too.
   */
  decide(release: Exclude<Release, 'undecided'>): void {
    for (const entry of this.entries) if (entry.release === 'undecided') entry.release = release;
    if (release === 'now') this.flush();
  }

  /** These updates are durable: whatever waited for them goes now, in order. */
  committed(updates: readonly QueuedUpdate[]): void {
    if (this.entries.length === 0) return;
    const durable = new Set(updates);
    for (const entry of this.entries) if (durable.has(entry.queued)) entry.committed = true;
    this.flush();
  }

  /** The room's copy is no longer trusted or has closed: nothing more is sent. */
  clear(): void {
    this.entries = [];
    this.shareableWaiters = [];
  }

  /**
   * The server's own changes (e.g. the block-id pass) are made inside a Yjs
   * transaction's events: they go after this turn, together with whatever else
   * it applied, never from inside the transaction.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (!this.isOpen()) return this.clear();
    let ready = 0;
    for (const entry of this.entries) {
      if (!(entry.committed || entry.release === 'now')) break;
      ready++;
    }
    if (ready === 0) return;
    const batch = this.entries.splice(0, ready);
    for (const entry of batch) this.counters[entry.committed ? 'afterCommit' : 'early']++;
    this.send(batch);
    if (this.shareableWaiters.length > 0 && !this.holdsBack()) {
      const waiters = this.shareableWaiters;
      this.shareableWaiters = [];
      for (const fn of waiters) fn();
    }
  }

  /** Each socket gets every update of the batch except its own, each update encoded (and framed) once. */
  private send(batch: Entry[]): void {
    const messageOf = (entry: Entry) => (entry.message ??= sharedMessage(syncUpdate(entry.queued.update)));
    if (batch.length === 1) {
      const [only] = batch as [Entry];
      for (const conn of this.connections) if (conn !== only.queued.origin && this.receivesUpdates(conn)) conn.send(messageOf(only));
      return;
    }
    const authors = new Set(batch.map((e) => e.queued.origin));
    let merged: Uint8Array | undefined;
    for (const conn of this.connections) {
      if (!this.receivesUpdates(conn)) continue;
      if (!authors.has(conn)) {
        conn.send((merged ??= sharedMessage(syncUpdate(Y.mergeUpdates(batch.map((e) => e.queued.update))))));
        continue;
      }
      // An author of part of the batch: the others' updates one by one, each encoded once.
      for (const entry of batch) if (entry.queued.origin !== conn) conn.send(messageOf(entry));
    }
  }
}
