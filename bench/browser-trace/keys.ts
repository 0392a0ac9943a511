/**
 * Where a keystroke's frame goes, in thread time: reads a Chrome trace of the browser scenario's
 * typing phase (`TRACE=dir pnpm -C bench browser …`) and prints, per keystroke, the renderer main
 * thread's work from the keydown's task to the end of the next frame — script, style (elements
 * recalculated), layout (objects laid out), pre-paint, paint (area), layerize, commit — the other
 * tasks that ran in between, and the raster and compositor work that frame set off on other threads.
 *
 * Thread time (`tdur`) excludes time spent waiting for a core, so on a loaded 2-core machine it is
 * the figure to compare before and after; wall-clock keystroke latency measures the machine.
 *
 *   TRACE=/tmp/t pnpm -C bench browser --only concord --reps 1 --tag mine
 *   pnpm -C bench trace-keys /tmp/t/concord-5-<time>.trace.json [--keys] [--json out.json]
 *
 * Add `TRACE_CATEGORIES=disabled-by-default-devtools.timeline.invalidationTracking` to the run to
 * list what invalidated style, layout and paint in each frame (`--why`).
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

/** A complete span on one thread (B/E pairs folded into one), with its children. */
interface Span {
  name: string;
  ts: number;
  end: number;
  /** Thread time, µs (wall time where the trace has none). */
  tdur: number;
  args: Record<string, unknown>;
  children: Span[];
}

const argv = process.argv.slice(2);
const file = argv.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
if (!file) {
  console.error('usage: trace-keys <trace.json> [--keys] [--why] [--json out.json]');
  process.exit(2);
}
const showKeys = argv.includes('--keys');
const showWhy = argv.includes('--why');
const jsonOut = argv.includes('--json') ? argv[argv.indexOf('--json') + 1] : undefined;

const raw = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
const events = Array.isArray(raw) ? raw : raw.traceEvents;

const threadNames = new Map<string, string>();
for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, String(e.args?.name));

/** Spans per thread, nested by time. */
function spansOf(threadKey: string): Span[] {
  const mine = events.filter((e) => `${e.pid}:${e.tid}` === threadKey && (e.ph === 'X' || e.ph === 'B' || e.ph === 'E'));
  mine.sort((a, b) => a.ts - b.ts || (a.ph === 'E' ? -1 : b.ph === 'E' ? 1 : (b.dur ?? 0) - (a.dur ?? 0)));
  const roots: Span[] = [];
  const stack: Span[] = [];
  const open: { span: Span; tts?: number }[] = [];
  const place = (span: Span) => {
    while (stack.length > 0 && stack[stack.length - 1]!.end <= span.ts) stack.pop();
    (stack.length > 0 ? stack[stack.length - 1]!.children : roots).push(span);
    stack.push(span);
  };
  for (const e of mine) {
    if (e.ph === 'X') {
      place({ name: e.name, ts: e.ts, end: e.ts + (e.dur ?? 0), tdur: e.tdur ?? e.dur ?? 0, args: e.args ?? {}, children: [] });
    } else if (e.ph === 'B') {
      const span: Span = { name: e.name, ts: e.ts, end: Number.POSITIVE_INFINITY, tdur: 0, args: { ...e.args }, children: [] };
      const tts = (e as unknown as { tts?: number }).tts;
      open.push(tts === undefined ? { span } : { span, tts });
      place(span);
    } else {
      const i = open.map((o) => o.span.name).lastIndexOf(e.name);
      if (i < 0) continue;
      const [{ span, tts }] = open.splice(i, 1) as [{ span: Span; tts?: number }];
      span.end = e.ts;
      const endTts = (e as unknown as { tts?: number }).tts;
      span.tdur = tts !== undefined && endTts !== undefined ? endTts - tts : e.ts - span.ts;
      Object.assign(span.args, e.args);
    }
  }
  return roots;
}

function* walk(spans: Span[]): Generator<Span> {
  for (const s of spans) {
    yield s;
    yield* walk(s.children);
  }
}

/** The renderer main thread that handled the keys. */
const keydowns = events.filter((e) => e.name === 'EventDispatch' && (e.args?.data as { type?: string } | undefined)?.type === 'keydown');
if (keydowns.length === 0) {
  console.error('no keydown in this trace');
  process.exit(1);
}
const mainKey = `${keydowns[0]!.pid}:${keydowns[0]!.tid}`;
const rendererPid = keydowns[0]!.pid;
const main = spansOf(mainKey);
const tasks = main.filter((s) => s.name === 'RunTask' || s.name === 'ThreadControllerImpl::RunTask');
const topLevel = tasks.length > 0 ? tasks : main;

const RENDER = ['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit', 'UpdateLayer', 'HitTest'] as const;
type RenderName = (typeof RENDER)[number];

interface FrameWork {
  total: number;
  render: Record<RenderName, number>;
  styleElements: number;
  layoutObjects: number;
  layoutDirty: number;
  paintArea: number;
  paints: number;
  intersections: number;
}

