/**
 * What ran in each event-loop stall of a server under test: reads what
 * stalls/probe.mjs recorded (stalls and GC pauses of the editing window) with the
 * CPU profiles of the same process (main thread and workers), and prints, per
 * server process, the loop-delay histogram, the causes of the stalls summed, and
 * the longest stalls one by one with the frames that held the main thread.
 *
 *   BENCH_STALL_PROBE=/tmp/stalls pnpm -C bench steady --reps 1
 *   pnpm -C bench stalls /tmp/stalls [--top 20] [--json out.json]
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProbeRecord {
  label: string;
  pid: number;
  monotonicUsAtTimeOrigin: number;
  window: { startMs: number; endMs: number };
  loopDelayMs: Record<'mean' | 'p50' | 'p90' | 'p99' | 'p999' | 'max', number>;
  stalls: { atMs: number; ms: number }[];
  gcPauses: { atMs: number; ms: number; kind: string }[];
  gcTotals: Record<string, { count: number; totalMs: number; maxMs: number }>;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** One sample of a thread: when (µs, monotonic), for how long, and the stack (innermost first). */
interface Sample {
  atUs: number;
  us: number;
  stack: ProfileNode[];
}

/** The probe's timer ticks every 2 ms: a stall is the gap plus one tick. */
const PROBE_TICK_MS = 2;
/** Samples further apart than this were not taken on time: the thread (or the whole process) was off the CPU. */
const SAMPLE_SLACK_US = 3000;

/** The process's CPU profiles by thread id (0 is the main thread); file names are CPU.<date>.<time>.<pid>.<tid>.<seq>.cpuprofile. */
function profilesOf(dir: string, files: string[], pid: number): Map<number, Sample[]> {
  const threads = new Map<number, Sample[]>();
  for (const f of files) {
    const m = /^CPU\.\d+\.\d+\.(\d+)\.(\d+)\.\d+\.cpuprofile$/.exec(f);
    if (!m || Number(m[1]) !== pid) continue;
    threads.set(Number(m[2]), samplesOf(JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile));
  }
  return threads;
}

function samplesOf(profile: CpuProfile): Sample[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, ProfileNode>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const stacks = new Map<number, ProfileNode[]>();
  const stackOf = (id: number) => {
    let s = stacks.get(id);
    if (!s) {
      s = [];
      for (let n = byId.get(id); n && n.callFrame.functionName !== '(root)'; n = parent.get(n.id)) s.push(n);
      stacks.set(id, s);
    }
    return s;
  };
  const samples: Sample[] = [];
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    // A sample stands for the time until the next one.
    const next = profile.timeDeltas[i + 1] ?? 1000;
    samples.push({ atUs: t, us: next, stack: stackOf(profile.samples[i]!) });
  }
  return samples;
}

const frameName = (n: ProfileNode) => {
  const { functionName, url, lineNumber } = n.callFrame;
  const file = url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, '');
  const where = file ? ` ${file.replace(/^.*\/(server|bench|shared)\//, '$1/')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'}${where}`;
};
/** The server's own code (Concord's build or sources, the peers' bench scripts), not a library's. */
const isOwnCode = (n: ProfileNode) =>
  /\/(server\/(dist|src)|shared\/src|bench\/servers)\//.test(n.callFrame.url) && !n.callFrame.url.includes('node_modules');

/** The innermost frame of the server's own code; an anonymous one (a callback) with the named function it is in. */
function ownFrameName(stack: ProfileNode[]): string | undefined {
  const at = stack.findIndex(isOwnCode);
  if (at < 0) return undefined;
  const own = stack[at]!;
  if (own.callFrame.functionName) return frameName(own);
  const named = stack.slice(at + 1).find((n) => isOwnCode(n) && n.callFrame.functionName);
  return named ? `${named.callFrame.functionName} › ${frameName(own)}` : frameName(own);
}

interface Slice {
  /** Time of the span by what the thread was doing (idle, GC, JS with its innermost frame). */
  selfMs: Map<string, number>;
  /** Time by the innermost frame of the server's own code on the stack. */
  ownMs: Map<string, number>;
  busyMs: number;
  idleMs: number;
  gcMs: number;
  /** Time no sample covers: the thread was not running (descheduled, or the core busy elsewhere). */
  unsampledMs: number;
}

