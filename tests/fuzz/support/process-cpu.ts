/**
 * The CPU time a process has used, from Linux's /proc: what a server actually spent
 * working. A loaded machine stretches wall-clock time (the process waits for a core)
 * but not this, so "the server spent at most N ms of CPU before it answered" holds
 * on a busy CI machine as on a quiet one, and still fails when the server really was
 * busy with something else (an attacker's update) before it got to the answer.
 */
import { readFileSync } from 'node:fs';

/** /proc counts CPU time in USER_HZ ticks, which Linux's ABI fixes at 100 per second. */
const TICKS_PER_SECOND = 100;

/** User plus system CPU time of all the process's threads so far, in milliseconds (10 ms steps). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  // Field 3 (state) comes first, so utime (field 14) and stime (field 15) are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`unexpected /proc/${pid}/stat: ${stat}`);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** Runs `work` and says how long it took, in wall-clock time and in the CPU time process `pid` used meanwhile. */
export async function timedAgainst<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; wallMs: number; cpuMs: number }> {
  const cpuBefore = cpuMs(pid);
  const started = performance.now();
  const result = await work();
  return { result, wallMs: performance.now() - started, cpuMs: cpuMs(pid) - cpuBefore };
}
