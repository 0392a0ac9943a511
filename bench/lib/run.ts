/**
 * Plumbing every scenario shares: command-line options, a scratch directory,
 * the seed document (the same bytes for every server), alternating run order,
 * and the results file the report is rendered from.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { replaceDocContent } from '@concord/shared';
import { benchReport, type ReportStats } from './report.js';
import { BENCH_DIR, TARGET_NAMES, targetInfo, type TargetName } from './targets.js';
import { hasTaskset } from './proc.js';
import { GENERATOR_LAG_LIMIT_MS } from './loadgen.js';

export interface RunOptions {
  full: boolean;
  reps: number;
  targets: TargetName[];
  keep: boolean;
  /**
   * `--integrate`: the load generator's clients integrate every update into their
   * own copy of the document, as before round 11, instead of reading which edits
   * arrived off the wire (the servers' work is the same; the generator's is not).
   */
  integrate: boolean;
  /** Diagnostic runs: results go to <scenario>-<tag>.json and stay out of the report. */
  tag?: string;
}

export function parseArgs(argv = process.argv.slice(2), defaults: { reps: number; fullReps: number }): RunOptions {
  const full = argv.includes('--full');
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const targets = (value('--targets')?.split(',') ?? [...TARGET_NAMES]) as TargetName[];
  for (const t of targets) if (!TARGET_NAMES.includes(t)) throw new Error(`unknown target ${t}; use ${TARGET_NAMES.join(', ')}`);
  const tag = value('--tag');
  return {
    full,
    reps: Number(value('--reps') ?? (full ? defaults.fullReps : defaults.reps)),
    targets,
    keep: argv.includes('--keep'),
    integrate: argv.includes('--integrate'),
    ...(tag ? { tag } : {}),
  };
}

export interface Workspace {
  dir: string;
  seedFile: string;
  /** Top-level nodes of the report: a client has the complete document when it has this many. */
  topLevel: number;
  report: ReportStats & { updateBytes: number };
  runDir(label: string): string;
  dispose(): void;
}

/**
 * The Yjs client id the seed is written with. Fixed, so the seed is the same bytes in every run; and
 * small, because V8 keeps an integer above 2^30 as a heap number: a random id (above 2^30 three times
 * in four) would box the id of every struct of the report in every server and move their memory
 * figures by ~0.25 MiB per open report from one run to the next.
 */
const SEED_CLIENT_ID = 1;

/** The report as one Yjs update written by SEED_CLIENT_ID: what every server is preloaded with. */
function seedUpdate(json: Record<string, unknown>): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = SEED_CLIENT_ID;
  replaceDocContent(doc, json);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

export function workspace(options: RunOptions, pages = 150): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'concord-bench-'));
  const { json, stats } = benchReport(pages, 1);
  const seed = seedUpdate(json);
  const seedFile = join(dir, 'seed.bin');
  writeFileSync(seedFile, seed);
  let n = 0;
  return {
    dir,
    seedFile,
    topLevel: (json.content as unknown[]).length,
    report: { ...stats, updateBytes: seed.byteLength },
    runDir: (label) => join(dir, `${String(++n).padStart(3, '0')}-${label}`),
    dispose() {
      if (!options.keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Repetition r runs the targets forwards when r is even, backwards when odd. */
export function* alternating<T extends string = TargetName>(targets: readonly T[], reps: number): Generator<{ rep: number; target: T }> {
  for (let rep = 0; rep < reps; rep++) {
    const order = rep % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) yield { rep, target };
  }
}

function environment() {
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memGiB: +(totalmem() / 2 ** 30).toFixed(1),
    loadavgAtStart: loadavg().map((x) => +x.toFixed(2)),
    pinned: hasTaskset() && cpus().length >= 2,
    nice: process.env.BENCH_NICE ?? null,
    generatorLagLimitMs: GENERATOR_LAG_LIMIT_MS,
  };
}

export function saveResults(scenario: string, options: RunOptions, ws: Workspace | undefined, data: Record<string, unknown>): string {
  const dir = join(BENCH_DIR, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${scenario}${options.tag ? `-${options.tag}` : ''}.json`);
  const body = {
    scenario,
    command: `pnpm -C bench ${scenario}${options.full ? ' --full' : ''}${options.integrate ? ' --integrate' : ''}${options.tag ? ` --tag ${options.tag}` : ''}`,
    options,
    environment: environment(),
    targets: options.targets.map(targetInfo),
    ...(ws ? { report: ws.report } : {}),
    ...data,
  };
  writeFileSync(file, JSON.stringify(body, null, 2) + '\n');
  return file;
}

export const log = (...parts: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...parts);
