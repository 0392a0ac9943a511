/**
 * Where a checkpoint's heavy part runs (issue 18: "a checkpoint must not stall
 * live editing"). On the 150-page report, converting the document, hashing and
 * fingerprinting 1,600 blocks and evaluating their consensus held the event loop
 * 60–200 ms per checkpoint. Here it runs in one worker thread that keeps a
 * replica of each room a checkpoint was taken of: the room's updates are posted
 * to it as they happen (a few bytes per keystroke), and a checkpoint posts only
 * the votes, so what the event loop does per checkpoint is proportional to what
 * changed, not to the document (BENCHMARKS.md, "Version history").
 *
 * A room's replica is seeded with the room's full state once, at its first
 * checkpoint (one encoding of the document on the event loop per room load).
 * Until the worker has started, or if it fails, checkpoints run here as before:
 * slower for a person typing, never wrong. Messages to a worker are handled in
 * the order sent, so a capture sees exactly the updates posted before it.
 */
import { Worker } from 'node:worker_threads';
import * as Y from 'yjs';
import type { Room } from '../sync/room.js';
import type { Logger } from '../logger.js';
import { captureContent, type Captured, type CaptureInputs } from './capture-content.js';
import type { CaptureMessage, CaptureReply } from './capture-worker.js';
import type { PMJson } from './version-content.js';

/** What the runner did, for tests that check the event loop's share does not grow with the document. */
export interface CaptureStats {
  /** Captures computed on the event loop (worker not ready or failed). */
  inline: number;
  /** Captures computed by the worker. */
  worker: number;
  /** Bytes of room state and updates posted to the worker. */
  bytesPosted: number;
  /** Wordings (block JSON) the worker handed back. */
  wordingsReceived: number;
}

interface Waiting {
  resolve(c: Captured): void;
  reject(err: Error): void;
}

/** The worker's V8 heap: replicas of the loaded rooms a checkpoint was taken of. */
const WORKER_HEAP_MB = 1024;
/** A worker that keeps failing (cannot start, runs out of memory) is not started again after this many. */
const MAX_FAILURES = 3;

