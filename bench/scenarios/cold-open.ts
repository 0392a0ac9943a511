/**
 * Scenario 3 — cold open: the stored 150-page report, the server process just
 * (re)started, one client connects. Time from creating the client to holding
 * the complete document, and the bytes the client received by then.
 *
 * Run: pnpm -C bench cold-open [--full] [--reps N] [--targets …]
 */
import { LoadGenerator, type OpenResult } from '../lib/loadgen.js';
import { alternating, log, parseArgs, saveResults, workspace } from '../lib/run.js';
import { clientSpec, deploy, launch, type Deployment, type TargetName } from '../lib/targets.js';

const options = parseArgs(process.argv.slice(2), { reps: 5, fullReps: 15 });
const ws = workspace(options);
const runs: Record<string, unknown>[] = [];
const deployments = new Map<TargetName, Deployment>();
const gen = await LoadGenerator.start();
try {
  for (const { rep, target } of alternating(options.targets, options.reps)) {
    let deployment = deployments.get(target);
    if (!deployment) {
      deployment = await deploy(target, ws.runDir(`cold-${target}`), { seedFile: ws.seedFile, docs: 1, writers: 0, readers: 1 });
      deployments.set(target, deployment);
    }
    // A fresh process each time: nothing of the document is in memory.
    const server = await launch(deployment);
    try {
      const spec = clientSpec(server, 0, target === 'concord' ? 'author' : 'reader');
      const r = await gen.request<OpenResult>({ cmd: 'open', spec, topLevel: ws.topLevel, timeoutMs: 60_000 });
      runs.push({ target, rep, ms: r.ms, bytes: r.bytes, serverStartMs: server.startMs });
      log(
        `cold-open ${target} rep ${rep}: ${r.ms.toFixed(0)} ms, ${(r.bytes / 1024).toFixed(0)} KiB (server start ${server.startMs.toFixed(0)} ms)`,
      );
    } finally {
      await server.stop();
    }
  }
} finally {
  await gen.stop();
  ws.dispose();
}
log('wrote', saveResults('cold-open', options, ws, { runs }));
