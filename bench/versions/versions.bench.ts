/**
 * Version history on the 150-page report (issue 18): storage for N versions,
 * time to open one version and to compare two, and how long a checkpoint holds
 * the event loop (what a person typing would wait) while it runs.
 *
 *   npx tsx bench/versions/versions.bench.ts [--pages 150] [--versions 500] [--edits 5]
 *
 * A real server (in-process, SQLite in a temp dir) with the generated report;
 * between versions a few random paragraphs are reworded through the server's
 * own copy (as client edits would be), then a checkpoint is taken. Event-loop
 * delay is sampled with perf_hooks.monitorEventLoopDelay during the checkpoints only.
 *
 * Then the editing latency with checkpoints happening: a stock y-websocket client
 * signed in over HTTP types one character every 25 ms into the report and times
 * each keystroke until the server's durable `saved` acknowledgement covers it —
 * first with no checkpoint running, then with checkpoints taken back to back in
 * the capture worker (capture-runner.ts), then back to back on the event loop
 * (what every checkpoint did before the worker). The client runs in this
 * process, so a keystroke waits for whatever holds this event loop, as it would
 * wait for the server's.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import { BLOCK_ID_ATTR, docFragment, updateFromProseMirrorJSON } from '@concord/shared';
import { generateReport, seededRandom } from '@concord/shared/fixtures/index';
import { configFromEnv } from '@concord/server/config';
import { startServer } from '@concord/server/app';
import { createLogger } from '@concord/server/logger';
import { createDocument } from '@concord/server/docs/create-document';
import { addUser } from '@concord/server/auth/accounts';
import { connectClient, whenComplete } from '../lib/clients.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1]!);
const PAGES = Number(args.get('pages') ?? 150);
const VERSIONS = Number(args.get('versions') ?? 500);
const EDITS = Number(args.get('edits') ?? 5);
const KEYSTROKES = Number(args.get('keystrokes') ?? 200);

const dir = mkdtempSync(join(tmpdir(), 'concord-versions-bench-'));
// The room stays loaded for the whole run (the bench holds it without a socket until the typing phase).
const config = configFromEnv({
  PORT: '0',
  DATA_DIR: dir,
  DEMO: 'false',
  LOG_LEVEL: 'silent',
  CHECKPOINT_INTERVAL_MS: '86400000',
  UNLOAD_GRACE_MS: '86400000',
});
const server = await startServer(config, { logger: createLogger('silent') });
const { stores, versions, rooms } = server.services;
const user = await addUser(stores.accounts, { email: 'bench@example.org', name: 'Bench', password: 'bench password 1' });
const report = generateReport({ pages: PAGES, seed: 18 });
const meta = await createDocument(stores, {
  title: 'Bench',
  authorId: user.id,
  initialUpdate: updateFromProseMirrorJSON(report as unknown as Record<string, unknown>),
});
const room = await rooms.acquire(meta.id);
const paragraphs: Y.XmlText[] = [];
const collect = (el: Y.XmlFragment | Y.XmlElement) => {
  for (const child of el.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue;
    if (child.nodeName === 'paragraph' && child.getAttribute(BLOCK_ID_ATTR)) {
      const text = child.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText);
      if (text) paragraphs.push(text);
    } else collect(child);
  }
};
collect(docFragment(room.doc));
const random = seededRandom(1);
const dbFile = join(dir, 'concord.sqlite');
const sizeOf = () => ['', '-wal'].reduce((n, suffix) => n + (statSync(dbFile + suffix, { throwIfNoEntry: false })?.size ?? 0), 0);

const blocks = (await server.services.consensus.view(meta.id)).view.entries.length;
// Checkpoints run in the capture worker once it has started (a few seconds from the TypeScript sources).
await versions.captures.whenReady();
const before = sizeOf();
const delay = monitorEventLoopDelay({ resolution: 1 });
const checkpointMs: number[] = [];
const ids: string[] = [];
for (let v = 0; v < VERSIONS; v++) {
  room.doc.transact(() => {
    for (let e = 0; e < EDITS; e++) paragraphs[random.int(0, paragraphs.length - 1)]!.insert(0, `v${v} `);
  });
  await new Promise<void>((resolve) => room.afterCommit(resolve));
  delay.enable();
  const t0 = performance.now();
  const stored = await versions.checkpoint(meta.id, 'activity', null);
  checkpointMs.push(performance.now() - t0);
  delay.disable();
  if (stored) ids.push(stored.id);
}
const after = sizeOf();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

// Opening and comparing: a fresh service cache each time (distinct versions).
const openMs: number[] = [];
const compareMs: number[] = [];
for (let i = 0; i < 10; i++) {
  const a = ids[random.int(0, ids.length - 1)]!;
  const b = ids[random.int(0, ids.length - 1)]!;
  let t0 = performance.now();
  await versions.get(meta.id, a);
  openMs.push(performance.now() - t0);
  t0 = performance.now();
  await versions.compare(meta.id, b, 'current', false);
  compareMs.push(performance.now() - t0);
}
// Editing latency: keystrokes over a real socket, without and with checkpoints running.
const login = await fetch(`${server.url}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: server.url },
  body: JSON.stringify({ email: 'bench@example.org', password: 'bench password 1' }),
});
const cookie = /concord_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
if (!cookie) throw new Error(`sign-in failed: ${login.status}`);
const client = connectClient({
  target: 'concord',
  url: server.url.replace(/^http/, 'ws') + '/sync',
  docId: meta.id,
  cookie: `concord_session=${cookie}`,
  concordAcks: true,
});
await whenComplete(client, docFragment(room.doc).length);
const typed = (() => {
  const found: Y.XmlText[] = [];
  const walk = (el: Y.XmlFragment | Y.XmlElement) => {
    for (const child of el.toArray())
      if (child instanceof Y.XmlElement) {
        if (child.nodeName === 'paragraph' && found.length < 1)
          found.push(...child.toArray().filter((c): c is Y.XmlText => c instanceof Y.XmlText));
        else walk(child);
      }
  };
  walk(docFragment(client.doc));
  return found[0]!;
})();

async function typing(withCheckpoints: 'none' | 'worker' | 'inline'): Promise<{ latencies: number[]; checkpoints: number }> {
  versions.captures.inWorker = withCheckpoints !== 'inline';
  if (withCheckpoints === 'worker') await versions.captures.whenReady();
  const latencies: number[] = [];
  const waiting: { clock: number; at: number }[] = [];
  client.onAck = (clock) => {
    while (waiting.length > 0 && waiting[0]!.clock <= clock) latencies.push(performance.now() - waiting.shift()!.at);
  };
  let running = withCheckpoints !== 'none';
  let checkpoints = 0;
  const loop = (async () => {
    while (running) {
      await versions.checkpoint(meta.id, 'activity', null);
      checkpoints++;
    }
  })();
  for (let k = 0; k < KEYSTROKES; k++) {
    typed.insert(0, 'k');
    waiting.push({ clock: Y.getState(client.doc.store, client.doc.clientID) - 1, at: performance.now() });
    await new Promise((r) => setTimeout(r, 25));
  }
  while (waiting.length > 0) await new Promise((r) => setTimeout(r, 25));
  running = false;
  await loop;
  return { latencies, checkpoints };
}
const quiet = await typing('none');
const withWorker = await typing('worker');
const onLoop = await typing('inline');
client.destroy();
const stats = versions.captures.stats;

rooms.release(room);
await server.stop();
rmSync(dir, { recursive: true, force: true });

console.log(`| measure | value |`);
console.log(`|---|---|`);
console.log(`| report | ${PAGES} pages, ${blocks} blocks |`);
console.log(`| versions stored | ${ids.length} (${EDITS} paragraphs reworded between versions) |`);
console.log(
  `| database growth for them | ${((after - before) / 1024 / 1024).toFixed(1)} MB (${((after - before) / ids.length / 1024).toFixed(0)} KB a version) |`,
);
console.log(`| checkpoint, median / p95 | ${median(checkpointMs).toFixed(0)} / ${p95(checkpointMs).toFixed(0)} ms |`);
console.log(
  `| event loop held during checkpoints, p50 / p99 / max | ${(delay.percentile(50) / 1e6).toFixed(1)} / ${(delay.percentile(99) / 1e6).toFixed(1)} / ${(delay.max / 1e6).toFixed(1)} ms |`,
);
console.log(`| open a version (cold), median / max | ${median(openMs).toFixed(0)} / ${Math.max(...openMs).toFixed(0)} ms |`);
console.log(`| compare a version with now, median / max | ${median(compareMs).toFixed(0)} / ${Math.max(...compareMs).toFixed(0)} ms |`);
const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;
console.log();
console.log(`| keystroke → saved, ${KEYSTROKES} keystrokes every 25 ms | checkpoints taken | p50 | p95 | p99 | max |`);
console.log(`|---|---|---|---|---|---|`);
for (const [label, r] of [
  ['no checkpoint running', quiet],
  ['checkpoints back to back, in the worker', withWorker],
  ['checkpoints back to back, on the event loop', onLoop],
] as const)
  console.log(
    `| ${label} | ${r.checkpoints} | ${p(r.latencies, 0.5).toFixed(1)} ms | ${p(r.latencies, 0.95).toFixed(1)} ms | ${p(r.latencies, 0.99).toFixed(1)} ms | ${Math.max(...r.latencies).toFixed(1)} ms |`,
  );
console.log(
  `captures: ${stats.worker} in the worker, ${stats.inline} on the event loop; ${stats.wordingsReceived} wordings back; ${(stats.bytesPosted / 1024).toFixed(0)} KB posted`,
);
