/**
 * Scenario 1 — steady editing: 20 writers typing ~5 keystrokes/s each (with a
 * presence update per keystroke) and 30 readers on the 150-page report.
 * Reports edit-to-remote-receipt latency at every reader, server CPU and RSS.
 *
 * Run: pnpm -C bench steady [--full] [--reps N] [--targets concord,yws,hocuspocus] [--caret-ms N] [--integrate]
 *
 * Clients are each server's stock client. Once synced, they learn which edits
 * arrived by reading the updates off the wire (lib/wire-receipts.ts) instead of
 * integrating each into their own copy of the 1,650-block document: the
 * latency is edit sent → update received. Presence is applied and echoed back
 * as stock clients do, byte for byte, without parsing its JSON
 * (lib/light-presence.ts). --integrate keeps the old way (every client
 * integrates every update, latency ends when the reader's document has it, and
 * presence goes through the stock code), which cost the load generator most of
 * its core. The servers send and receive the same messages either way.
 */
import { LoadGenerator } from '../lib/loadgen.js';
import { alternating, log, parseArgs, saveResults, workspace } from '../lib/run.js';
import { editingWindow, specs, STEADY } from '../lib/session.js';
import { deploy, launch } from '../lib/targets.js';

const options = parseArgs(process.argv.slice(2), { reps: 2, fullReps: 5 });
const caretArg = process.argv.indexOf('--caret-ms');
const caretIntervalMs = caretArg >= 0 ? Number(process.argv[caretArg + 1]) : 0;
const timing = options.full
  ? { warmupMs: 5_000, durationMs: 60_000, drainMs: 2_000 }
  : { warmupMs: 2_000, durationMs: 6_000, drainMs: 1_000 };
const ws = workspace(options);
const runs: Record<string, unknown>[] = [];
try {
  for (const { rep, target } of alternating(options.targets, options.reps)) {
    const deployment = await deploy(target, ws.runDir(`steady-${target}`), {
      seedFile: ws.seedFile,
      docs: 1,
      writers: STEADY.writers,
      readers: STEADY.readers,
    });
    const server = await launch(deployment);
    const gen = await LoadGenerator.start();
    try {
      const { connectMs } = await gen.request<{ connectMs: number }>({
        cmd: 'connect',
        writers: specs(server, 'writer', 0, STEADY.writers),
        readers: specs(server, 'reader', 0, STEADY.readers),
        topLevel: ws.topLevel,
        presence: true,
        integrate: options.integrate,
        caretIntervalMs,
        seed: 1000 * rep + 1,
      });
      const r = await editingWindow(server, gen, { rate: STEADY.rate, ...timing });
      runs.push({ target, rep, connectMs, ...r });
      log(
        `steady ${target} rep ${rep}: ${r.editsPerSec.toFixed(0)} edits/s p50 ${r.latency.p50.toFixed(1)} p99 ${r.latency.p99.toFixed(1)} max ${r.latency.max.toFixed(1)} ms; server cpu ${(r.serverCpuShare * 100).toFixed(0)}% rss ${r.rssMaxMiB.toFixed(0)} MiB; generator lag p99 ${r.generator.loopDelayP99Ms.toFixed(1)} ms${r.lagged ? ' (LAGGED: discarded)' : ''}`,
      );
    } finally {
      await gen.stop();
      await server.stop();
    }
  }
} finally {
  ws.dispose();
}
log(
  'wrote',
  saveResults('steady', options, ws, {
    load: {
      ...STEADY,
      presencePerKeystroke: caretIntervalMs === 0,
      caretIntervalMs,
      receipts: options.integrate ? 'integrated' : 'wire',
      ...timing,
    },
    runs,
  }),
);
