/**
 * Export and import timings on a generated 150-page commission report.
 *
 *   cd /work/main && npx tsx bench/export/export.bench.ts [--runs 7] [--pages 150]
 *
 * Prints a Markdown table: the median of several runs after warm-up, against
 * the budgets (Markdown/HTML ≤ 300 ms, DOCX ≤ 1.5 s, DOCX import ≤ 3 s).
 */
import type { ExportBlockState, ExportInput } from '@concord/shared';
import { collectBlockLeaves, exportBundle, renderDocx, renderHtml, renderJson, renderMarkdown } from '@concord/shared';
import { generateBlockStates, generateReport } from '@concord/shared/fixtures/index';
import { importDocument } from '@concord/server/import/index';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const RUNS = Number(args.get('runs') ?? 7);
const PAGES = Number(args.get('pages') ?? 150);
const WARMUP = 2;

interface Row {
  name: string;
  budgetMs?: number;
  samples: number[];
  size?: number;
}

async function measure(name: string, budgetMs: number | undefined, runs: number, fn: () => unknown): Promise<Row> {
  let size: number | undefined;
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const out = await fn();
    samples.push(performance.now() - start);
    if (typeof out === 'string') size = Buffer.byteLength(out);
    else if (out instanceof Uint8Array) size = out.byteLength;
  }
  return { name, budgetMs, samples, size };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
const kb = (x: number | undefined): string =>
  x === undefined ? '' : x >= 1024 * 1024 ? `${(x / 1024 / 1024).toFixed(1)} MB` : `${(x / 1024).toFixed(0)} KB`;

const t0 = performance.now();
const doc = generateReport({ pages: PAGES, seed: 'bench' });
const generateMs = performance.now() - t0;
const blocks = collectBlockLeaves(doc);
const words = blocks.reduce(
  (n, b) =>
    n +
    (b.content ?? [])
      .map((c) => (c.type === 'text' ? c.text : ' '))
      .join('')
      .split(/\s+/)
      .filter(Boolean).length,
  0,
);
const states = generateBlockStates(doc, { seed: 'bench', commissioners: 15 });
const allAgreed = new Map<string, ExportBlockState>([...states].map(([id, s]) => [id, { ...s, status: 'agreed' as const }]));

const input = (scope: 'consensus' | 'draft', includeRecord: boolean, blockStates = states): ExportInput => ({
  title: 'Commission on the Future of Public Services — Final Report',
  doc,
  blocks: blockStates,
  rule: { kind: 'unanimous' },
  generatedAt: '2025-06-30T12:00:00Z',
  options: { scope, includeRecord },
});
const published = input('consensus', true);
const draft = input('draft', false);
const fullDocx = await renderDocx(input('consensus', false, allAgreed));

const rows: Row[] = [
  await measure('Markdown, consensus + record', 300, RUNS, () => renderMarkdown(published)),
  await measure('Markdown, draft', 300, RUNS, () => renderMarkdown(draft)),
  await measure('HTML, consensus + record', 300, RUNS, () => renderHtml(published)),
  await measure('HTML, draft', 300, RUNS, () => renderHtml(draft)),
  await measure('DOCX, consensus + record', 1500, RUNS, () => renderDocx(published)),
  await measure('DOCX, draft', 1500, RUNS, () => renderDocx(draft)),
  await measure('JSON, consensus + record', undefined, RUNS, () => renderJson(published)),
  await measure(
    'All four + manifest (exportBundle)',
    undefined,
    Math.max(3, Math.floor(RUNS / 2)),
    async () => (await exportBundle(published)).manifestFile.bytes,
  ),
  await measure(
    `DOCX import (${kb(fullDocx.byteLength)} file)`,
    3000,
    Math.max(3, Math.floor(RUNS / 2)),
    async () => (await importDocument({ filename: 'report.docx', bytes: fullDocx })).doc.content.length,
  ),
];

console.log(
  `\nReport: ${PAGES} pages, ${words.toLocaleString('en')} words, ${blocks.length.toLocaleString('en')} blocks (generated in ${ms(generateMs)}); ${states.size} block states, 15 commissioners.`,
);
console.log(`Node ${process.version}, ${RUNS} runs after ${WARMUP} warm-up runs (fewer for the slow rows).\n`);
console.log('| Operation | Median | Min | Max | Output | Budget | |');
console.log('|---|---:|---:|---:|---:|---:|---|');
let failed = false;
for (const row of rows) {
  const m = median(row.samples);
  const ok = row.budgetMs === undefined ? '' : m <= row.budgetMs ? 'ok' : 'OVER';
  if (ok === 'OVER') failed = true;
  console.log(
    `| ${row.name} | ${ms(m)} | ${ms(Math.min(...row.samples))} | ${ms(Math.max(...row.samples))} | ${kb(row.size)} | ${row.budgetMs ? `≤ ${ms(row.budgetMs)}` : ''} | ${ok} |`,
  );
}
process.exitCode = failed ? 1 : 0;
