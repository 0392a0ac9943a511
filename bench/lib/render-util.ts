/** Helpers shared by the report renderer and its sections. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './stats.js';
import { BENCH_DIR, type TargetInfo, type TargetName } from './targets.js';

export type Json = Record<string, any>;

export const COLORS: Record<TargetName, string> = { concord: '#1f6feb', yws: '#2da44e', hocuspocus: '#bf8700' };

export function load(scenario: string): Json | undefined {
  const file = join(BENCH_DIR, 'results', `${scenario}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Json) : undefined;
}

export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const labelOf = (data: Json, name: TargetName) => (data.targets as TargetInfo[]).find((t) => t.name === name)?.label ?? name;

/** Median of `pick` over a target's runs that were not discarded (or over all, flagged, if none were kept). */
export function medianOf(runs: Json[], pick: (r: Json) => number): { value: number; kept: number; total: number } {
  const kept = runs.filter((r) => !r.lagged);
  const use = kept.length > 0 ? kept : runs;
  return { value: median(use.map(pick)), kept: kept.length, total: runs.length };
}
