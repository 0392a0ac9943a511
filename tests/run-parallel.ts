/**
 * Runs shell commands at the same time and fails if any fails: `pnpm test` runs its
 * checks (typecheck, lint and knip, build) side by side, then the vitest suite as two
 * runs side by side (`pnpm test:all`).
 *
 *   tsx tests/run-parallel.ts "<command>" "<command>" …
 *
 * Why two vitest runs rather than one: vitest runs a project without file parallelism
 * (e2e: one Chromium at a time) in a group of its own *after* the other projects, and
 * gives those `availableParallelism - 1` workers — one on a 2-core CI machine. One run is
 * therefore one file at a time from start to end (round 15: 1,239 s of wall time for
 * 993 s of tests). Two runs keep one Chromium at a time and give each core a lane; on a
 * bigger machine each run's non-browser projects take more workers on their own. The
 * lanes: the unit projects (shared, client, server) then e2e; and integration, whose
 * files start servers, PostgreSQL, Redis and child processes and slow down most on a
 * busy machine (round 15, under a load of ~18: integration 2,083 s of tests, the rest
 * 1,302 s; on the quiet round-14 run 486 s and 506 s).
 *
 * Each command's output is copied line by line, so one command's line is never cut by
 * another's; vitest's lines already name their project (` ✓  e2e  tests/e2e/…`). At
 * the end one line says how long each command took and how it ended.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

interface Ended {
  command: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  seconds: number;
}

function copyLines(from: Readable, to: Writable): void {
  createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => to.write(`${line}\n`));
}

const commands = process.argv.slice(2);
if (commands.length === 0) {
  console.error('usage: tsx tests/run-parallel.ts "<command>" "<command>" …');
  process.exit(2);
}
// The children write to pipes (so they print plain lines, no live redrawing); colours only if a person watches this process.
const env = process.stdout.isTTY && !process.env.NO_COLOR ? { ...process.env, FORCE_COLOR: '1' } : process.env;

const running = commands.map((command) => {
  const started = performance.now();
  // A process group of its own, so that a stop reaches the shell's children (pnpm, vitest, its workers) too.
  const child = spawn(command, { shell: true, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  copyLines(child.stdout, process.stdout);
  copyLines(child.stderr, process.stderr);
  const ended = new Promise<Ended>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({ command, code, signal, seconds: (performance.now() - started) / 1000 });
    });
  });
  return { child, ended };
});

// Ctrl-C or a CI cancel stops every command, not only this process.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const { child } of running) {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // That group has already ended.
      }
    }
  });
}

const results = await Promise.all(running.map((r) => r.ended));
const outcome = (r: Ended) => (r.signal ? `killed by ${r.signal}` : r.code === 0 ? 'ok' : `FAILED, exit ${String(r.code)}`);
console.log(`\nat once: ${results.map((r) => `\`${r.command}\` ${r.seconds.toFixed(0)} s ${outcome(r)}`).join('; ')}`);
process.exitCode = results.every((r) => r.code === 0) ? 0 : 1;
