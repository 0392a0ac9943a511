/**
 * Durable before acknowledged: every accepted update goes through here, and only
 * after the store transaction holding it has committed do rooms tell clients what
 * is saved (and publish it to other processes). Rooms send most updates to their
 * other sockets before that; see broadcast-queue.ts for which wait.
 *
 * Group commit: one transaction is in flight at a time. Everything applied while
 * it commits (in the SQLite writer's worker thread, see store/sqlite-writer.ts)
 * waits in the queue and goes into the next transaction together, so a slow
 * fsync makes batches larger rather than the event loop slower. The log order is
 * the apply order: updates are queued as the document integrates them, and
 * transactions commit one after the other.
 *
 * Back-pressure: when the bytes waiting for the disk pass `maxQueuedBytes`, the
 * read gate stops reading from every client socket (TCP pushes back on the
 * senders) until the queue has drained below half of it. A slow disk then slows
 * acknowledgements instead of growing memory.
 *
 * Compaction never rides in a commit. A participant that wants its log folded
 * starts a snapshot at a cut: it holds at least the state that cut makes
 * durable, so the log up to the cut's updates, and whatever else it holds is
 * durable before the snapshot is handed over (the room encodes it in slices
 * while typing goes on, see sync/sliced-snapshot.ts). Once that cut has
 * committed and the snapshot is ready, it is written in a transaction of its
 * own (DocStore.foldLog) while the next commits go on. One fold per participant
 * at a time; a failed one deletes nothing and the participant tries again later.
 */
import type { ClientClaimRecord, CommitReceipt, DocStore, FoldBase, FoldReceipt, UpdateRecord } from '../store/types.js';
import type { ReadGate } from './read-gate.js';

/** A room's side of a commit. */
export interface CommitParticipant {
  readonly docId: string;
  /** Called synchronously when the batch is cut: the state vector that the batch makes durable. */
  stateVectorAtCut(): Uint8Array;
  /** Client ids first written under by the updates of this cut (called at cut time). */
  claimsAtCut(): ClientClaim[];
  /**
   * A snapshot to fold the log into, if compaction is due (called at cut time, never
   * while a fold of this participant is in flight): at least the state the cut makes durable.
   */
  foldAtCut(updatesInCut: number): FoldAtCut | null;
  committed(result: CommitResult): void;
  commitFailed(error: unknown): void;
  /** A fold handed over at a cut has been stored (after the cut's commit, in its own transaction). */
  folded(fold: Fold, receipt: FoldReceipt): void;
  /** It failed, or its cut did: nothing of the log was deleted. */
  foldFailed(fold: Fold, error: unknown): void;
}

/** A participant's compaction, as cut. */
export interface FoldAtCut {
  /**
   * The document as a snapshot: resolves once it is encoded and everything it
   * holds is durable; rejects when the participant's copy is no longer trusted.
   */
  snapshot: Promise<Uint8Array>;
  /** What the snapshot includes of the stored log, the cut's own updates not yet (their seqs come with the commit). */
  base: FoldBase;
  /** How many of the participant's logged updates it folds, the cut's included (the participant's bookkeeping). */
  updates: number;
}

/** A compaction on its way to the store. */
export interface Fold {
  /** How many of the participant's logged updates it folds (FoldAtCut.updates). */
  updates: number;
  /** What it folds of the stored log: the cut's seqs added to the base (the store deletes exactly these). */
  base: FoldBase;
}

/** What one participant's part of a commit became. */
export interface CommitResult {
  stateVector: Uint8Array;
  updates: QueuedUpdate[];
  /** The log position of each of `updates`, in order. */
  seqs: number[];
  /** The client-id claims stored with these updates (cut with them). */
  claims: readonly ClientClaim[];
}

