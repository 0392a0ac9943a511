/**
 * Durable before acknowledged: every accepted update goes through here. Updates
 * arriving within one event-loop turn share one store transaction; only after it
 * commits do rooms broadcast them and tell clients what is saved.
 */
import type { DocStore, SnapshotRecord, UpdateRecord } from '../store/types.js';

/** A room's side of a commit. */
export interface CommitParticipant {
  readonly docId: string;
  /** Called synchronously when the batch is cut: the state vector that the batch makes durable. */
  stateVectorAtCut(): Uint8Array;
  /** A full snapshot to fold the log into, if compaction is due (called at cut time). */
  snapshotIfDue(): Uint8Array | null;
  committed(result: { stateVector: Uint8Array; updates: QueuedUpdate[]; snapshotTaken: boolean }): void;
  commitFailed(error: unknown): void;
}

/** An update waiting to be made durable, with whatever the room needs to know about its origin. */
export interface QueuedUpdate {
  update: Uint8Array;
  origin: unknown;
}

interface Pending {
  participant: CommitParticipant;
  updates: QueuedUpdate[];
}

export class WriteBatcher {
  private queue = new Map<CommitParticipant, Pending>();
  private scheduled = false;
  private inFlight: Promise<void> = Promise.resolve();
  private inFlightParticipants = new Set<CommitParticipant>();
  private waiters = new Map<CommitParticipant, Array<() => void>>();

  constructor(private readonly store: DocStore) {}

  enqueue(participant: CommitParticipant, update: QueuedUpdate): void {
    this.pendingFor(participant).updates.push(update);
    this.schedule();
  }

  /**
   * Includes the participant in the next cut even without updates, so that a
   * snapshot it wants taken is committed in order with everything else.
   */
  requestCut(participant: CommitParticipant): void {
    this.pendingFor(participant);
    this.schedule();
  }

  private pendingFor(participant: CommitParticipant): Pending {
    let pending = this.queue.get(participant);
    if (!pending) this.queue.set(participant, (pending = { participant, updates: [] }));
    return pending;
  }

  private schedule(): void {
    if (!this.scheduled) {
      this.scheduled = true;
      // setImmediate runs after the I/O callbacks of this turn: everything that
      // arrived together is committed together.
      setImmediate(() => this.cut());
    }
  }

  /** Forgets updates queued (not yet being committed) for the participant: its state is no longer trusted. */
  discard(participant: CommitParticipant): void {
    this.queue.delete(participant);
  }

  /** True while the participant has updates queued or being committed. */
  hasPending(participant: CommitParticipant): boolean {
    return this.queue.has(participant) || this.inFlightParticipants.has(participant);
  }

  /** Runs `fn` once everything queued so far for the participant is durable (now, if nothing is). */
  afterCommit(participant: CommitParticipant, fn: () => void): void {
    if (!this.hasPending(participant)) return fn();
    const list = this.waiters.get(participant) ?? [];
    list.push(fn);
    this.waiters.set(participant, list);
  }

  /** Resolves when everything enqueued so far has been committed (or has failed). */
  async drain(): Promise<void> {
    while (this.scheduled || this.queue.size > 0 || this.inFlightParticipants.size > 0) {
      if (this.scheduled) await new Promise<void>((r) => setImmediate(r));
      await this.inFlight;
    }
  }

  private cut(): void {
    this.scheduled = false;
    const batch = [...this.queue.values()];
    this.queue.clear();
    if (batch.length === 0) return;
    // Cut synchronously: the state vectors and snapshots describe exactly the
    // state that includes this batch, before any later message is applied.
    const cuts = batch.map((p) => ({
      ...p,
      stateVector: p.participant.stateVectorAtCut(),
      snapshot: p.participant.snapshotIfDue(),
    }));
    for (const c of cuts) this.inFlightParticipants.add(c.participant);
    const updates: UpdateRecord[] = cuts.flatMap((c) => c.updates.map((u) => ({ docId: c.participant.docId, update: u.update })));
    const snapshots: SnapshotRecord[] = cuts.flatMap((c) => (c.snapshot ? [{ docId: c.participant.docId, snapshot: c.snapshot }] : []));
    // Commits are serialised so the log keeps the order in which updates were applied.
    this.inFlight = this.inFlight.then(async () => {
      let error: unknown;
      try {
        await this.store.commit({ updates, snapshots });
      } catch (err) {
        error = err;
      }
      for (const c of cuts) {
        this.inFlightParticipants.delete(c.participant);
        if (error === undefined) {
          c.participant.committed({ stateVector: c.stateVector, updates: c.updates, snapshotTaken: c.snapshot !== null });
        } else {
          c.participant.commitFailed(error);
        }
        if (!this.hasPending(c.participant)) this.releaseWaiters(c.participant);
      }
    });
  }

  private releaseWaiters(participant: CommitParticipant): void {
    const list = this.waiters.get(participant);
    if (!list) return;
    this.waiters.delete(participant);
    for (const fn of list) fn();
  }
}
