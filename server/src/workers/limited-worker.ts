/**
 * One worker thread with a heap limit and a time limit per job: the machinery
 * behind imports (import/import-runner.ts) and exports (publish/export-runner.ts),
 * so that converting or rendering a large file never runs on the server's event
 * loop (a 23 KB DOCX of 100 000 empty paragraphs once stalled every other request
 * for 28 s; a 150-page PDF held it for 2-9 s). The worker is started on the first
 * job (loading its libraries takes a few seconds), kept while jobs keep coming,
 * and replaced when a job exceeds a limit. Jobs run one at a time; a few more may
 * wait, the rest are refused.
 */
import { Worker } from 'node:worker_threads';

export interface WorkerLimits {
  /** Wall-clock time one job may take in the worker (from when the worker is ready). */
  timeMs: number;
  /** The worker's V8 heap limit. */
  heapMb: number;
  /** Jobs waiting behind the one running; more are refused. */
  maxWaiting: number;
  /** A worker idle this long is stopped (its memory given back). */
  idleMs: number;
}

/** The errors a caller gets when a job cannot run or breaks a limit; each names the job for a person to read. */
export interface WorkerErrors<Job> {
  busy(): Error;
  overTime(job: Job): Error;
  overMemory(job: Job): Error;
  crashed(job: Job | undefined): Error;
}

/** A job as the caller gives it (the runner adds the id); distributes over a union of job kinds. */
export type WithoutId<Job> = Job extends unknown ? Omit<Job, 'id'> : never;

interface Pending<Job, Result> {
  job: Job;
  resolve(result: Result): void;
  reject(err: Error): void;
}

/** Jobs and answers carry the id the runner gave the job; the worker posts `{ready: true}` once, then one answer per job. */
export class LimitedWorker<Job extends { id: number }, Result extends { id: number }> {
  private worker?: Worker;
  private ready?: Promise<void>;
  private running?: { pending: Pending<Job, Result>; timer?: NodeJS.Timeout };
  private readonly waiting: Pending<Job, Result>[] = [];
  private idleTimer?: NodeJS.Timeout;
  private nextId = 1;
  private closed = false;

  /**
   * @param entry the worker module: a `.ts` file (run from the sources, through
   *   worker-boot.mjs) or the bundled `.js` next to server/dist/main.js.
   * @param onStart called when a job is handed to the ready worker (for logs).
   */
  constructor(
    private readonly entry: URL,
    readonly limits: WorkerLimits,
    private readonly errors: WorkerErrors<Job>,
    private readonly onStart?: (job: Job) => void,
  ) {}

  /** Runs one job; rejects with one of `errors`, or resolves with the worker's answer (which may itself report a failure). */
  run(job: WithoutId<Job>): Promise<Result> {
    if (this.closed || this.waiting.length >= this.limits.maxWaiting) return Promise.reject(this.errors.busy());
    const withId = { ...job, id: this.nextId++ } as unknown as Job;
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ job: withId, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.waiting.splice(0)) p.reject(this.errors.busy());
    this.fail(this.errors.busy());
    clearTimeout(this.idleTimer);
  }

  private pump(): void {
    if (this.running || this.waiting.length === 0 || this.closed) return;
    clearTimeout(this.idleTimer);
    const pending = this.waiting.shift()!;
    const worker = this.ensureWorker();
    const ready = this.ready!;
    worker.ref();
    this.running = { pending };
    // The time limit starts once the worker is ready: loading it is not the job's fault.
    void ready.then(
      () => {
        if (this.running?.pending !== pending || this.worker !== worker) return;
        this.running.timer = setTimeout(() => this.fail(this.errors.overTime(pending.job)), this.limits.timeMs);
        worker.postMessage(pending.job);
        this.onStart?.(pending.job);
      },
      () => {},
    );
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // From the sources: a plain JavaScript entry that registers tsx, then loads the TypeScript module.
    const fromSources = this.entry.pathname.endsWith('.ts');
    const worker = new Worker(fromSources ? new URL('./worker-boot.mjs', import.meta.url) : this.entry, {
      execArgv: [],
      workerData: { entry: this.entry.href },
      resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 },
    });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: { ready: true } | Result) => {
        if ('ready' in message) return resolve();
        this.finish(message);
      });
      worker.on('error', (err: Error & { code?: string }) => {
        reject(err);
        if (this.worker !== worker) return;
        const job = this.running?.pending.job;
        this.fail(err.code === 'ERR_WORKER_OUT_OF_MEMORY' && job ? this.errors.overMemory(job) : this.errors.crashed(job));
      });
      worker.on('exit', () => {
        reject(new Error('worker exited'));
        if (this.worker === worker) this.fail(this.errors.crashed(this.running?.pending.job));
      });
    });
    this.ready.catch(() => {});
    return worker;
  }

  private finish(result: Result): void {
    const running = this.running;
    if (!running || running.pending.job.id !== result.id) return;
    clearTimeout(running.timer);
    this.running = undefined;
    running.pending.resolve(result);
    this.afterJob();
  }

  /** The running job broke a limit or the worker died: stop the worker, fail that job, go on with the next. */
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
    this.idleTimer = setTimeout(() => this.fail(this.errors.busy()), this.limits.idleMs);
    this.idleTimer.unref();
    this.worker.unref();
  }
}
