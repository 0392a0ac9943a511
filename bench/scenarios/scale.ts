/**
 * Scale (issue 20): the steady-editing load (20 writers at ~5 keystrokes/s with
 * presence, 30 readers, the 150-page report) against three layouts of Concord,
 * side by side in one run:
 *
 *   sqlite  one process on embedded SQLite (the default)
 *   pg      one process on PostgreSQL + Redis
 *   pg3     three processes on one PostgreSQL + one Redis, writers and readers
 *           round-robin over them: an edit from a writer on process A reaches a
 *           reader on process B through A's PostgreSQL commit and Redis
 *
 * Reports edit→remote latency (all pairs, and cross-process pairs apart), the
 * CPU per edit of Concord, PostgreSQL (postmaster and backends) and Redis, their
 * memory, and each layout against the SQLite one. Everything server-side shares
 * the server core; the generator has the other. PostgreSQL runs with fsync on.
 *
 * Run: pnpm -C bench scale [--full] [--reps N] [--window S] [--layouts sqlite,pg,pg3] [--keep] [--tag NAME]
 *
 * PostgreSQL 15+ (initdb, pg_ctl) and redis-server must be installed (see
 * tests/helpers/postgres.ts, redis.ts). Ctrl+C or a failure stops every process
 * the scenario started and deletes its temporary directories.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { LoadGenerator } from '../lib/loadgen.js';
import { alternating, log, parseArgs, saveResults, workspace } from '../lib/run.js';
import { LAYOUT_NAMES, Layouts, liveServers, type Layout } from '../lib/scale-layouts.js';
import { scaleTables, type ScaleRun } from '../lib/scale-summary.js';
import { scaleWindow } from '../lib/scale-window.js';
import { STEADY } from '../lib/session.js';

const argv = process.argv.slice(2);
const value = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const options = { ...parseArgs(argv, { reps: 3, fullReps: 5 }), targets: ['concord' as const] };
const layouts = (value('--layouts')?.split(',') ?? LAYOUT_NAMES) as Layout[];
for (const l of layouts) if (!LAYOUT_NAMES.includes(l)) throw new Error(`unknown layout ${l}; use ${LAYOUT_NAMES.join(', ')}`);
const windowS = value('--window');
const timing = {
  warmupMs: options.full ? 5_000 : 3_000,
  durationMs: windowS ? Number(windowS) * 1000 : options.full ? 60_000 : 10_000,
  drainMs: 2_000,
};

/** Slices of the window in which the slowest latency is kept (results file only): shows whether the tail is a few stalls. */
const TIMELINE_MS = 250;

const ws = workspace(options);
// Ctrl+C or kill: exit, which runs the exit hooks below and those of the PostgreSQL and Redis starters.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)
  process.once(signal, () => {
    log(`${signal}: stopping every process this scenario started`);
    process.exit(code);
  });
process.once('exit', () => {
  for (const s of liveServers) {
    try {
      process.kill(s.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  ws.dispose();
});

/** What else the shared machine was doing: load average and the busiest processes over one second. */
function machineLoad() {
  let busiest: string[] = [];
  try {
    const out = execFileSync('top', ['-b', '-c', '-n', '2', '-d', '1', '-w', '200'], { encoding: 'utf8' });
    const lastFrame = out.slice(out.lastIndexOf('top - '));
    busiest = lastFrame.split('\n').slice(6, 18);
  } catch {
    // no top: the load average alone
  }
  return { at: new Date().toISOString(), loadavg: readFileSync('/proc/loadavg', 'utf8').trim(), busiest };
}

const before = machineLoad();
log(`load ${before.loadavg}`);
const bench = new Layouts({ seedFile: ws.seedFile, docs: 1, writers: STEADY.writers, readers: STEADY.readers }, (label) =>
  ws.runDir(label),
);
const runs: (ScaleRun & { loadavgAtStart: string; connectMs: number })[] = [];
try {
  for (const { rep, target: layout } of alternating(layouts, options.reps)) {
    const running = await bench.up(layout);
    const gen = await LoadGenerator.start();
    try {
      const loadavgAtStart = readFileSync('/proc/loadavg', 'utf8').trim();
      const { connectMs } = await gen.request<{ connectMs: number }>({
        cmd: 'connect',
        writers: Array.from({ length: STEADY.writers }, (_, i) => running.spec('writer', i)),
        readers: Array.from({ length: STEADY.readers }, (_, i) => running.spec('reader', i)),
        topLevel: ws.topLevel,
        presence: true,
        integrate: options.integrate,
        seed: 1000 * rep + 1,
      });
      const r = await scaleWindow(running, gen, { rate: STEADY.rate, ...timing, timelineMs: TIMELINE_MS });
      runs.push({ layout, rep, loadavgAtStart, connectMs, ...r });
      const cross =
        r.latencyByHop && running.servers.length > 1
          ? ` (cross-process p50 ${r.latencyByHop.remote.p50.toFixed(1)} p99 ${r.latencyByHop.remote.p99.toFixed(1)})`
          : '';
      const cpu = Object.entries(r.parts)
        .map(([name, u]) => `${name} ${u.cpuUsPerEdit.toFixed(0)}`)
        .join(', ');
      log(
        `scale ${layout} rep ${rep}: ${r.editsPerSec.toFixed(0)} edits/s p50 ${r.latency.p50.toFixed(1)} p99 ${r.latency.p99.toFixed(1)} ms${cross}; CPU µs/edit ${cpu}, total ${r.total.cpuUsPerEdit.toFixed(0)}; missing ${r.missing}, disconnects ${r.disconnects};${r.compactions !== undefined ? ` ${r.compactions} compactions;` : ''} generator lag p99 ${r.generator.loopDelayP99Ms.toFixed(1)} ms${r.lagged ? ' (LAGGED: discarded)' : ''}; load ${loadavgAtStart}`,
      );
    } finally {
      await gen.stop();
      await running.stop();
    }
  }
} finally {
  await bench.dispose();
}
const after = machineLoad();
const tables = scaleTables(runs, layouts);
console.log(`\n${tables}\n`);
log(
  'wrote',
  saveResults('scale', options, ws, {
    load: { ...STEADY, presencePerKeystroke: true, ...timing },
    layouts,
    machine: { before, after },
    runs,
    tables,
  }),
);
