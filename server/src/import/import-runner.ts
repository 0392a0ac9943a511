/**
 * Imports run off the event loop, in one worker thread with a heap limit and a
 * time limit per file: a 23 KB DOCX of 100 000 empty paragraphs once stalled
 * every other request and socket for 28 s and took 1.7 GiB. The worker is
 * started on the first import (loading the converters takes a few seconds),
 * kept while imports keep coming, and replaced when a file exceeds a limit.
 * Files are converted one at a time; a few more may wait, the rest are refused.
 */
import { DomainError } from '../domain/domain-error.js';
import { Worker } from 'node:worker_threads';
import { ImportError } from './import-error.js';
import type { ImportFormat } from './detect.js';
import type { ImportJob, ImportJobResult } from './import-worker.js';
import { MAX_IMPORT_BLOCKS } from './import-shape.js';
import { MAX_NESTING_DEPTH } from '../sync/nesting-depth.js';

export interface ImportLimits {
  /** Wall-clock time one file may take in the worker. */
  timeMs: number;
  /** The worker's V8 heap limit. */
  heapMb: number;
  maxBlocks: number;
  /** Files waiting behind the one being converted; more are refused (503). */
  maxWaiting: number;
  /** A worker idle this long is stopped (its memory given back). */
  idleMs: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  timeMs: 20_000,
  heapMb: 512,
  maxBlocks: MAX_IMPORT_BLOCKS,
  maxWaiting: 4,
  idleMs: 60_000,
};

/** Every import worker slot is taken: 503 with Retry-After 5. */
export class ImportBusyError extends DomainError {
  constructor() {
    super('busy', 'the importer is busy; try again shortly', undefined, 5);
    this.name = 'ImportBusyError';
  }
}

export type ImportOutcome = Extract<ImportJobResult, { ok: true }>;

interface Pending {
  job: ImportJob;
  resolve(result: ImportOutcome): void;
  reject(err: Error): void;
}

export class ImportRunner {
  private worker?: Worker;
  private ready?: Promise<void>;
  private running?: { pending: Pending; timer?: NodeJS.Timeout };
  private readonly waiting: Pending[] = [];
  private idleTimer?: NodeJS.Timeout;
  private nextId = 1;
  private closed = false;

  constructor(private readonly limits: ImportLimits = DEFAULT_IMPORT_LIMITS) {}

  /** Converts a file to a new document's Yjs update; rejects with ImportError or ImportBusyError. */
  run(input: { filename: string; bytes: Uint8Array; format?: ImportFormat }): Promise<ImportOutcome> {
    if (this.closed) return Promise.reject(new ImportBusyError());
    if (this.waiting.length >= this.limits.maxWaiting) return Promise.reject(new ImportBusyError());
    const job: ImportJob = { id: this.nextId++, ...input, maxBlocks: this.limits.maxBlocks, maxDepth: MAX_NESTING_DEPTH };
    return new Promise<ImportOutcome>((resolve, reject) => {
      this.waiting.push({ job, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.waiting.splice(0)) p.reject(new ImportBusyError());
    this.fail(new ImportBusyError());
    clearTimeout(this.idleTimer);
  }

  private pump(): void {
    if (this.running || this.waiting.length === 0 || this.closed) return;
    clearTimeout(this.idleTimer);
    const pending = this.waiting.shift()!;
    const worker = this.ensureWorker();
    const ready = this.ready!;
    // The time limit starts once the worker is ready: loading it is not the file's fault.
    worker.ref();
    this.running = { pending };
    void ready.then(
      () => {
        if (this.running?.pending !== pending || this.worker !== worker) return;
        this.running.timer = setTimeout(() => {
          this.fail(
            new ImportError(
              'too_large',
              `"${pending.job.filename}" took longer than ${this.limits.timeMs / 1000} s to import; that is the limit.`,
            ),
          );
        }, this.limits.timeMs);
        worker.postMessage(pending.job);
      },
      () => {},
    );
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // Built (server/dist): the bundled worker next to this code. From the sources: a
    // plain JavaScript entry that registers tsx, then loads the TypeScript worker.
    const fromSources = import.meta.url.endsWith('.ts');
    const worker = new Worker(new URL(fromSources ? './import-worker-boot.mjs' : './import-worker.js', import.meta.url), {
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 },
    });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: { ready: true } | ImportJobResult) => {
        if ('ready' in message) return resolve();
        this.finish(message);
      });
      worker.on('error', (err: Error & { code?: string }) => {
        reject(err);
        if (this.worker !== worker) return;
        const job = this.running?.pending.job;
        const name = job ? `"${job.filename}"` : 'The file';
        this.fail(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ImportError('too_large', `${name} needed more than ${this.limits.heapMb} MB of memory to import; that is the limit.`)
            : new ImportError('malformed', `${name} could not be imported.`),
        );
      });
      worker.on('exit', () => {
        reject(new Error('import worker exited'));
        if (this.worker === worker) this.fail(new ImportError('malformed', 'The import stopped unexpectedly.'));
      });
    });
    this.ready.catch(() => {});
    return worker;
  }

  private finish(result: ImportJobResult): void {
    const running = this.running;
    if (!running || running.pending.job.id !== result.id) return;
    clearTimeout(running.timer);
    this.running = undefined;
    if (result.ok) running.pending.resolve(result);
    else if (result.error.code === 'internal') running.pending.reject(new Error(result.error.message));
    else running.pending.reject(new ImportError(result.error.code, result.error.message));
    this.afterJob();
  }

  /** The running file broke a limit or the worker died: stop the worker, fail that file, go on with the next. */
  private fail(err: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (worker) void worker.terminate();
    const running = this.running;
    this.running = undefined;
    if (running) {
      clearTimeout(running.timer);
      running.pending.reject(err);
    }
    this.afterJob();
  }

  private afterJob(): void {
    if (this.waiting.length > 0) return this.pump();
    clearTimeout(this.idleTimer);
    if (!this.worker) return;
    this.idleTimer = setTimeout(() => this.fail(new ImportBusyError()), this.limits.idleMs);
    this.idleTimer.unref();
    this.worker.unref();
  }
}