function frameWork(spans: Span[]): FrameWork {
  const work: FrameWork = {
    total: 0,
    render: Object.fromEntries(RENDER.map((n) => [n, 0])) as Record<RenderName, number>,
    styleElements: 0,
    layoutObjects: 0,
    layoutDirty: 0,
    paintArea: 0,
    paints: 0,
    intersections: 0,
  };
  for (const task of spans) {
    work.total += task.tdur;
    for (const s of walk([task])) {
      if ((RENDER as readonly string[]).includes(s.name)) {
        // Count each kind once even if nested in itself (forced layouts inside script are nested in FunctionCall, not Layout).
        work.render[s.name as RenderName] += s.tdur;
        if (s.name === 'UpdateLayoutTree')
          work.styleElements += Number(s.args.elementCount ?? (s.args.data as { elementCount?: number } | undefined)?.elementCount ?? 0);
        if (s.name === 'Layout') {
          const begin = s.args.beginData as { dirtyObjects?: number; totalObjects?: number } | undefined;
          work.layoutObjects += begin?.totalObjects ?? 0;
          work.layoutDirty += begin?.dirtyObjects ?? 0;
        }
        if (s.name === 'Paint') {
          work.paints++;
          work.paintArea += quadArea((s.args.data as { clip?: number[] } | undefined)?.clip);
        }
      }
      if (/intersection/i.test(s.name)) work.intersections += s.tdur;
    }
  }
  return work;
}

function quadArea(q: number[] | undefined): number {
  if (!q || q.length < 8) return 0;
  // Shoelace over the four corners.
  let a = 0;
  for (let i = 0; i < 4; i++) {
    const [x1, y1, x2, y2] = [q[2 * i]!, q[2 * i + 1]!, q[(2 * i + 2) % 8]!, q[(2 * i + 3) % 8]!];
    a += x1 * y2 - x2 * y1;
  }
  return Math.abs(a) / 2;
}

/** Thread time of other threads' tasks in [from, to): raster, compositor, Viz. */
function otherThreads(from: number, to: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) {
    if (e.ph !== 'X' || e.ts < from || e.ts >= to) continue;
    const key = `${e.pid}:${e.tid}`;
    if (key === mainKey) continue;
    if (e.name !== 'RasterTask' && e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask') continue;
    const thread = (threadNames.get(key) ?? key).replace(/\d+$/, '');
    const label = e.name === 'RasterTask' ? `raster (${thread})` : `${thread}${e.pid === rendererPid ? '' : ' [other process]'}`;
    out[label] = (out[label] ?? 0) + (e.tdur ?? e.dur ?? 0);
  }
  return out;
}

interface KeyRow {
  key: number;
  wallMs: number;
  keyTaskMs: number;
  betweenMs: number;
  between: string[];
  frame: FrameWork;
  frameTaskMs: number;
  after: Record<string, number>;
}

const keyTasks = keydowns
  .map((k) => topLevel.find((t) => t.ts <= k.ts && k.ts < t.end))
  .filter((t): t is Span => t !== undefined)
  .filter((t, i, all) => all.indexOf(t) === i);
const rows: KeyRow[] = [];
for (let i = 0; i < keyTasks.length; i++) {
  const keyTask = keyTasks[i]!;
  const nextKeyAt = keyTasks[i + 1]?.ts ?? Number.POSITIVE_INFINITY;
  // The next frame: the first task after the keydown's that fires animation frames.
  const frameIndex = topLevel.findIndex((t) => t.ts >= keyTask.end && [...walk([t])].some((s) => s.name === 'FireAnimationFrame'));
  if (frameIndex < 0) continue;
  const frameTask = topLevel[frameIndex]!;
  if (frameTask.ts >= nextKeyAt) continue;
  const betweenTasks = topLevel.filter((t) => t.ts >= keyTask.end && t.ts < frameTask.ts);
  rows.push({
    key: i,
    wallMs: (frameTask.end - keyTask.ts) / 1000,
    keyTaskMs: keyTask.tdur / 1000,
    betweenMs: betweenTasks.reduce((n, t) => n + t.tdur, 0) / 1000,
    between: betweenTasks.filter((t) => t.tdur > 500).map((t) => `${describe(t)} ${(t.tdur / 1000).toFixed(1)}`),
    frame: frameWork([keyTask, ...betweenTasks, frameTask]),
    frameTaskMs: frameTask.tdur / 1000,
    after: otherThreads(keyTask.ts, Math.min(nextKeyAt, frameTask.end + 50_000)),
  });
}

/** What a task was, from its first named child. */
function describe(task: Span): string {
  for (const s of walk(task.children)) {
    if (s.name === 'EventDispatch') return `event:${(s.args.data as { type?: string } | undefined)?.type ?? '?'}`;
    if (s.name === 'TimerFire') return 'timer';
    if (s.name === 'FireIdleCallback') return 'idle';
    if (s.name === 'FireAnimationFrame') return 'frame';
    if (s.name === 'FunctionCall') {
      const d = s.args.data as { functionName?: string; url?: string } | undefined;
      return `call:${d?.functionName || '(anon)'}`;
    }
    if (s.name === 'ParseHTML' || s.name === 'ResourceReceivedData') return s.name;
  }
  return task.children[0]?.name ?? 'task';
}

