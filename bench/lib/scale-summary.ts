/**
 * The scale scenario's tables (markdown): medians over the kept runs of each
 * layout, and each layout against one process on SQLite. Printed at the end of
 * a run and kept in its results file; BENCHMARKS.md quotes them.
 */
import { fmt, median, ratio } from './stats.js';
import { LAYOUTS, type Layout } from './scale-layouts.js';
import type { ScaleWindow } from './scale-window.js';

export type ScaleRun = ScaleWindow & { layout: Layout; rep: number };

interface Row {
  layout: Layout;
  kept: number;
  of: number;
  allLagged: boolean;
  m: (f: (r: ScaleRun) => number | undefined) => number;
}

function rows(runs: ScaleRun[], layouts: Layout[]): Row[] {
  return layouts.map((layout) => {
    const all = runs.filter((r) => r.layout === layout);
    const kept = all.filter((r) => !r.lagged);
    // Every run lagged: show them anyway, marked, rather than nothing.
    const used = kept.length > 0 ? kept : all;
    return {
      layout,
      kept: kept.length,
      of: all.length,
      allLagged: kept.length === 0 && all.length > 0,
      m: (f) => median(used.map((r) => f(r) ?? NaN)),
    };
  });
}

const part = (r: ScaleRun, name: string) => r.parts[name];

export function scaleTables(runs: ScaleRun[], layouts: Layout[]): string {
  const rs = rows(runs, layouts);
  const head = [
    '| Layout | runs kept | edits/s | p50 | p99 | max | cross-process p50 / p99 | ack p50 / p99 | CPU µs/edit: Concord | PostgreSQL | Redis | total | server-side CPU % | Concord RSS MiB | PostgreSQL PSS MiB | Redis RSS MiB | gen. lag p99 | disconnects |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const body = rs.map(({ layout, kept, of, allLagged, m }) =>
    [
      LAYOUTS[layout].label,
      `${kept}/${of}${allLagged ? ' ⚠' : ''}`,
      fmt(
        m((r) => r.editsPerSec),
        0,
      ),
      fmt(m((r) => r.latency.p50)),
      fmt(m((r) => r.latency.p99)),
      fmt(m((r) => r.latency.max)),
      LAYOUTS[layout].processes > 1 ? `${fmt(m((r) => r.latencyByHop?.remote.p50))} / ${fmt(m((r) => r.latencyByHop?.remote.p99))}` : '—',
      `${fmt(m((r) => r.ack.p50))} / ${fmt(m((r) => r.ack.p99))}`,
      fmt(
        m((r) => part(r, 'concord')?.cpuUsPerEdit),
        0,
      ),
      LAYOUTS[layout].postgres
        ? fmt(
            m((r) => part(r, 'postgresql')?.cpuUsPerEdit),
            0,
          )
        : '—',
      LAYOUTS[layout].postgres
        ? fmt(
            m((r) => part(r, 'redis')?.cpuUsPerEdit),
            0,
          )
        : '—',
      fmt(
        m((r) => r.total.cpuUsPerEdit),
        0,
      ),
      fmt(
        m((r) => r.total.cpuShare * 100),
        0,
      ),
      fmt(
        m((r) => part(r, 'concord')?.memMiB),
        0,
      ),
      LAYOUTS[layout].postgres
        ? fmt(
            m((r) => part(r, 'postgresql')?.memMiB),
            0,
          )
        : '—',
      LAYOUTS[layout].postgres
        ? fmt(
            m((r) => part(r, 'redis')?.memMiB),
            1,
          )
        : '—',
      fmt(m((r) => r.generator.loopDelayP99Ms)),
      fmt(
        m((r) => r.disconnects),
        0,
      ),
    ].join(' | '),
  );
  const base = rs.find((r) => r.layout === 'sqlite');
  const ratios: string[] = [];
  if (base) {
    ratios.push(
      '',
      '| Against 1 process on SQLite | p50 | p99 | CPU/edit (all server-side processes) | CPU/edit (Concord only) | memory (all server-side processes) |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    const mem = (r: ScaleRun) => Object.values(r.parts).reduce((t, u) => t + u.memMiB, 0);
    for (const row of rs.filter((r) => r.layout !== 'sqlite')) {
      const of = (f: (r: ScaleRun) => number | undefined) => ratio(row.m(f), base.m(f));
      ratios.push(
        `| ${LAYOUTS[row.layout].label} | ${of((r) => r.latency.p50)} | ${of((r) => r.latency.p99)} | ${of((r) => r.total.cpuUsPerEdit)} | ${of((r) => part(r, 'concord')?.cpuUsPerEdit)} | ${of(mem)} |`,
      );
    }
  }
  return [...head, ...body.map((b) => `| ${b} |`), ...ratios].join('\n');
}