/** An account's claim on a Yjs client id of the participant's document (see sync/client-ownership.ts). */
export interface ClientClaim {
  clientId: number;
  userId: string;
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

export interface WriteBatcherOptions {
  /** Bytes queued or being committed beyond which clients' sockets stop being read. */
  maxQueuedBytes: number;
  /** Paused and resumed with the queue (the sockets of every connection). */
  readGate?: ReadGate;
}

export const DEFAULT_MAX_QUEUED_BYTES = 8 * 1024 * 1024;

export class WriteBatcher {
  private queue = new Map<CommitParticipant, Pending>();
  private scheduled = false;
  private inFlight: Promise<void> = Promise.resolve();
  private committing = false;
  private inFlightParticipants = new Set<CommitParticipant>();
  private waiters = new Map<CommitParticipant, Array<() => void>>();
  /** Per participant: updates enqueued so far, and how many of them have settled (committed, failed or discarded). */
  private readonly tally = new WeakMap<CommitParticipant, { enqueued: number; settled: number }>();
  /** `whenQueuedCommitted` (and `whenCommitted`) callbacks, each with the tally of enqueued updates it waits for. */
  private readonly settledWaiters = new Map<CommitParticipant, Array<{ upto: number; fn: () => void }>>();
  /** Bytes of update data queued or being committed. */
  private queuedBytes = 0;
  /** Folds being written, one per participant at most. */
  private readonly folds = new Map<CommitParticipant, Promise<void>>();
  private readonly stats = { commits: 0, updates: 0, peakQueuedBytes: 0, pauses: 0, folds: 0, foldFailures: 0, commitsDuringFolds: 0 };

  constructor(
    private readonly store: DocStore,
    private readonly options: WriteBatcherOptions = { maxQueuedBytes: DEFAULT_MAX_QUEUED_BYTES },
  ) {}

  /**
   * Counters for tests and benchmarks: transactions, updates committed, the most bytes
   * ever waiting, read pauses; folds stored and failed, and commits that completed
   * while a fold was being written (each proof that a fold did not hold commits up).
   */
  get counters(): Readonly<{
    commits: number;
    updates: number;
    peakQueuedBytes: number;
    pauses: number;
    folds: number;
    foldFailures: number;
    commitsDuringFolds: number;
  }> {
    return this.stats;
  }

  /** True while a fold of the participant is being written. */
  isFolding(participant: CommitParticipant): boolean {
    return this.folds.has(participant);
  }

  enqueue(participant: CommitParticipant, update: QueuedUpdate): void {
    this.pendingFor(participant).updates.push(update);
    this.tallyOf(participant).enqueued++;
    this.addQueuedBytes(update.update.byteLength);
    this.schedule();
  }

  private addQueuedBytes(n: number): void {
    this.queuedBytes += n;
    if (this.queuedBytes > this.stats.peakQueuedBytes) this.stats.peakQueuedBytes = this.queuedBytes;
    const gate = this.options.readGate;
    if (!gate) return;
    if (n > 0 && !gate.paused && this.queuedBytes > this.options.maxQueuedBytes) {
      this.stats.pauses++;
      gate.pause();
    } else if (n < 0 && gate.paused && this.queuedBytes <= this.options.maxQueuedBytes / 2) {
      gate.resume();
    }
  }

