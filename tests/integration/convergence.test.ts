/**
 * Convergence: several stock y-websocket clients make seeded random edits with
 * random disconnects and reconnects through the real server, and end
 * byte-identical (state vectors) with identical content and delete sets, equal
 * to what a fresh client loads after a server restart (support/convergence.ts).
 *
 * Also: after the server is restored from an older backup, the clients' newer
 * edits (acknowledged before the restore, or made offline) merge back.
 *
 * Replay: CONVERGENCE_SEED=<seed> CONVERGENCE_STEPS=<n> npx vitest run --project integration tests/integration/convergence.test.ts
 */
import { cpSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { makeDataDir, startTestServer, type TestServer } from '../helpers/server.js';
import { createDocWithMembers, signedInUser } from '../helpers/users.js';
import { stockClient, synced, waitFor } from '../helpers/yclient.js';
import { runConvergence, summariseConvergence } from '../fuzz/support/convergence.js';
import { contentOf } from '../fuzz/support/doc-state.js';
import { randomEdit } from '../fuzz/support/edits.js';
import { loadFromStore } from '../fuzz/support/final-state.js';
import { intFromEnv, Random, seedFromEnv } from '../fuzz/support/random.js';

const SEED = seedFromEnv('CONVERGENCE_SEED', 20260613);
const STEPS = intFromEnv('CONVERGENCE_STEPS', 400);

let server: TestServer | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('convergence with random disconnects', () => {
  it(`four clients end identical, also after a server restart (seed ${SEED}, ${STEPS} steps)`, async () => {
    server = await startTestServer();
    dataDir = server.dataDir;
    const author = await signedInUser(server, 'Author');
    const others = await Promise.all(['Commissioner A', 'Commissioner B', 'Commissioner C'].map((n) => signedInUser(server!, n)));
    const docId = await createDocWithMembers(
      server,
      author,
      others.map((o) => ({ user: o.user, role: 'commissioner' as const })),
    );
    console.info(`convergence: seed ${SEED}, ${STEPS} steps — replay with CONVERGENCE_SEED=${SEED} CONVERGENCE_STEPS=${STEPS}`);
    const report = await runConvergence({
      seed: SEED,
      steps: STEPS,
      serverUrl: server.url,
      docId,
      cookies: [author.cookie, ...others.map((o) => o.cookie)],
      restart: async () => {
        await server!.stop();
        server = await startTestServer({ dataDir: dataDir! });
        return server.url;
      },
    });
    console.info(`convergence: ${summariseConvergence(report)}`);
    expect(report.violations).toEqual([]);
    expect(report.offlineEdits).toBeGreaterThan(0);
    expect(report.disconnects).toBeGreaterThan(0);
  }, 120_000);
});

describe('restore from an older backup', () => {
  it('edits made after the backup, online and offline, merge back from the clients', async () => {
    const r = new Random(SEED + 1);
    server = await startTestServer();
    dataDir = server.dataDir;
    const port = server.port;
    const author = await signedInUser(server, 'Author');
    const other = await signedInUser(server, 'Commissioner');
    const docId = await createDocWithMembers(server, author, [{ user: other.user, role: 'commissioner' }]);
    const clients = [author.cookie, other.cookie, author.cookie].map((cookie) => stockClient(server!.url, docId, cookie));
    const restart = async (from?: string) => {
      await server!.stop();
      if (from) {
        rmSync(dataDir!, { recursive: true, force: true });
        cpSync(from, dataDir!, { recursive: true });
      }
      server = await startTestServer({ dataDir: dataDir!, env: { PORT: String(port) } });
    };
    const editSome = (n: number) => {
      for (let i = 0; i < n; i++) randomEdit(r.pick(clients).doc, r, { blockIds: r.chance(0.5) });
    };
    const converged = () =>
      waitFor(
        () =>
          clients.every(
            (c) =>
              c.provider.synced &&
              contentOf(c.doc) === contentOf(clients[0]!.doc) &&
              bytesEqual(Y.encodeStateVector(c.doc), Y.encodeStateVector(clients[0]!.doc)),
          ),
        30_000,
        'clients to converge',
      );
    const backupDir = makeDataDir();
    try {
      await Promise.all(clients.map((c) => synced(c)));
      editSome(60);
      await converged();
      // The backup: a copy of the data while the server is down.
      await server.stop();
      rmSync(backupDir, { recursive: true, force: true });
      cpSync(dataDir, backupDir, { recursive: true });
      const atBackup = Y.encodeStateVector(clients[0]!.doc);
      server = await startTestServer({ dataDir, env: { PORT: String(port) } });
      // Edits the server acknowledges and stores after the backup…
      editSome(60);
      await converged();
      // …and edits made while the server is down.
      await server.stop();
      editSome(40);
      // The administrator restores the older backup.
      await restart(backupDir);
      const restored = await loadFromStore(server.services.stores.docs, docId);
      expect(bytesEqual(Y.encodeStateVector(restored.doc), atBackup)).toBe(true); // the server really went back
      await converged();
      const fresh = stockClient(server.url, docId, other.cookie);
      clients.push(fresh);
      await synced(fresh);
      await converged();
      // Everything every client had is on the server again, and stored.
      await restart();
      const stored = await loadFromStore(server.services.stores.docs, docId);
      expect(contentOf(stored.doc)).toBe(contentOf(clients[0]!.doc));
    } finally {
      for (const c of clients) c.destroy();
      rmSync(backupDir, { recursive: true, force: true });
    }
  }, 120_000);
});

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
