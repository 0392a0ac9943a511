/**
 * Fuzz, seeded and replayable: thousands of mutated sync (step 1, step 2,
 * update) and awareness messages, plus unknown message types, over raw sockets
 * with a commissioner's session, interleaved with valid edits by a good client
 * (support/sync-fuzz.ts explains the oracle). Afterwards the server answers, a
 * fresh client loads exactly what the valid updates alone produce, no `saved`
 * acknowledgement ever covered a refused update, and the stored log reloads
 * cleanly after a restart.
 *
 * Replay: FUZZ_SEED=<seed> FUZZ_ITERATIONS=<n> npx vitest run --project integration tests/fuzz/sync-fuzz.test.ts
 * (FUZZ_DUMP_DIR=<dir> also writes the state before, the message and the state after of each violation.)
 * CI runs the default size; the long run, over seeds 1–30 at 1 000 operations each, is in
 * docs/RELIABILITY.md ("Long fuzz runs"). A seed may take another path on another run (the
 * server's block ids), so keep what fails with FUZZ_DUMP_DIR.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startDocFixture, healthz, watchServerClientIds } from './support/fixture.js';
import { compareDocs, loadFromStore, loadWithStockClient } from './support/final-state.js';
import { intFromEnv, seedFromEnv } from './support/random.js';
import { checkAcknowledgements, runSyncFuzz, summarise } from './support/sync-fuzz.js';
import { stateVectorOf } from './support/doc-state.js';

const SEED = seedFromEnv('FUZZ_SEED', 20260611);
const ITERATIONS = intFromEnv('FUZZ_ITERATIONS', 2500);
/** Small, so that size caps are within reach of mutations too. */
const ENV = { MAX_MESSAGE_BYTES: String(64 * 1024) };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

describe('sync fuzz against the real server', () => {
  it(`refuses what Yjs cannot integrate, stores nothing else, acknowledges only what it stored (seed ${SEED}, ${ITERATIONS} operations)`, async () => {
    const fx = await startDocFixture(ENV);
    let server: TestServer = fx.server;
    cleanups.push(() => rmSync(fx.server.dataDir, { recursive: true, force: true }));
    cleanups.push(() => server.stop());
    console.info(`sync fuzz: seed ${SEED}, ${ITERATIONS} operations — replay with FUZZ_SEED=${SEED} FUZZ_ITERATIONS=${ITERATIONS}`);

    const report = await runSyncFuzz({
      seed: SEED,
      iterations: ITERATIONS,
      serverUrl: server.url,
      docId: fx.docId,
      cookies: { good: fx.good.cookie, attacker: fx.attacker.cookie, observer: fx.observer.cookie },
      serverClientIds: fx.serverClientIds,
      ...(process.env.FUZZ_DUMP_DIR ? { dumpDir: process.env.FUZZ_DUMP_DIR } : {}),
    });
    console.info(`sync fuzz: ${summarise(report)}`);
    expect(report.violations).toEqual([]);
    expect(report.goodEdits).toBeGreaterThan(0);
    expect(report.yjsBad).toBeGreaterThan(0); // the fuzz did reach Yjs with updates it cannot take

    // The server still answers, and a fresh stock client gets exactly the valid updates.
    await healthz(server.url);
    const fresh = await loadWithStockClient(server.url, fx.docId, fx.observer.cookie);
    expect(compareDocs('fresh client', fresh, report.expected, fx.serverClientIds)).toEqual([]);

    // Restart on the same data: the stored log and snapshot reload cleanly and hold the same.
    const dataDir = server.dataDir;
    await server.stop();
    server = await startTestServer({ dataDir, env: ENV });
    watchServerClientIds(server, fx.serverClientIds);
    const stored = await loadFromStore(server.services.stores.docs, fx.docId);
    expect(compareDocs('stored document', stored.doc, report.expected, fx.serverClientIds)).toEqual([]);
    const afterRestart = await loadWithStockClient(server.url, fx.docId, fx.good.cookie);
    expect(compareDocs('fresh client after restart', afterRestart, report.expected, fx.serverClientIds)).toEqual([]);

    // No acknowledgement ever covered a refused update or anything not stored.
    expect(report.saved.length).toBeGreaterThan(0);
    expect(checkAcknowledgements(report, stateVectorOf(stored.doc), fx.serverClientIds)).toEqual([]);
  }, 240_000);
});
