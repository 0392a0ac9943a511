/**
 * PDF export of the generated 150-page report: time, peak memory and size.
 *
 *   npx tsx bench/export/pdf.bench.ts [--runs 3] [--pages 150] [--worker 1]
 *
 * --worker 1 renders through the server's export worker (ExportRunner, the path
 * GET /export takes): the first run also starts the worker; the input is copied
 * to it and the file back.
 *
 * Memory: the process's peak RSS (getrusage maxRSS) after the renders, against
 * its RSS before them (rendering is synchronous, so sampling on a timer sees
 * nothing), and the heap in use right after the last render, before any GC.
 */
import type { ExportInput } from '@concord/shared';
import { prepareExport } from '@concord/shared';
import { generateBlockStates, generateReport } from '@concord/shared/fixtures/index';
import { renderPdf } from '@concord/server/publish/pdf/render-pdf';
import { pdfFonts } from '@concord/server/publish/pdf/pdf-fonts';
import { ExportRunner } from '@concord/server/publish/export-runner';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1]!);
const RUNS = Number(args.get('runs') ?? 3);
const PAGES = Number(args.get('pages') ?? 150);
const runner = args.get('worker') === '1' ? new ExportRunner({ timeMs: 600_000, heapMb: 768 }) : undefined;

const doc = generateReport({ pages: PAGES, seed: 'bench' });
const blocks = generateBlockStates(doc, { commissioners: 15, seed: 'bench' });
const fonts = pdfFonts();
const base = { title: 'Commission report', doc, blocks, rule: { kind: 'unanimous' } as const, generatedAt: '2026-01-01T00:00:00Z' };

async function measure(name: string, input: ExportInput): Promise<void> {
  global.gc?.();
  const before = process.memoryUsage();
  const times: number[] = [];
  let bytes: Uint8Array = new Uint8Array();
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    bytes = runner ? (await runner.file(input, 'pdf')).bytes : await renderPdf(prepareExport(input), fonts);
    times.push(performance.now() - start);
  }
  const heapAfter = process.memoryUsage().heapUsed;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const pages = (new TextDecoder('latin1').decode(bytes).match(/\/Type \/Page\b/g) ?? []).length;
  times.sort((a, b) => a - b);
  console.log(
    `| ${name} | ${(times[Math.floor(times.length / 2)]! / 1000).toFixed(2)} s | ${(times[0]! / 1000).toFixed(2)} s | ${pages} | ${(bytes.byteLength / 1024).toFixed(0)} KB | ${(peakRss / 1048576).toFixed(0)} MB (${(before.rss / 1048576).toFixed(0)} MB before) | +${((heapAfter - before.heapUsed) / 1048576).toFixed(0)} MB |`,
  );
}

console.log(`Report: ${PAGES} pages generated, ${RUNS} runs each, Node ${process.version}${runner ? ', in the export worker' : ''}`);
console.log('| PDF | median | min | PDF pages | size | process peak RSS | heap after, over start |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
await measure('draft (statuses marked)', { ...base, options: { scope: 'draft', includeRecord: false } });
await measure('consensus + record', { ...base, options: { scope: 'consensus', includeRecord: true } });
await runner?.close();