  /**
   * Includes the participant in the next cut even without updates, so that a
   * snapshot it wants taken describes a state in order with everything committed.
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
    // While a transaction is in flight, its completion schedules the next cut.
    if (!this.scheduled && !this.committing) {
      this.scheduled = true;
      // setImmediate runs after the I/O callbacks of this turn: everything that
      // arrived together is committed together.
      setImmediate(() => this.cut());
    }
  }

  /** Forgets updates queued (not yet being committed) for the participant: its state is no longer trusted. */
  discard(participant: CommitParticipant): void {
    const pending = this.queue.get(participant);
    if (!pending) return;
    this.queue.delete(participant);
    this.addQueuedBytes(-pending.updates.reduce((n, u) => n + u.update.byteLength, 0));
    this.tallyOf(participant).settled += pending.updates.length;
    // After the participant has closed (it discards on its way there): waiters see that.
    queueMicrotask(() => this.releaseSettled(participant));
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

  /** `whenQueuedCommitted` as a promise. */
  whenCommitted(participant: CommitParticipant): Promise<void> {
    return new Promise((resolve) => this.whenQueuedCommitted(participant, resolve));
  }

  /**
   * Runs `fn` once every update queued for the participant so far has been committed,
   * has failed or was discarded, even if more have been queued since: unlike `afterCommit`,
   * which waits for a moment with nothing queued at all, continuous typing cannot postpone it.
   * The one way to wait for part of the queue: a commit settles one list of callbacks.
   */
  whenQueuedCommitted(participant: CommitParticipant, fn: () => void): void {
    const tally = this.tallyOf(participant);
    if (tally.settled >= tally.enqueued) return fn();
    const list = this.settledWaiters.get(participant) ?? [];
    list.push({ upto: tally.enqueued, fn });
    this.settledWaiters.set(participant, list);
  }

  private tallyOf(participant: CommitParticipant): { enqueued: number; settled: number } {
    let tally = this.tally.get(participant);
    if (!tally) this.tally.set(participant, (tally = { enqueued: 0, settled: 0 }));
    return tally;
  }

  /** Runs the `whenQueuedCommitted` callbacks whose updates have all settled, in order. */
  private releaseSettled(participant: CommitParticipant): void {
    const list = this.settledWaiters.get(participant);
    if (!list) return;
    const settled = this.tallyOf(participant).settled;
    const ready = list.filter((w) => w.upto <= settled);
    if (ready.length === 0) return;
    const rest = list.filter((w) => w.upto > settled);
    if (rest.length > 0) this.settledWaiters.set(participant, rest);
    else this.settledWaiters.delete(participant);
    for (const w of ready) w.fn();
  }

  /** Settles when the transaction being committed now (if any) has committed or failed. */
  currentCommit(): Promise<void> {
    return this.inFlight;
  }

  /** Resolves when everything enqueued so far has been committed (or has failed), and every fold started has settled. */
  async drain(): Promise<void> {
    while (this.scheduled || this.committing || this.queue.size > 0 || this.inFlightParticipants.size > 0 || this.folds.size > 0) {
      if (this.scheduled || !this.committing) await new Promise<void>((r) => setImmediate(r));
      await this.inFlight;
      await Promise.all(this.folds.values());
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
      fold: this.folds.has(p.participant) ? null : p.participant.foldAtCut(p.updates.length),
      claims: p.participant.claimsAtCut(),
    }));
    for (const c of cuts) this.inFlightParticipants.add(c.participant);
    const updates: UpdateRecord[] = cuts.flatMap((c) => c.updates.map((u) => ({ docId: c.participant.docId, update: u.update })));
    const claims: ClientClaimRecord[] = cuts.flatMap((c) => c.claims.map((claim) => ({ docId: c.participant.docId, ...claim })));
    const bytes = updates.reduce((n, u) => n + u.update.byteLength, 0);
    this.committing = true;
    this.inFlight = (async () => {
      let error: unknown;
      let receipt: CommitReceipt | undefined;
      try {
        receipt = await this.store.commit({ updates, claims });
        this.stats.commits++;
        this.stats.updates += updates.length;
        if (this.folds.size > 0) this.stats.commitsDuringFolds++;
      } catch (err) {
        error = err;
      }
      this.committing = false;
      this.addQueuedBytes(-bytes);
      let offset = 0;
      for (const c of cuts) {
        this.inFlightParticipants.delete(c.participant);
        const seqs = receipt?.seqs.slice(offset, offset + c.updates.length) ?? [];
        offset += c.updates.length;
        if (error === undefined) {
          c.participant.committed({ stateVector: c.stateVector, updates: c.updates, seqs, claims: c.claims });
          if (c.fold) this.startFold(c.participant, c.fold, seqs);
        } else {
          c.participant.commitFailed(error);
          if (c.fold) c.participant.foldFailed({ updates: c.fold.updates, base: c.fold.base }, error);
        }
        this.tallyOf(c.participant).settled += c.updates.length;
        this.releaseSettled(c.participant);
        if (!this.hasPending(c.participant)) this.releaseWaiters(c.participant);
      }
      // Whatever was applied meanwhile is the next group.
      if (this.queue.size > 0) this.schedule();
    })();
  }

  /**
   * Once the snapshot is ready, writes the fold in its own transaction, off the
   * commit path; the participant hears how it went.
   */
  private startFold(participant: CommitParticipant, cut: FoldAtCut, seqs: number[]): void {
    // The snapshot holds the base and the cut's own updates, now logged at `seqs`.
    const fold: Fold = { updates: cut.updates, base: { ...cut.base, seqs: [...cut.base.seqs, ...seqs] } };
    const running = cut.snapshot
      .then((snapshot) => this.store.foldLog({ docId: participant.docId, snapshot, snapshotHandedOver: true, base: fold.base }))
      .then(
        (receipt) => {
          this.folds.delete(participant);
          this.stats.folds++;
          participant.folded(fold, receipt);
        },
        (err: unknown) => {
          this.folds.delete(participant);
          this.stats.foldFailures++;
          participant.foldFailed(fold, err);
        },
      );
    this.folds.set(participant, running);
  }

  private releaseWaiters(participant: CommitParticipant): void {
    const list = this.waiters.get(participant);
    if (!list) return;
    this.waiters.delete(participant);
    for (const fn of list) fn();
  }
}
