/**
 * Scenario 4 — memory per open document: the server's resident memory with 1,
 * 10 and 50 copies of the 150-page report open (one connected client each),
 * minus its memory with none open, divided by the number of documents.
 *
 * Run: pnpm -C bench memory [--full] [--reps N] [--targets …]
 */
import { LoadGenerator } from '../lib/loadgen.js';
import { processRssMiB, sleep } from '../lib/proc.js';
import { alternating, log, parseArgs, saveResults, workspace } from '../lib/run.js';
import { clientSpec, deploy, launch } from '../lib/targets.js';

const STEPS = [1, 10, 50];
const options = parseArgs(process.argv.slice(2), { reps: 1, fullReps: 3 });
const settleMs = options.full ? 5_000 : 2_000;
const ws = workspace(options);
const runs: Record<string, unknown>[] = [];
try {
  for (const { rep, target } of alternating(options.targets, options.reps)) {
    const max = STEPS[STEPS.length - 1]!;
    const deployment = await deploy(target, ws.runDir(`memory-${target}`), { seedFile: ws.seedFile, docs: max, writers: 0, readers: max });
    const server = await launch(deployment);
    const gen = await LoadGenerator.start();
    try {
      await sleep(settleMs);
      const baseMiB = processRssMiB(server.pid);
      const steps: { docs: number; rssMiB: number; perDocMiB: number }[] = [];
      let open = 0;
      for (const docs of STEPS) {
        const specs = Array.from({ length: docs - open }, (_, i) => clientSpec(server, open + i, 'reader', open + i));
        await gen.request({ cmd: 'hold', specs, topLevel: ws.topLevel });
        open = docs;
        await sleep(settleMs);
        const rssMiB = processRssMiB(server.pid);
        steps.push({ docs, rssMiB, perDocMiB: (rssMiB - baseMiB) / docs });
        log(
          `memory ${target} rep ${rep}: ${docs} docs → RSS ${rssMiB.toFixed(0)} MiB (base ${baseMiB.toFixed(0)}), ${((rssMiB - baseMiB) / docs).toFixed(1)} MiB per document`,
        );
      }
      runs.push({ target, rep, baseMiB, steps });
      await gen.request({ cmd: 'close' });
    } finally {
      await gen.stop();
      await server.stop();
    }
  }
} finally {
  ws.dispose();
}
log('wrote', saveResults('memory', options, ws, { steps: STEPS, settleMs, runs }));