const ms = (us: number) => us / 1000;
const med = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!;
};

if (showKeys) {
  console.log(
    'key | wall | key task | between (tasks > 0.5 ms) | frame task | style ms (elements) | layout ms (dirty/total objects) | prepaint | paint ms (n, area px²) | layerize | commit | other threads',
  );
  for (const r of rows) {
    const f = r.frame;
    console.log(
      [
        r.key,
        r.wallMs.toFixed(1),
        r.keyTaskMs.toFixed(1),
        `${r.betweenMs.toFixed(1)} ${r.between.join(', ')}`,
        r.frameTaskMs.toFixed(1),
        `${ms(f.render.UpdateLayoutTree).toFixed(2)} (${f.styleElements})`,
        `${ms(f.render.Layout).toFixed(2)} (${f.layoutDirty}/${f.layoutObjects})`,
        ms(f.render.PrePaint).toFixed(2),
        `${ms(f.render.Paint).toFixed(2)} (${f.paints}, ${Math.round(f.paintArea)})`,
        ms(f.render.Layerize).toFixed(2),
        ms(f.render.Commit).toFixed(2),
        Object.entries(r.after)
          .map(([k, v]) => `${k} ${ms(v).toFixed(1)}`)
          .join(', '),
      ].join(' | '),
    );
  }
}

const col = (pick: (r: KeyRow) => number) => {
  const xs = rows.map(pick);
  return `${med(xs).toFixed(2)} / ${p95(xs).toFixed(2)}`;
};
console.log(`${file}: ${rows.length} keystrokes with a frame (of ${keydowns.length} keydowns); median / p95, thread time, ms`);
console.log(`  keydown task → end of next frame (wall):   ${col((r) => r.wallMs)}`);
console.log(`  all main-thread tasks in that window:      ${col((r) => ms(r.frame.total))}`);
console.log(`    the keydown's own task:                  ${col((r) => r.keyTaskMs)}`);
console.log(`    other tasks before the frame:            ${col((r) => r.betweenMs)}`);
console.log(`    the frame's task:                        ${col((r) => r.frameTaskMs)}`);
for (const n of RENDER) console.log(`    ${n.padEnd(40)} ${col((r) => ms(r.frame.render[n]))}`);
console.log(`    intersection observers:                  ${col((r) => ms(r.frame.intersections))}`);
console.log(`  style: elements recalculated               ${col((r) => r.frame.styleElements)}`);
console.log(`  layout: objects dirty / in layout scope    ${col((r) => r.frame.layoutDirty)} | ${col((r) => r.frame.layoutObjects)}`);
console.log(`  paint: Paint events, area (CSS px²)        ${col((r) => r.frame.paints)} | ${col((r) => r.frame.paintArea)}`);
const threads = [...new Set(rows.flatMap((r) => Object.keys(r.after)))].sort();
for (const t of threads) console.log(`  ${t.padEnd(42)} ${col((r) => ms(r.after[t] ?? 0))}`);

{
  // The whole typing phase: CPU of each busy thread, main thread included (collaborators' frames too).
  const span = (keyTasks[keyTasks.length - 1]!.end - keyTasks[0]!.ts) / 1000;
  const whole = otherThreads(keyTasks[0]!.ts, keyTasks[keyTasks.length - 1]!.end);
  whole['renderer main'] = topLevel
    .filter((t) => t.ts >= keyTasks[0]!.ts && t.ts < keyTasks[keyTasks.length - 1]!.end)
    .reduce((n, t) => n + t.tdur, 0);
  console.log(`  whole typing phase (${(span / 1000).toFixed(1)} s), CPU ms per second:`);
  for (const [t, us] of Object.entries(whole)
    .sort((a, b) => b[1] - a[1])
    .filter(([, us]) => us / span > 5))
    console.log(`    ${t.padEnd(40)} ${(us / span).toFixed(0)}`);
}

if (showWhy) {
  // Invalidation tracking: which nodes and reasons caused style, layout and paint work.
  const reasons = new Map<string, number>();
  for (const e of events) {
    if (!/InvalidationTracking/.test(e.name)) continue;
    const d = (e.args?.data ?? {}) as {
      reason?: string;
      nodeName?: string;
      invalidationSet?: string;
      changedClass?: string;
      changedAttribute?: string;
      changedId?: string;
    };
    const what = [
      e.name,
      d.reason,
      d.nodeName,
      d.changedClass && `class ${d.changedClass}`,
      d.changedAttribute && `attr ${d.changedAttribute}`,
    ]
      .filter(Boolean)
      .join(' · ');
    reasons.set(what, (reasons.get(what) ?? 0) + 1);
  }
  console.log(`invalidations over the whole trace (${rows.length} keys):`);
  for (const [what, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log(`  ${String(n).padStart(6)}  ${what}`);
}

if (jsonOut) writeFileSync(jsonOut, JSON.stringify(rows, null, 1));