export class CaptureRunner {
  readonly stats: CaptureStats = { inline: 0, worker: 0, bytesPosted: 0, wordingsReceived: 0 };
  private worker: Worker | undefined;
  private ready = false;
  private readyWaiters: (() => void)[] = [];
  private readonly waiting = new Map<number, Waiting>();
  /** Replica key of each room seeded into the current worker. */
  private readonly replicas = new WeakMap<Room, { worker: Worker; key: number }>();
  /** Workers that failed; after MAX_FAILURES checkpoints stay on the event loop. */
  private failures = 0;
  private nextKey = 1;
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly log: Logger,
    /** False keeps every capture on the event loop (the CLI, which never takes one; the benchmark's comparison). */
    public inWorker = true,
  ) {}

  /**
   * A checkpoint's reading of `room` now. `docNow` converts it on the event loop
   * (used when the worker cannot); `known` holds the wording hashes already stored.
   * `onRead` is called at each moment the document is read, with nothing between
   * them: the last call is the moment the result is of (a second ask, or the event
   * loop after the worker failed, reads again, later).
   */
  async capture(
    room: Room,
    inputs: CaptureInputs,
    known: ReadonlySet<string>,
    docNow: () => PMJson,
    onRead: () => void = () => undefined,
  ): Promise<Captured> {
    const worker = this.ready && this.inWorker ? this.worker : undefined;
    if (!worker) {
      this.start();
      return this.inline(docNow, inputs, known, onRead);
    }
    try {
      let captured = await this.ask(worker, room, inputs, false, onRead);
      // A wording the store lacks came back without its JSON (an earlier version was not stored): ask for all.
      if (captured.blocks.some((b) => b.json === undefined && !known.has(b.hash)))
        captured = await this.ask(worker, room, inputs, true, onRead);
      for (const b of captured.blocks) if (b.json !== undefined) this.stats.wordingsReceived++;
      this.stats.worker++;
      return captured;
    } catch (err) {
      if (room.isClosed) throw err;
      this.log.warn({ err, docId: room.docId }, 'capture worker failed; checkpoint taken on the event loop');
      return this.inline(docNow, inputs, known, onRead);
    }
  }

  /** Resolves once the worker is ready (tests: checkpoints after this run in the worker). */
  whenReady(): Promise<void> {
    this.start();
    if (this.ready || !this.worker) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.stop(new Error('the server is stopping'));
    if (worker) await worker.terminate();
  }

  private inline(docNow: () => PMJson, inputs: CaptureInputs, known: ReadonlySet<string>, onRead: () => void): Captured {
    this.stats.inline++;
    onRead();
    return captureContent(docNow(), inputs, known);
  }

  /** The worker reads its replica when this message arrives: as of every update posted before it, i.e. now. */
  private ask(worker: Worker, room: Room, inputs: CaptureInputs, full: boolean, onRead: () => void): Promise<Captured> {
    const key = this.seed(worker, room);
    const id = this.nextId++;
    return new Promise<Captured>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.ref();
      onRead();
      this.post(worker, { type: 'capture', id, key, inputs, full });
    });
  }

  /** The room's replica in the worker: seeded with its state once, then fed every update. */
  private seed(worker: Worker, room: Room): number {
    const existing = this.replicas.get(room);
    if (existing?.worker === worker) return existing.key;
    const key = this.nextKey++;
    this.replicas.set(room, { worker, key });
    const state = Y.encodeStateAsUpdate(room.doc);
    this.stats.bytesPosted += state.byteLength;
    this.post(worker, { type: 'open', key, state });
    const onUpdate = (update: Uint8Array) => {
      if (this.worker !== worker) return room.doc.off('update', onUpdate);
      this.stats.bytesPosted += update.byteLength;
      this.post(worker, { type: 'update', key, update });
    };
    room.doc.on('update', onUpdate);
    room.doc.once('destroy', () => {
      room.doc.off('update', onUpdate);
      if (this.worker === worker) this.post(worker, { type: 'close', key });
    });
    return key;
  }

  private post(worker: Worker, message: CaptureMessage): void {
    worker.postMessage(message);
  }

  private start(): void {
    if (this.worker || this.closed || !this.inWorker || this.failures >= MAX_FAILURES) return;
    // Built (server/dist): the bundled worker next to this code; from the sources, the shared JavaScript
    // entry (workers/worker-boot.mjs) that registers tsx, then loads the TypeScript worker.
    const fromSources = import.meta.url.endsWith('.ts');
    const worker = new Worker(new URL(fromSources ? '../workers/worker-boot.mjs' : './capture-worker.js', import.meta.url), {
      execArgv: [],
      ...(fromSources ? { workerData: { entry: new URL('./capture-worker.ts', import.meta.url).href } } : {}),
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    this.worker = worker;
    worker.unref();
    worker.on('message', (m: CaptureReply) => {
      if ('ready' in m) {
        if (this.worker !== worker) return;
        this.ready = true;
        for (const w of this.readyWaiters.splice(0)) w();
        return;
      }
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) worker.unref();
      if (!w) return;
      if (m.ok) w.resolve(m.captured);
      else w.reject(new Error(m.message));
    });
    worker.on('error', (err) => {
      this.log.error({ err }, 'capture worker failed');
      if (this.worker === worker) this.stop(err);
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.stop(new Error('capture worker exited'));
    });
  }

  /** Forgets the worker: waiting captures fail (and run inline); rooms are seeded again into the next one. */
  private stop(err: Error): void {
    if (!this.closed) this.failures++;
    this.worker = undefined;
    this.ready = false;
    for (const w of this.readyWaiters.splice(0)) w();
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}
