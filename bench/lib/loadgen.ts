/**
 * The scenario's side of the load generator: starts the worker process on the
 * load-generator core and sends it commands (see loadgen-worker.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ClientSpec } from './clients.js';
import type { LatencySummary } from './stats.js';
import { LOADGEN_CORE, exited, spawnPinned } from './proc.js';
import { BENCH_DIR } from './targets.js';

export interface GeneratorHealth {
  /** Event-loop delay of the generator during the window. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** CPU time of the generator per wall time (1 = one core busy). */
  cpuShare: number;
}

export type Command =
  | {
      cmd: 'connect';
      writers: ClientSpec[];
      readers: ClientSpec[];
      topLevel: number;
      presence: boolean;
      seed: number;
      /**
       * Clients integrate every update into their own copy of the document, as a
       * stock client does (the old way, for comparison). Otherwise, once synced,
       * they record which edits arrived from the wire and leave their copy as it
       * was; the server sends and receives the same messages either way.
       */
      integrate?: boolean;
      caretIntervalMs?: number;
    }
  | {
      cmd: 'type';
      rate: number;
      warmupMs: number;
      durationMs: number;
      drainMs: number;
      /** Also report the slowest edit→receipt latency of the edits sent in each slice of this many ms of the window. */
      timelineMs?: number;
    }
  | { cmd: 'halt' }
  | { cmd: 'open'; spec: ClientSpec; topLevel: number; timeoutMs: number }
  | { cmd: 'hold'; specs: ClientSpec[]; topLevel: number }
  | { cmd: 'close' };

export interface TypeResult {
  edits: number;
  /** Client sockets closed during the window (a healthy run has none). */
  disconnects: number;
  /** How many sockets closed with each close code during the window. */
  closeCodes: Record<string, number>;
  windowMs: number;
  latency: LatencySummary;
  ack: LatencySummary;
  missing: number;
  generator: GeneratorHealth;
  /** Clients spread over several server processes: edits received on the writer's process, and on another one. */
  latencyByHop?: { local: LatencySummary; remote: LatencySummary };
  /** With timelineMs: the slowest latency (ms) of the edits sent in each slice of the window, in order (0: none sent). */
  timeline?: number[];
}

export interface WriterAcks {
  clientId: number;
  typed: number;
  acked: number | null;
  seenByPeer: number | null;
}

export interface OpenResult {
  ms: number;
  bytes: number;
  stateVector: Record<string, number>;
}

/**
 * A generator whose event loop lagged more than this (p99) measured itself, not
 * the server: such runs are discarded. 20 ms is 40% of the 50 ms p99 budget; on
 * a quiet 2-core machine the generator stays far below it. BENCH_LAG_LIMIT_MS overrides.
 */
export const GENERATOR_LAG_LIMIT_MS = Number(process.env.BENCH_LAG_LIMIT_MS ?? 20);

export function generatorLagged(h: GeneratorHealth): boolean {
  return h.loopDelayP99Ms > GENERATOR_LAG_LIMIT_MS;
}

export class LoadGenerator {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(event: string) => void>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (msg: { id?: number; result?: unknown; error?: string; event?: string }) => {
      if (msg.event) {
        for (const l of this.listeners) l(msg.event);
        return;
      }
      const p = this.pending.get(msg.id!);
      if (!p) return;
      this.pending.delete(msg.id!);
      if (msg.error) p.reject(new Error(`load generator: ${msg.error}`));
      else p.resolve(msg.result);
    });
    child.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`load generator exited (${code})`));
      this.pending.clear();
    });
  }

  static async start(): Promise<LoadGenerator> {
    // LOADGEN_NODE_ARGS: extra node flags for the generator only (e.g. --trace-gc, --cpu-prof) when profiling it.
    const extra = (process.env.LOADGEN_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawnPinned(LOADGEN_CORE, process.execPath, [...extra, '--import', 'tsx', join(BENCH_DIR, 'lib/loadgen-worker.ts')], {
      cwd: BENCH_DIR,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const gen = new LoadGenerator(child);
    await new Promise<void>((resolve, reject) => {
      const off = gen.on((e) => e === 'ready' && (off(), resolve()));
      child.once('exit', (code) => reject(new Error(`load generator exited before ready (${code})`)));
    });
    return gen;
  }

  on(listener: (event: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves on the next occurrence of `event`. */
  next(event: string): Promise<void> {
    return new Promise((resolve) => {
      const off = this.on((e) => e === event && (off(), resolve()));
    });
  }

  request<T>(command: Command): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, command });
    });
  }

  async stop(): Promise<void> {
    this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited(this.child);
    clearTimeout(timer);
  }
}
