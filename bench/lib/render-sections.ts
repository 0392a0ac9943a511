/** One Markdown section per scenario, from its results file. */
import { fmt, median, ratio } from './stats.js';
import { labelOf, load, medianOf, table, type Json } from './render-util.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, type TargetInfo, type TargetName } from './targets.js';

const versionOf = (name: string) =>
  (JSON.parse(readFileSync(join(BENCH_DIR, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

const byTarget = (data: Json) => {
  const names = (data.targets as TargetInfo[]).map((t) => t.name);
  return names.map((name) => ({ name, label: labelOf(data, name), runs: (data.runs as Json[]).filter((r) => r.target === name) }));
};
const header = (data: Json, title: string) => {
  const env = data.environment as Json;
  return `### ${title}\n\n\`${data.command}\` — ${env.date.slice(0, 16).replace('T', ' ')} UTC, load average at start ${env.loadavgAtStart.join(' / ')}`;
};

function environment(): string {
  const data = load('steady') ?? load('cold-open') ?? load('durability');
  if (!data) return '### Environment\n\nNo results yet.';
  const env = data.environment as Json;
  const report = data.report as Json | undefined;
  const rows = (data.targets as TargetInfo[]).map((t) => [t.label, t.version, t.client, t.storage]);
  return [
    '### Environment',
    `- Machine: ${env.cpus} × ${env.cpuModel}, ${env.memGiB} GiB RAM; Node ${env.node}; server pinned to core 0 and load generator to core 1: ${env.pinned ? 'yes (taskset)' : 'no'}; bench processes at nice ${env.nice ?? '0'}${env.nice ? ' (BENCH_NICE, session autogroup too)' : ''}.`,
    `- Runs in which the load generator's event-loop delay p99 exceeded ${env.generatorLagLimitMs ?? 20} ms are discarded (they measure the generator, not the server).`,
    `- Shared libraries: ${['yjs', 'y-protocols', 'ws', 'playwright-core'].map((n) => `${n} ${versionOf(n)}`).join(', ')}.`,
    report
      ? `- Document: ${report.source}, ${report.blocks} blocks, ${report.words} words, ${(report.updateBytes / 1024).toFixed(0)} KiB as a Yjs update (the same bytes preloaded into every server).`
      : '',
    '',
    table(['Server', 'Version', 'Client', 'Storage'], rows),
  ].join('\n');
}

/** How the generator's readers noticed an edit (results before round 11 have no `receipts`: they integrated). */
const receiptsNote = (receipts: string | undefined) =>
  receipts === 'wire'
    ? 'the update read off the wire (readers do not integrate it: `lib/wire-receipts.ts`)'
    : "integrated into the reader's own copy of the document (`--integrate`, the way before round 11)";

function steady(): string {
  const data = load('steady');
  if (!data) return '### 1. Steady editing\n\nNot run.';
  const groups = byTarget(data);
  const m = (runs: Json[], pick: (r: Json) => number) => medianOf(runs, pick).value;
  const rows = groups.map(({ label, runs }) => {
    const kept = runs.filter((r) => !r.lagged).length;
    return [
      label,
      `${kept}/${runs.length}${kept === 0 ? ' ⚠' : ''}`,
      fmt(
        m(runs, (r) => r.editsPerSec),
        0,
      ),
      fmt(m(runs, (r) => r.latency.p50)),
      fmt(m(runs, (r) => r.latency.p95)),
      fmt(m(runs, (r) => r.latency.p99)),
      fmt(m(runs, (r) => r.latency.max)),
      runs[0]?.ack.n > 0 ? `${fmt(m(runs, (r) => r.ack.p50))} / ${fmt(m(runs, (r) => r.ack.p99))}` : 'no ack',
      fmt(
        m(runs, (r) => r.serverCpuShare * 100),
        0,
      ),
      fmt(
        m(runs, (r) => r.serverCpuUsPerEdit),
        0,
      ),
      fmt(
        m(runs, (r) => r.rssMaxMiB),
        0,
      ),
      fmt(m(runs, (r) => r.generator.loopDelayP99Ms)),
      runs.reduce((n, r) => n + Number(r.disconnects ?? 0), 0),
    ];
  });
  const concord = groups.find((g) => g.name === 'concord');
  const ratios = concord
    ? groups
        .filter((g) => g.name !== 'concord')
        .map((g) => [
          `Concord ÷ ${g.label}`,
          ratio(
            m(concord.runs, (r) => r.latency.p50),
            m(g.runs, (r) => r.latency.p50),
          ),
          ratio(
            m(concord.runs, (r) => r.latency.p99),
            m(g.runs, (r) => r.latency.p99),
          ),
          ratio(
            m(concord.runs, (r) => r.serverCpuUsPerEdit),
            m(g.runs, (r) => r.serverCpuUsPerEdit),
          ),
          ratio(
            m(concord.runs, (r) => r.rssMaxMiB),
            m(g.runs, (r) => r.rssMaxMiB),
          ),
        ])
    : [];
  const load1 = data.load as Json;
  return [
    header(data, '1. Steady editing'),
    `${load1.writers} writers × ~${load1.rate} keystrokes/s (${load1.caretIntervalMs ? `a presence update at most every ${load1.caretIntervalMs} ms` : 'a presence update with every keystroke'}) + ${load1.readers} readers; window ${load1.durationMs / 1000} s after ${load1.warmupMs / 1000} s warm-up. Latency: edit → remote receipt at every reader (ms), ${receiptsNote(load1.receipts)}. Medians over kept runs; ⚠ = every run's generator lagged (shown unfiltered).`,
    table(
      [
        'Server',
        'runs kept',
        'edits/s',
        'p50',
        'p95',
        'p99',
        'max',
        'ack p50 / p99',
        'server CPU %',
        'CPU µs/edit',
        'RSS MiB',
        'gen. lag p99',
        'disconnects',
      ],
      rows,
    ),
    ratios.length ? table(['Ratio', 'p50', 'p99', 'CPU/edit', 'RSS'], ratios) : '',
  ].join('\n\n');
}

/** Who integrated what in a ramp (results before round 11 have no `receipts`). */
function rampClients(receipts: string | undefined): string {
  const writers =
    'Writers are stock clients that, once synced, read which edits arrived off the wire instead of integrating them, and apply and echo presence as stock clients do';
  if (receipts === 'wire')
    return `${writers}; so do the readers, at which latency is measured (edit → update received). The servers' work is that of stock clients.`;
  if (receipts === 'integrated')
    return `${writers}; latency is measured at the readers, which integrate every update into their own copy of the document (\`--integrate\`).`;
  return 'Writers are stock clients that drop what the server sends them once synced, presence included (so, unlike stock clients, they do not echo it back); latency is measured at the readers, which integrate every update.';
}

function ramp(): string {
  const data = load('ramp');
  if (!data) return '### 2. Ramp\n\nNot run.';
  const groups = byTarget(data);
  const steps = data.rampSteps as { writers: number; rate: number }[];
  const cell = (runs: Json[], s: { writers: number; rate: number }) => {
    const found = runs.flatMap((r) => (r.steps as Json[]).filter((x) => x.writers === s.writers && x.rate === s.rate && !x.superseded));
    if (found.length === 0) return '';
    const lagged = found.every((x) => x.lagged);
    const disconnects = found.reduce((n, x) => n + Number(x.disconnects ?? 0), 0);
    return `${fmt(median(found.map((x) => x.latency.p99)))} (${fmt(median(found.map((x) => x.latency.p50)))})${lagged ? ' †' : ''}${disconnects ? ` ✗ ${disconnects} disconnects` : ''}`;
  };
  const verdict = groups.map(({ label, runs }) => {
    const broke = runs.map((r) => r.brokeAtEditsPerSec).filter((x) => x !== null);
    const limited = runs.map((r) => r.generatorLimitAtEditsPerSec).filter((x) => x !== null);
    const max = steps[steps.length - 1]!;
    const failed = runs.filter((r) => r.failedAtEditsPerSec !== null && r.failedAtEditsPerSec !== undefined);
    const text = failed.length
      ? `failed at ${median(failed.map((r) => r.failedAtEditsPerSec))} edits/s offered: ${failed[0]!.failure}`
      : broke.length
        ? `p99 > ${data.p99BudgetMs} ms at ${median(broke)} edits/s offered`
        : limited.length
          ? `did not break before the load generator lagged at ${median(limited)} edits/s offered`
          : `held the budget up to ${max.writers * max.rate} edits/s offered`;
    return `- ${label}: ${text} (${runs.length} run${runs.length === 1 ? '' : 's'}).`;
  });
  return [
    header(data, '2. Ramp'),
    `Writers and their rate rise step by step on one server (${data.readers} readers, presence on); each step ${data.durationMs / 1000} s. Cells: p99 (p50) ms, median over runs; † = the load generator lagged in that step, so the figure measures the 2-core machine, not the server. The ramp stops at the first step over ${data.p99BudgetMs} ms, or with a lagging generator, twice in a row (such a step is repeated once), or when clients are disconnected. ${rampClients(data.receipts)}`,
    verdict.join('\n'),
    table(
      ['writers × keys/s', 'offered edits/s', ...groups.map((g) => g.label)],
      steps.map((s) => [`${s.writers} × ${s.rate}`, s.writers * s.rate, ...groups.map((g) => cell(g.runs, s))]),
    ),
  ].join('\n\n');
}

function coldOpen(): string {
  const data = load('cold-open');
  if (!data) return '### 3. Cold open\n\nNot run.';
  const groups = byTarget(data);
  const med = (runs: Json[], k: string) => median(runs.map((r) => r[k]));
  const concord = groups.find((g) => g.name === 'concord');
  const rows = groups.map(({ name, label, runs }) => [
    label,
    runs.length,
    fmt(med(runs, 'ms'), 0),
    `${fmt(Math.min(...runs.map((r) => r.ms)), 0)}–${fmt(Math.max(...runs.map((r) => r.ms)), 0)}`,
    fmt(med(runs, 'bytes') / 1024, 0),
    fmt(med(runs, 'serverStartMs'), 0),
    concord && name !== 'concord' ? ratio(med(concord.runs, 'ms'), med(runs, 'ms')) : '',
  ]);
  return [
    header(data, '3. Cold open'),
    'Server process freshly started on the stored report; one client connects. Time from creating the client to holding the complete document; bytes received by then.',
    table(['Server', 'runs', 'median ms', 'range ms', 'KiB received', 'process start → HTTP ready, ms', 'Concord ÷ this'], rows),
  ].join('\n\n');
}

function memory(): string {
  const data = load('memory');
  if (!data) return '### 4. Memory per open document\n\nNot run.';
  const groups = byTarget(data);
  const stepsN = data.steps as number[];
  const rows = groups.map(({ label, runs }) => [
    label,
    fmt(median(runs.map((r) => r.baseMiB)), 0),
    ...stepsN.map((n) => {
      const at = runs.map((r) => (r.steps as Json[]).find((s) => s.docs === n)).filter(Boolean) as Json[];
      return `${fmt(median(at.map((s) => s.rssMiB)), 0)} / ${fmt(median(at.map((s) => s.perDocMiB)))}`;
    }),
  ]);
  return [
    header(data, '4. Memory per open document'),
    'Each document is a copy of the 150-page report with one connected client. Cells: server RSS MiB / (RSS − RSS with none open) ÷ documents, MiB per document.',
    table(['Server', 'RSS, none open', ...stepsN.map((n) => `${n} open`)], rows),
  ].join('\n\n');
}

function durability(): string {
  const data = load('durability');
  if (!data) return '### 5. Durability\n\nNot run.';
  const rows = (data.runs as Json[]).map((r) => [
    labelOf(data, r.target as TargetName),
    r.rep,
    fmt(r.killAfterMs / 1000),
    r.typed,
    r.acked ?? 'no ack',
    r.seenByPeer,
    r.present,
    r.lostAcked ?? '—',
    r.lostSeen,
  ]);
  return [
    header(data, '5. Durability (kill -9 during steady editing)'),
    `${data.writers} writers × ~${data.rate} keystrokes/s and one observer; \`kill -9\` of the server after the time shown, restart on the same storage, a fresh client reads the document. "acked": Concord = covered by a \`saved\` ack; Hocuspocus = provider reported no unsynced changes (server applied, not stored); y-websocket server has no ack. "seen" = received by the observer before the kill.`,
    table(['Server', 'rep', 'kill after s', 'typed', 'acked', 'seen', 'survived', 'lost acked', 'lost seen'], rows),
  ].join('\n\n');
}

function concordOnly(): string {
  const data = load('concord-only');
  if (!data) return '### 6. Concord only\n\nNot run.';
  const parts = (data.results as Json[]).map((r) =>
    r.status === 'missing'
      ? `- \`${r.script}\`: not present yet.`
      : `- \`npx tsx ${r.script}\` (${r.status}, ${fmt(r.ms / 1000)} s):\n\n\`\`\`\n${String(r.output).split('\n').slice(0, 60).join('\n')}\n\`\`\``,
  );
  return [header(data, '6. Concord only (consensus, export)'), ...parts].join('\n\n');
}

function browser(): string {
  const data = load('browser');
  if (!data) return '### 7. Browser keystroke-to-paint\n\nNot run.';
  const rows = (data.summary as Json[]).map((s) => [
    s.label,
    s.runs,
    fmt(s.readyMs, 0),
    s.warmReadyMs === undefined ? '—' : fmt(s.warmReadyMs, 0),
    fmt(s.p50),
    fmt(s.p95),
    fmt(s.p99),
    s.samples,
    s.longTaskShare === undefined ? '—' : `${fmt(s.longTaskShare * 100, 0)}%`,
    s.heapMiB === undefined ? '—' : fmt(s.heapMiB, 0),
    s.scrollMaxTaskMs === undefined ? '—' : fmt(s.scrollMaxTaskMs, 0),
  ]);
  const [concord, bare] = data.summary as Json[];
  const ratios =
    concord && bare && data.summary.length === 2
      ? `Concord ÷ bare: ready ${ratio(concord.readyMs, bare.readyMs)}, p50 ${ratio(concord.p50, bare.p50)}, p95 ${ratio(concord.p95, bare.p95)}.`
      : '';
  return [
    header(data, '7. Browser keystroke-to-paint'),
    String(data.description ?? ''),
    table(
      [
        'Page',
        'runs',
        'editor ready ms',
        'warm reopen ms',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'keystrokes',
        'main thread in long tasks',
        'JS heap MiB',
        'longest task while scrolling ms',
      ],
      rows,
    ),
    ratios,
  ].join('\n\n');
}

export function sections(): string[] {
  return [environment(), steady(), ramp(), coldOpen(), memory(), durability(), concordOnly(), browser()];
}