function slice(samples: Sample[] | undefined, fromUs: number, toUs: number): Slice {
  const s: Slice = { selfMs: new Map(), ownMs: new Map(), busyMs: 0, idleMs: 0, gcMs: 0, unsampledMs: 0 };
  if (!samples) return s;
  const add = (m: Map<string, number>, k: string, ms: number) => m.set(k, (m.get(k) ?? 0) + ms);
  for (const sample of samples) {
    const start = Math.max(sample.atUs, fromUs);
    const end = Math.min(sample.atUs + sample.us, toUs);
    if (end <= start) continue;
    const covered = Math.min(end, sample.atUs + SAMPLE_SLACK_US) - start;
    if (covered > 0) {
      const ms = covered / 1000;
      const self = sample.stack[0];
      const name = self?.callFrame.functionName ?? '(idle)';
      if (name === '(idle)') s.idleMs += ms;
      else {
        s.busyMs += ms;
        if (name === '(garbage collector)') s.gcMs += ms;
        add(s.selfMs, self ? frameName(self) : name, ms);
        add(s.ownMs, ownFrameName(sample.stack) ?? (name.startsWith('(') ? name : '(library code only)'), ms);
      }
    }
    const missed = (end - start - Math.max(0, covered)) / 1000;
    if (missed > 0) s.unsampledMs += missed;
  }
  return s;
}

const topOf = (m: Map<string, number>, n: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => ({ name, ms: round(ms) }));
const round = (x: number) => Math.round(x * 10) / 10;

interface StallReport {
  atS: number;
  ms: number;
  gcPauseMs: number;
  main: { busyMs: number; gcMs: number; idleMs: number; unsampledMs: number };
  workersBusyMs: number;
  cause: string;
  ownFrames: { name: string; ms: number }[];
  selfFrames: { name: string; ms: number }[];
}

/**
 * One cause per stall: the GC when its pauses make up half of it; the main thread
 * off the CPU when it was mostly not sampled or idle (another thread or process
 * had the core); otherwise the innermost own-code frame that ran longest.
 */
function causeOf(r: Omit<StallReport, 'cause'>, main: Slice): string {
  if (r.gcPauseMs >= r.ms / 2 || main.gcMs >= r.ms / 2) return 'GC pause';
  if (main.busyMs < r.ms / 2) return r.workersBusyMs >= r.ms / 4 ? 'off CPU: a worker thread had the core' : 'off CPU (descheduled)';
  return topOf(main.ownMs, 1)[0]?.name ?? 'unknown';
}

