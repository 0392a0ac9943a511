/**
 * Scenario 6 — Concord only: runs the consensus and export benchmarks that the
 * consensus and import/export work own (bench/consensus/, bench/export/) and
 * keeps their output. A script that does not exist yet is recorded as missing.
 *
 * Run: pnpm -C bench concord-only
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { log, parseArgs, saveResults } from '../lib/run.js';
import { REPO_DIR } from '../lib/targets.js';

const SCRIPTS = ['bench/consensus/status.bench.ts', 'bench/export/export.bench.ts'];
const options = parseArgs(process.argv.slice(2), { reps: 1, fullReps: 1 });
const results: { script: string; status: 'ok' | 'failed' | 'missing'; exitCode: number | null; ms: number; output: string }[] = [];
for (const script of SCRIPTS) {
  if (!existsSync(join(REPO_DIR, script))) {
    results.push({ script, status: 'missing', exitCode: null, ms: 0, output: '' });
    log(`${script}: not present`);
    continue;
  }
  log(`running npx tsx ${script}`);
  const t0 = performance.now();
  const r = spawnSync('npx', ['tsx', script], { cwd: REPO_DIR, encoding: 'utf8', timeout: 600_000, maxBuffer: 16 * 1024 * 1024 });
  const output = `${r.stdout ?? ''}${r.stderr ? `\n${r.stderr}` : ''}`
    .split('\n')
    .filter((l) => !l.startsWith('npm warn'))
    .join('\n')
    .trim();
  results.push({ script, status: r.status === 0 ? 'ok' : 'failed', exitCode: r.status, ms: performance.now() - t0, output });
  process.stdout.write(output + '\n');
}
log('wrote', saveResults('concord-only', { ...options, targets: ['concord'] }, undefined, { results }));
