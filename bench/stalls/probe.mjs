// @ts-check
/**
 * Loaded into a server under test (`node --import …/probe.mjs`, see
 * lib/targets.ts, BENCH_STALL_PROBE) to record where its event loop stalls:
 * the event-loop delay histogram, every gap of more than STALL_MS between two
 * ticks of a short timer (a stall, whatever caused it), and every GC pause.
 * Recording covers the editing window only: the scenario sends SIGUSR2 when
 * the window starts and again when it ends (lib/session.ts). At exit the record
 * is written as JSON next to the process's CPU profile (`--cpu-prof`), which
 * stalls/analyse.ts reads together with it to tell what ran in each stall.
 *
 * Plain JavaScript: the Concord server runs from its build, without tsx.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver, constants } from 'node:perf_hooks';

/** A gap between two ticks longer than this (on top of the tick interval) is a stall. */
const STALL_MS = 8;
const TICK_MS = 2;
/** GC pauses shorter than this are only counted. */
const GC_LIST_MS = 2;

const dir = process.env.STALL_PROBE_DIR;
const label = process.env.STALL_PROBE_LABEL ?? 'server';

/** @typedef {{ atMs: number, ms: number }} Stall */
/** @typedef {{ atMs: number, ms: number, kind: string }} GcPause */

const GC_KINDS = new Map([
  [constants.NODE_PERFORMANCE_GC_MINOR, 'scavenge'],
  [constants.NODE_PERFORMANCE_GC_MAJOR, 'mark-compact'],
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL, 'incremental marking'],
  [constants.NODE_PERFORMANCE_GC_WEAKCB, 'weak callbacks'],
]);

if (dir) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  /** @type {{ startMs: number, endMs: number } | null} */
  let window = null;
  let recording = false;
  /** @type {Stall[]} */
  const stalls = [];
  /** @type {GcPause[]} */
  const gcPauses = [];
  /** @type {Record<string, { count: number, totalMs: number, maxMs: number }>} */
  const gcTotals = {};

  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    const gap = now - last - TICK_MS;
    if (recording && gap > STALL_MS) stalls.push({ atMs: last, ms: gap });
    last = now;
  }, TICK_MS);
  ticker.unref();

  const gc = new PerformanceObserver((list) => {
    if (!recording) return;
    for (const entry of list.getEntries()) {
      // GC entries carry their kind in `detail` (not in this @types/node's PerformanceEntry).
      const detail = /** @type {{ detail?: { kind?: number } }} */ (/** @type {unknown} */ (entry)).detail;
      const kind = GC_KINDS.get(detail?.kind ?? -1) ?? 'other';
      const t = (gcTotals[kind] ??= { count: 0, totalMs: 0, maxMs: 0 });
      t.count++;
      t.totalMs += entry.duration;
      t.maxMs = Math.max(t.maxMs, entry.duration);
      if (entry.duration >= GC_LIST_MS) gcPauses.push({ atMs: entry.startTime, ms: entry.duration, kind });
    }
  });
  gc.observe({ entryTypes: ['gc'] });

  process.on('SIGUSR2', () => {
    if (!recording && window === null) {
      window = { startMs: performance.now(), endMs: NaN };
      recording = true;
      delay.reset();
      delay.enable();
      last = performance.now();
    } else if (recording && window) {
      window.endMs = performance.now();
      recording = false;
      delay.disable();
    }
  });

  process.on('exit', () => {
    if (!window) return;
    if (recording) {
      window.endMs = performance.now();
      delay.disable();
    }
    const record = {
      label,
      pid: process.pid,
      // CPU profiles time their samples in µs on the monotonic clock; performance.now() is ms since timeOrigin.
      monotonicUsAtTimeOrigin: Number(process.hrtime.bigint() / 1000n) - performance.now() * 1000,
      window,
      loopDelayMs: {
        mean: delay.mean / 1e6,
        p50: delay.percentile(50) / 1e6,
        p90: delay.percentile(90) / 1e6,
        p99: delay.percentile(99) / 1e6,
        p999: delay.percentile(99.9) / 1e6,
        max: delay.max / 1e6,
      },
      stalls,
      gcPauses,
      gcTotals,
    };
    writeFileSync(join(dir, `stalls-${label}-${process.pid}.json`), JSON.stringify(record));
  });
}
