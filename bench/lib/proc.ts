/**
 * Processes: spawn pinned to a core (taskset where present), read a process's
 * CPU time and resident memory from /proc, find a free port.
 */
import { spawn, execFileSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

let tasksetAvailable: boolean | undefined;
export function hasTaskset(): boolean {
  if (tasksetAvailable === undefined) {
    try {
      execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
      tasksetAvailable = true;
    } catch {
      tasksetAvailable = false;
    }
  }
  return tasksetAvailable;
}

/** The server gets core 0, the load generator core 1 (when the machine has two). */
export const SERVER_CORE = 0;
export const LOADGEN_CORE = 1;

/**
 * Spawns `command args` pinned to `core`; the child's pid is the command's own
 * (taskset and nice exec it). BENCH_NICE (e.g. -10) runs servers and generator
 * at that priority, so a machine shared with other work disturbs them less.
 */
export function spawnPinned(core: number | undefined, command: string, args: string[], options: SpawnOptions): ChildProcess {
  let argv = [command, ...args];
  if (core !== undefined && hasTaskset()) argv = ['taskset', '-c', String(core), ...argv];
  const nice = process.env.BENCH_NICE;
  if (nice && /^-?\d+$/.test(nice)) {
    argv = ['nice', '-n', nice, ...argv];
    raiseAutogroup(nice);
  }
  return spawn(argv[0]!, argv.slice(1), options);
}

/**
 * With autogroup scheduling (Linux default for desktop-like setups) a nice value
 * only ranks processes within their own session; the session's group competes
 * with other sessions at the group's nice. So set that too (our session only).
 */
function raiseAutogroup(nice: string): void {
  try {
    writeFileSync('/proc/self/autogroup', nice);
  } catch {
    // no autogroup scheduling here, or not permitted: plain nice is what we get
  }
}

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** User + system CPU time of a process so far, in ms (from /proc/PID/stat). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after "(comm)": state is field 3; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / ticksPerSecond();
}

/** Resident set size in MiB (from /proc/PID/status). */
export function processRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : NaN;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Resolves when the child has exited (immediately if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