function analyse(probe: ProbeRecord, threads: Map<number, Sample[]>) {
  const us = (ms: number) => probe.monotonicUsAtTimeOrigin + ms * 1000;
  const main = threads.get(0);
  const workers = [...threads].filter(([tid]) => tid !== 0);
  const stalls: StallReport[] = probe.stalls.map((stall) => {
    const from = stall.atMs;
    const to = stall.atMs + stall.ms + PROBE_TICK_MS;
    const m = slice(main, us(from), us(to));
    const gcPauseMs = probe.gcPauses.reduce((sum, g) => sum + Math.max(0, Math.min(to, g.atMs + g.ms) - Math.max(from, g.atMs)), 0);
    const workersBusyMs = workers.reduce((sum, [, samples]) => sum + slice(samples, us(from), us(to)).busyMs, 0);
    const partial = {
      atS: round((from - probe.window.startMs) / 100) / 10,
      ms: round(to - from),
      gcPauseMs: round(gcPauseMs),
      main: { busyMs: round(m.busyMs), gcMs: round(m.gcMs), idleMs: round(m.idleMs), unsampledMs: round(m.unsampledMs) },
      workersBusyMs: round(workersBusyMs),
      ownFrames: topOf(m.ownMs, 3),
      selfFrames: topOf(m.selfMs, 4),
    };
    return { ...partial, cause: causeOf(partial, m) };
  });
  const causes = new Map<string, { count: number; ms: number; maxMs: number }>();
  for (const s of stalls) {
    const c = causes.get(s.cause) ?? { count: 0, ms: 0, maxMs: 0 };
    causes.set(s.cause, { count: c.count + 1, ms: round(c.ms + s.ms), maxMs: Math.max(c.maxMs, s.ms) });
  }
  const windowMs = probe.window.endMs - probe.window.startMs;
  const whole = slice(main, us(probe.window.startMs), us(probe.window.endMs));
  return {
    label: probe.label,
    pid: probe.pid,
    windowS: round(windowMs / 1000),
    loopDelayMs: Object.fromEntries(Object.entries(probe.loopDelayMs).map(([k, v]) => [k, round(v)])),
    mainThread: { busyShare: round((100 * whole.busyMs) / windowMs) / 100, topOwn: topOf(whole.ownMs, 8) },
    workers: workers.map(([tid, samples]) => {
      const w = slice(samples, us(probe.window.startMs), us(probe.window.endMs));
      return { tid, busyShare: round((100 * w.busyMs) / windowMs) / 100, top: topOf(w.selfMs, 3) };
    }),
    gc: probe.gcTotals,
    gcPausesOver8Ms: probe.gcPauses.filter((g) => g.ms > 8).map((g) => ({ atS: round((g.atMs - probe.window.startMs) / 1000), ...g })),
    stallCount: stalls.length,
    stallMs: round(stalls.reduce((s, x) => s + x.ms, 0)),
    causes: [...causes].sort((a, b) => b[1].ms - a[1].ms).map(([cause, c]) => ({ cause, ...c })),
    longest: [...stalls].sort((a, b) => b.ms - a.ms).slice(0, top),
  };
}

function print(r: ReturnType<typeof analyse>): void {
  const d = r.loopDelayMs;
  console.log(`\n== ${r.label} (pid ${r.pid}), window ${r.windowS} s`);
  console.log(`event-loop delay ms: p50 ${d.p50} p90 ${d.p90} p99 ${d.p99} p99.9 ${d.p999} max ${d.max}`);
  console.log(`main thread busy ${Math.round(r.mainThread.busyShare * 100)}% of the window; by own code:`);
  for (const f of r.mainThread.topOwn) console.log(`  ${f.ms.toFixed(1).padStart(8)} ms  ${f.name}`);
  for (const w of r.workers)
    console.log(`worker ${w.tid}: busy ${Math.round(w.busyShare * 100)}%  (${w.top.map((f) => `${f.name} ${f.ms} ms`).join('; ')})`);
  const gc = Object.entries(r.gc).map(([k, v]) => `${k} ${v.count}× ${round(v.totalMs)} ms (max ${round(v.maxMs)})`);
  console.log(`GC: ${gc.join('; ') || 'none'}`);
  console.log(`stalls > 8 ms: ${r.stallCount}, ${r.stallMs} ms in all; by cause:`);
  for (const c of r.causes) console.log(`  ${String(c.count).padStart(4)}× ${c.ms.toFixed(1).padStart(8)} ms (max ${c.maxMs})  ${c.cause}`);
  console.log('longest:');
  for (const s of r.longest) {
    console.log(
      `  at ${s.atS.toFixed(1)} s: ${s.ms} ms — ${s.cause}; main busy ${s.main.busyMs} (GC ${s.main.gcMs}, pauses ${s.gcPauseMs}), idle ${s.main.idleMs}, unsampled ${s.main.unsampledMs}, workers ${s.workersBusyMs}`,
    );
    for (const f of s.ownFrames) console.log(`      own  ${f.ms.toFixed(1).padStart(6)} ms  ${f.name}`);
    for (const f of s.selfFrames) console.log(`      self ${f.ms.toFixed(1).padStart(6)} ms  ${f.name}`);
  }
}

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--'));
if (!dir) throw new Error('usage: stalls/analyse.ts <dir written through BENCH_STALL_PROBE> [--top N] [--json file]');
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const top = Number(option('--top') ?? 15);
const jsonOut = option('--json');

const files = readdirSync(dir);
const reports = files
  .filter((f) => f.startsWith('stalls-') && f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ProbeRecord)
  .map((probe) => analyse(probe, profilesOf(dir, files, probe.pid)));
for (const r of reports) print(r);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(reports, null, 2));
