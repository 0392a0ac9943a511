/**
 * Scenario 5 — durability: 10 writers type (~5 keystrokes/s each) and one
 * observer reads; at a random moment the server gets `kill -9`; it is restarted
 * on the same storage and a fresh client reads what survived.
 *
 * Every keystroke is an insertion, so a writer's edits are numbered by its Yjs
 * clock and "edit k survived" means the restored document reaches clock k.
 * What counts as acknowledged differs, because the protocols differ:
 *   - Concord: the `saved` message (state vector durably committed) — the ack
 *     the editor shows as "saved".
 *   - Hocuspocus: the provider's unsyncedChanges back to 0 (the server's
 *     SyncStatus after applying an update) — what its provider reports as synced.
 *   - y-websocket server: no acknowledgement exists; we count an edit as
 *     "acknowledged" once another client had received it before the kill.
 * All three also report that last figure ("seen by a collaborator").
 *
 * Run: pnpm -C bench durability [--full] [--reps N] [--targets …]
 */
import { LoadGenerator, type OpenResult, type TypeResult, type WriterAcks } from '../lib/loadgen.js';
import { sleep } from '../lib/proc.js';
import { alternating, log, parseArgs, saveResults, workspace } from '../lib/run.js';
import { specs } from '../lib/session.js';
import { clientSpec, deploy, launch } from '../lib/targets.js';

const WRITERS = 10;
const options = parseArgs(process.argv.slice(2), { reps: 2, fullReps: 5 });
// Kill somewhere in this window after typing starts (seeded per repetition).
const killRange = options.full ? [15_000, 40_000] : [3_000, 8_000];
const ws = workspace(options);
const runs: Record<string, unknown>[] = [];
try {
  for (const { rep, target } of alternating(options.targets, options.reps)) {
    const killAfterMs = Math.round(killRange[0]! + (((rep + 1) * 0.618034) % 1) * (killRange[1]! - killRange[0]!));
    const deployment = await deploy(target, ws.runDir(`durability-${target}`), {
      seedFile: ws.seedFile,
      docs: 1,
      writers: WRITERS,
      readers: 1,
    });
    let server = await launch(deployment);
    const gen = await LoadGenerator.start();
    try {
      await gen.request({
        cmd: 'connect',
        writers: specs(server, 'writer', 0, WRITERS),
        readers: specs(server, 'reader', 0, 1),
        topLevel: ws.topLevel,
        presence: true,
        integrate: options.integrate,
        seed: 77 + rep,
      });
      const started = gen.next('window-start');
      const typing = gen.request<TypeResult>({ cmd: 'type', rate: 5, warmupMs: 0, durationMs: killAfterMs + 1_000, drainMs: 0 });
      await started;
      await sleep(killAfterMs);
      await server.kill9();
      await sleep(300); // let acks already on the wire reach the clients
      await typing;
      const { writers } = await gen.request<{ writers: WriterAcks[] }>({ cmd: 'halt' });

      server = await launch(deployment);
      const restored = await gen.request<OpenResult>({
        cmd: 'open',
        spec: clientSpec(server, 0, target === 'concord' ? 'author' : 'reader'),
        topLevel: ws.topLevel,
        timeoutMs: 60_000,
      });
      let typed = 0;
      let acked = 0;
      let seen = 0;
      let present = 0;
      let lostAcked = 0;
      let lostSeen = 0;
      for (const w of writers) {
        const have = restored.stateVector[String(w.clientId)] ?? 0;
        typed += w.typed;
        present += Math.min(have, w.typed);
        seen += w.seenByPeer ?? 0;
        lostSeen += Math.max(0, (w.seenByPeer ?? 0) - have);
        if (w.acked !== null) {
          acked += w.acked;
          lostAcked += Math.max(0, w.acked - have);
        }
      }
      const hasAck = writers.some((w) => w.acked !== null);
      const run = {
        target,
        rep,
        killAfterMs,
        typed,
        acked: hasAck ? acked : null,
        seenByPeer: seen,
        present,
        lostAcked: hasAck ? lostAcked : null,
        lostSeen,
        lostTyped: typed - present,
      };
      runs.push(run);
      log(
        `durability ${target} rep ${rep}: kill after ${killAfterMs} ms; typed ${typed}, acked ${run.acked ?? 'n/a'}, seen by a peer ${seen}, survived ${present}; lost acknowledged ${run.lostAcked ?? 'n/a'}, lost seen ${lostSeen}`,
      );
    } finally {
      await gen.stop();
      await server.stop();
    }
  }
} finally {
  ws.dispose();
}
log('wrote', saveResults('durability', options, ws, { writers: WRITERS, rate: 5, killRangeMs: killRange, runs }));
