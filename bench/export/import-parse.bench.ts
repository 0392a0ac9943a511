/**
 * The import's HTML → document step, before and after issue 17's change, side
 * by side in one process on the generated 150-page report as DOCX:
 *
 *   cd /work/main && npx tsx bench/export/import-parse.bench.ts [--runs 5] [--pages 150]
 *
 * "happy-dom" is the old step (TipTap's generateJSON: ProseMirror's DOMParser
 * over a happy-dom page), kept as the test reference in
 * tests/integration/support/reference-import-parser.ts; "htmlparser2" is the
 * import's step now (server/src/import/light-dom.ts). Runs alternate between
 * the two so machine load hits both alike; the load average is printed with the
 * results. Everything else in the import (mammoth, sanitising, ids) is the same
 * code in both rows.
 */
import { loadavg } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { renderDocx, type ExportInput } from '@concord/shared';
import { generateBlockStates, generateReport } from '@concord/shared/fixtures/index';
import { prepareImportHtml } from '@concord/server/import/import-document';
import { htmlToDoc, parseImportHtml, type JsonNode } from '@concord/server/import/html-to-doc';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const RUNS = Number(args.get('runs') ?? 5);
const PAGES = Number(args.get('pages') ?? 150);

// Not a static import: the reference lives with the tests (its happy-dom is theirs), outside this package.
const reference = (await import(new URL('../../tests/integration/support/reference-import-parser.ts', import.meta.url).href)) as {
  referenceParseImportHtml: (html: string) => JsonNode;
};

const doc = generateReport({ pages: PAGES, seed: 'bench' });
const states = generateBlockStates(doc, { seed: 'bench', commissioners: 15 });
const input: ExportInput = {
  title: 'Commission on the Future of Public Services — Final Report',
  doc,
  blocks: new Map([...states].map(([id, s]) => [id, { ...s, status: 'agreed' as const }])),
  rule: { kind: 'unanimous' },
  generatedAt: '2025-06-30T12:00:00Z',
  options: { scope: 'consensus', includeRecord: false },
};
const docx = await renderDocx(input);

const counter = () => {
  let n = 0;
  return () => `b${++n}`;
};
type Parse = (html: string) => JsonNode;
const steps: Record<string, Parse> = { 'happy-dom (before)': reference.referenceParseImportHtml, 'htmlparser2 (now)': parseImportHtml };
const samples = new Map<string, { whole: number[]; parse: number[] }>(Object.keys(steps).map((k) => [k, { whole: [], parse: [] }]));

const loadBefore = loadavg();
let sameResult = true;
for (let run = -1; run < RUNS; run++) {
  const outputs: unknown[] = [];
  for (const [name, parse] of Object.entries(steps)) {
    const started = performance.now();
    const { html } = await prepareImportHtml({ filename: 'report.docx', bytes: docx });
    const parseStarted = performance.now();
    const parsed = parse(html);
    const parseMs = performance.now() - parseStarted;
    const { doc: imported } = htmlToDoc(html, counter(), () => parsed);
    const wholeMs = performance.now() - started;
    outputs.push(imported);
    // run -1 warms both up (module loading, JIT) and is not counted.
    if (run >= 0) {
      samples.get(name)!.whole.push(wholeMs);
      samples.get(name)!.parse.push(parseMs);
    }
  }
  sameResult &&= isDeepStrictEqual(outputs[0], outputs[1]);
}
const loadAfter = loadavg();

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
console.log(
  `\n${PAGES}-page report as DOCX (${(docx.byteLength / 1024).toFixed(0)} KB), ${RUNS} alternating runs after one warm-up each; Node ${process.version}.`,
);
console.log(
  `Load average ${loadBefore.map((l) => l.toFixed(1)).join(' / ')} before, ${loadAfter.map((l) => l.toFixed(1)).join(' / ')} after (1 / 5 / 15 min). Same document from both: ${sameResult ? 'yes' : 'NO'}.\n`,
);
console.log('| HTML → document step | Whole import, median (min–max) | That step alone, median (min–max) |');
console.log('|---|---:|---:|');
for (const [name, { whole, parse }] of samples) {
  console.log(
    `| ${name} | ${ms(median(whole))} (${ms(Math.min(...whole))}–${ms(Math.max(...whole))}) | ${ms(median(parse))} (${ms(Math.min(...parse))}–${ms(Math.max(...parse))}) |`,
  );
}
process.exitCode = sameResult ? 0 : 1;
