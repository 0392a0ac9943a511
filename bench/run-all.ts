/**
 * Runs every scenario one after another, each in its own process, then renders
 * BENCHMARKS.md and the chart from the results. Flags (--full, --reps N,
 * --targets …) are passed to every scenario. A scenario that fails is reported
 * and the rest still run.
 *
 * Run: pnpm bench (root) or pnpm -C bench all [--full]
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_DIR } from './lib/targets.js';
import { render } from './lib/render.js';

const SCENARIOS = ['steady', 'cold-open', 'memory', 'durability', 'ramp', 'concord-only', 'browser'];
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]!.split(',') : SCENARIOS;
const passOn = args.filter((a, i) => a !== '--only' && args[i - 1] !== '--only');
const failed: string[] = [];
const started = Date.now();
for (const scenario of SCENARIOS.filter((s) => only.includes(s))) {
  console.log(`\n=== ${scenario} ===`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join('scenarios', `${scenario}.ts`), ...passOn], {
    cwd: BENCH_DIR,
    stdio: 'inherit',
  });
  console.log(
    `=== ${scenario}: ${r.status === 0 ? 'done' : `FAILED (${r.status ?? r.signal})`} in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  if (r.status !== 0) failed.push(scenario);
}
render();
console.log(`\nall scenarios in ${((Date.now() - started) / 1000).toFixed(0)} s${failed.length ? `; failed: ${failed.join(', ')}` : ''}`);
process.exit(failed.length ? 1 : 0);
