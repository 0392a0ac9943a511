/**
 * The main thread's side of the SQLite writer (see sqlite-writer-worker.js):
 * hands each commit batch (and each fold) to the worker and resolves once its
 * transaction has committed. They are committed in the order they were handed over. If the
 * worker dies, every commit in flight fails (nothing of them was acknowledged)
 * and the next commit starts a new worker.
 */
import { Worker } from 'node:worker_threads';
import type { CommitBatch, CommitReceipt, FoldReceipt, FoldRecord } from './types.js';
import { StoreError } from './types.js';

export interface SqliteWriterOptions {
  synchronous?: 'full' | 'normal';
  /** Tests only: time spent inside every commit, to simulate a slow disk. */
  commitDelayMs?: number;
  /** Tests only: while closed, every commit waits inside the worker (a disk that does not answer). */
  commitGate?: CommitGate;
}

/**
 * Tests only: a door every commit passes in the worker thread before its transaction.
 * Closed, it holds them for as long as the test needs (no fixed delay to outlast),
 * so a test can observe or kill the server "between sending and committing" for sure.
 */
export class CommitGate {
  /** [0]: 1 while closed; [1]: commits waiting at it now. Shared with the worker, not copied. */
  readonly cells = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));

  close(): void {
    Atomics.store(this.cells, 0, 1);
  }

  open(): void {
    Atomics.store(this.cells, 0, 0);
    Atomics.notify(this.cells, 0);
  }

  /** Commits the worker holds at the gate now. */
  get waiting(): number {
    return Atomics.load(this.cells, 1);
  }
}

interface Reply {
  id: number;
  ok: boolean;
  receipt?: CommitReceipt | FoldReceipt;
  message?: string;
  missingDoc?: boolean;
}

export class SqliteWriter {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly inFlight = new Map<number, { resolve: (receipt: never) => void; reject: (err: unknown) => void }>();
  /** Settles when every commit handed over so far has settled. */
  private settled: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Transactions committed by the worker (a counter for tests and metrics). */
  commits = 0;

  constructor(
    private readonly file: string,
    private readonly options: SqliteWriterOptions = {},
  ) {}

  commit(batch: CommitBatch, at: string): Promise<CommitReceipt> {
    return this.send<CommitReceipt>({ batch, at });
  }

  /**
   * A snapshot handed over is moved to the worker, not copied (copying the 150-page
   * report's 800 KB held the event loop for 10–20 ms in the stall probe).
   */
  fold(fold: FoldRecord): Promise<FoldReceipt> {
    const { snapshot, snapshotHandedOver, ...rest } = fold;
    const movable =
      snapshotHandedOver &&
      snapshot.buffer instanceof ArrayBuffer &&
      snapshot.byteOffset === 0 &&
      snapshot.byteLength === snapshot.buffer.byteLength;
    return this.send<FoldReceipt>({ fold: { ...rest, snapshot } }, movable ? [snapshot.buffer] : []);
  }

  private send<R>(work: { batch: CommitBatch; at: string } | { fold: FoldRecord }, transfer: ArrayBuffer[] = []): Promise<R> {
    if (this.closed) return Promise.reject(new StoreError('the database is closed', 'io'));
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    const done = new Promise<R>((resolve, reject) => {
      this.inFlight.set(id, { resolve: resolve as (receipt: never) => void, reject });
      // A batch's updates are copied, not transferred: the room still broadcasts these bytes after the commit.
      worker.postMessage({ id, ...work }, transfer);
    });
    this.settled = Promise.allSettled([this.settled, done]);
    return done;
  }

  /** Waits for the commits in flight, then closes the worker's connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    await this.settled;
    if (this.worker !== worker) return; // it died meanwhile
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.postMessage({ close: true });
    });
  }

  /**
   * Stops the worker at once, as a crash would: commits in flight fail (none of
   * them was acknowledged) and the next commit starts a new worker. For tests of
   * that path; a transaction cut off mid-way is rolled back by SQLite.
   */
  async terminate(): Promise<void> {
    await this.worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(new URL('./sqlite-writer-worker.js', import.meta.url), {
      workerData: {
        file: this.file,
        synchronous: this.options.synchronous ?? 'full',
        commitDelayMs: this.options.commitDelayMs ?? 0,
        gate: this.options.commitGate?.cells,
      },
    });
    worker.on('message', (reply: Reply) => {
      const waiting = this.inFlight.get(reply.id);
      if (!waiting) return;
      this.inFlight.delete(reply.id);
      if (reply.ok) {
        this.commits++;
        waiting.resolve(reply.receipt as never);
      } else {
        waiting.reject(new StoreError(reply.message ?? 'commit failed', reply.missingDoc ? 'not_found' : 'io'));
      }
    });
    const failAll = (err: unknown) => {
      if (this.worker === worker) this.worker = undefined;
      const waiting = [...this.inFlight.values()];
      this.inFlight.clear();
      for (const w of waiting)
        w.reject(err instanceof StoreError ? err : new StoreError(`the database writer stopped: ${String(err)}`, 'io'));
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new StoreError(`the database writer exited (${code})`, 'io')));
    // The worker must not keep the process alive on its own (the CLI exits when done).
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
