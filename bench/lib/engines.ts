/**
 * PostgreSQL and Redis for the scale scenario: the same throw-away instances the
 * tests start (tests/helpers/postgres.ts, redis.ts: free loopback port, temporary
 * directory, stopped and deleted at exit), here with PostgreSQL's fsync left on
 * (Concord on SQLite commits with synchronous=FULL), both moved to the server
 * core, and their CPU time and memory read from /proc.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { startPostgres, type PgCluster } from '../../tests/helpers/postgres.js';
import { startRedis, type TestRedis } from '../../tests/helpers/redis.js';
import { hasTaskset, SERVER_CORE } from './proc.js';

export type { PgCluster };

export async function startBenchPostgres(): Promise<PgCluster> {
  const pg = await startPostgres({ durable: true });
  const postmaster = pg.postmasterPid();
  // Backends are forked by the postmaster later and inherit its core and priority.
  toServerSide([postmaster, ...childrenOf(postmaster)], true);
  return pg;
}

export async function startBenchRedis(): Promise<TestRedis> {
  const redis = await startRedis();
  toServerSide([redis.pid()!], false);
  return redis;
}

/**
 * Pins processes (every thread) to the server core and, with BENCH_NICE, gives
 * them the servers' priority. pg_ctl starts the postmaster in a session of its
 * own, so under autogroup scheduling its group's nice is set too (ownSession).
 */
function toServerSide(pids: number[], ownSession: boolean): void {
  if (hasTaskset())
    for (const pid of pids) execFileSync('taskset', ['-a', '-p', '-c', String(SERVER_CORE), String(pid)], { stdio: 'ignore' });
  const nice = process.env.BENCH_NICE;
  if (!nice || !/^-?\d+$/.test(nice)) return;
  execFileSync('renice', ['-n', nice, '-p', ...pids.map(String)], { stdio: 'ignore' });
  if (ownSession) {
    try {
      writeFileSync(`/proc/${pids[0]}/autogroup`, nice);
    } catch {
      // no autogroup scheduling here: plain nice is what we get
    }
  }
}

interface Stat {
  ppid: number;
  /** utime + stime, and cutime + cstime (children reaped), in clock ticks. */
  own: number;
  reaped: number;
}

function stat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // exited meanwhile
  }
  // Fields after "(comm)": state is field 3, ppid 4, utime 14, stime 15, cutime 16, cstime 17.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) };
}

function childrenOf(parent: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    if (stat(Number(name))?.ppid === parent) out.push(Number(name));
  }
  return out;
}

let ticks: number | undefined;
const msPerTick = () => 1000 / (ticks ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100);

/**
 * CPU time (ms) a process and its children have used so far: its own, that of its
 * live children, and that of children it has reaped (a backend that ended). A
 * difference of two readings is the tree's CPU over the interval.
 */
export function treeCpuMs(root: number): number {
  const r = stat(root);
  if (!r) return NaN;
  let t = r.own + r.reaped;
  for (const child of childrenOf(root)) {
    const c = stat(child);
    if (c) t += c.own + c.reaped;
  }
  return t * msPerTick();
}

/**
 * Memory of a process and its live children in MiB, as PSS (proportional set
 * size): PostgreSQL's shared buffers are mapped by every backend, and RSS would
 * count them once per process.
 */
export function treePssMiB(root: number): number {
  let kib = 0;
  for (const pid of [root, ...childrenOf(root)]) {
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      kib += m ? Number(m[1]) : 0;
    } catch {
      // exited meanwhile
    }
  }
  return kib / 1024;
}
