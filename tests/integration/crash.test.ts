/**
 * Durable before acknowledged, proven against a real server process:
 * several stock clients type while the server is killed with SIGKILL at
 * random (seeded) moments and restarted on the same data dir. After every
 * kill, the SQLite file holds every token any client was told was saved;
 * in the end all clients converge and SQLite's integrity check passes.
 * The same check against PostgreSQL, with three processes: multi/pg-crash.test.ts.
 *
 * Replay a run with CRASH_SEED=<seed>; more rounds with CRASH_ROUNDS=<n>.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDocument } from '@concord/server/docs/create-document';
import { openSqliteStores } from '@concord/server/store/open-stores';
import { freePort, startServerProcess, type ServerProcess } from '../helpers/process.js';
import { waitFor } from '../helpers/yclient.js';
import { ackedByServer, expectedTokens, prng, Typist } from './support/typists.js';
import {
  converged,
  expectAcknowledgedStored,
  keepTyping,
  pendingOf,
  storedDoc,
  totalAcked,
  withDiagnostics,
} from './support/crash-check.js';
import { rawSocket, textInsertUpdate, updateMessage } from './support/concord-messages.js';
import { seedDataDir, type SeededDataDir } from '../helpers/seeded-data-dir.js';

const SEED = Number(process.env.CRASH_SEED ?? 20261123);
// Issue 7 asks for at least 20 rounds in CI (about 5 s each on 2 cores).
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);
const TYPISTS = 3;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A user with a live session and an empty document, written straight into a fresh data dir. */
async function seed(): Promise<SeededDataDir> {
  const seeded = await seedDataDir({ people: [{ name: 'Typist' }], docs: [{ title: 'Crash test' }] });
  cleanups.push(() => seeded.remove());
  return seeded;
}

/** Reads the document through the store and runs SQLite's integrity check on the file (the server is down). */
async function readStored(fx: SeededDataDir): Promise<{ doc: Y.Doc; integrity: string }> {
  const stores = openSqliteStores(fx.dbFile);
  try {
    const integrity = stores.db.pragma('integrity_check', { simple: true }) as string;
    return { doc: await storedDoc(stores, fx.docId), integrity };
  } finally {
    await stores.close();
  }
}

function startTypists(fx: SeededDataDir, url: string): Typist[] {
  const typists = Array.from({ length: TYPISTS }, (_, i) => new Typist(i, url, fx.docId, fx.cookie));
  cleanups.push(() => typists.forEach((t) => t.destroy()));
  return typists;
}

async function startServer(fx: SeededDataDir, port: number): Promise<ServerProcess> {
  const server = await startServerProcess({ dataDir: fx.dataDir, port });
  cleanups.push(() => void server.kill('SIGKILL'));
  return server;
}

describe('durability under kill -9 (server as a child process)', { timeout: 600_000 }, () => {
  it(`keeps every acknowledged update over ${ROUNDS} random kills (seed ${SEED})`, { timeout: 120_000 + ROUNDS * 20_000 }, async () => {
    const random = prng(SEED);
    const fx = await seed();
    const port = await freePort();
    let server = await startServer(fx, port);
    const typists = startTypists(fx, server.url);
    const typing = keepTyping(typists, random);
    const rounds: { acked: number; typed: number }[] = [];
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        // Every round kills a server that is acknowledging: wait for a new ack, then a
        // random moment (sometimes while clients still resync, sometimes mid-flow).
        const ackedBefore = totalAcked(typists);
        await withDiagnostics(typists, () =>
          waitFor(() => totalAcked(typists) > ackedBefore, 60_000, `an acknowledgement in round ${round}`),
        );
        // A seeded random moment to kill at: the scenario, not a wait for something.
        await new Promise((r) => setTimeout(r, Math.floor(random() * 600)));
        await server.kill('SIGKILL');
        // Pending structs at a client across a kill once ended in a 4400 (crash-pending-structs.test.ts): say so.
        for (const t of typists.filter((t) => pendingOf(t) !== 'none'))
          console.info(`round ${round} (seed ${SEED}): client ${t.index} holds pending structs, missing ${pendingOf(t)}`);
        const { doc, integrity } = await readStored(fx);
        expect(integrity, `round ${round}`).toBe('ok');
        const acked = expectAcknowledgedStored(doc, typists, `round ${round} (seed ${SEED})`);
        rounds.push({ acked, typed: typists.reduce((n, t) => n + t.typed, 0) });
        doc.destroy();
        server = await startServer(fx, port);
      }
    } finally {
      typing.stop();
    }
    await converged(typists);
    // Graceful stop, then everything typed is on disk.
    await server.kill('SIGTERM');
    const { doc, integrity } = await readStored(fx);
    expect(integrity).toBe('ok');
    for (const t of typists) expect(doc.getArray(t.arrayName).toArray()).toEqual(expectedTokens(t.index, t.typed));
    // Not vacuous: acknowledgements kept coming, and kills hit unacknowledged typing.
    expect(rounds.at(-1)!.acked).toBeGreaterThan(rounds[0]!.acked);
    expect(rounds.some((r) => r.typed > r.acked)).toBe(true);
  });

  it('shuts down gracefully on SIGTERM: clients see 1001 and nothing is lost', async () => {
    const fx = await seed();
    const port = await freePort();
    const server = await startServer(fx, port);
    const typists = startTypists(fx, server.url);
    const typing = keepTyping(typists, prng(SEED + 1));
    await withDiagnostics(typists, () =>
      waitFor(
        () => typists.every((t) => t.client.provider.synced && ackedByServer(typists, t.clientId) > 10),
        30_000,
        'typing to be acknowledged',
      ),
    );
    const exit = await server.kill('SIGTERM');
    typing.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    for (const t of typists) expect(t.client.closeEvents.map((e) => e.code)).toContain(1001);
    const { doc, integrity } = await readStored(fx);
    expect(integrity).toBe('ok');
    expectAcknowledgedStored(doc, typists, 'after SIGTERM');
    // Whatever reached the server before it stopped was flushed, acknowledged or not:
    // the clients' final acks equal what is stored.
    for (const t of typists) expect(doc.getArray(t.arrayName).length).toBe(ackedByServer(typists, t.clientId));

    // Back up: the clients resend what the server never got, and everyone converges.
    const again = await startServer(fx, port);
    await converged(typists);
    await again.kill('SIGTERM');
    const final = await readStored(fx);
    for (const t of typists) expect(final.doc.getArray(t.arrayName).toArray()).toEqual(expectedTokens(t.index, t.typed));
  });
});

describe('a corrupt stored document', { timeout: 120_000 }, () => {
  /** Each kind of damage a disk, a bad restore or a bug could leave behind. */
  const damage: Record<string, (good: Uint8Array) => { table: 'doc_updates' | 'doc_snapshots'; bytes: Uint8Array }> = {
    'garbage bytes in the log': () => ({ table: 'doc_updates', bytes: new TextEncoder().encode('this is not a yjs update at all') }),
    'an impossible integer in the log': () => ({ table: 'doc_updates', bytes: new Uint8Array(64).fill(0xff) }),
    'a truncated update in the log': (good) => ({ table: 'doc_updates', bytes: good.slice(0, good.length - 5) }),
    'an update whose dependencies are missing': () => {
      const base = new Y.Doc();
      base.getText('t').insert(0, 'x');
      const later = new Y.Doc();
      Y.applyUpdate(later, Y.encodeStateAsUpdate(base));
      later.getText('t').insert(1, 'y');
      return { table: 'doc_updates', bytes: Y.encodeStateAsUpdate(later, Y.encodeStateVector(base)) };
    },
    'a garbage snapshot': () => ({ table: 'doc_snapshots', bytes: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) }),
  };

  it('is refused with 4500, the stored bytes stay as they were, and other documents carry on', async () => {
    const fx = await seed();
    const good = new Y.Doc();
    good.getText('t').insert(0, 'the agreed text');
    const goodUpdate = Y.encodeStateAsUpdate(good);
    const corrupt: { name: string; docId: string }[] = [];
    {
      const stores = openSqliteStores(fx.dbFile);
      const author = fx.people[0]!.user.id;
      for (const [name, make] of Object.entries(damage)) {
        const doc = await createDocument(stores, { title: name, authorId: author, initialUpdate: goodUpdate });
        const { table, bytes } = make(goodUpdate);
        if (table === 'doc_updates') stores.db.prepare('INSERT INTO doc_updates (doc_id, update_bytes) VALUES (?, ?)').run(doc.id, bytes);
        else stores.db.prepare('INSERT INTO doc_snapshots (doc_id, snapshot, upto_seq) VALUES (?, ?, 0)').run(doc.id, bytes);
        corrupt.push({ name, docId: doc.id });
      }
      await stores.close();
    }
    const storedBytes = () => {
      const stores = openSqliteStores(fx.dbFile);
      try {
        return corrupt.map(({ docId }) => ({
          log: stores.db.prepare('SELECT seq, hex(update_bytes) AS b FROM doc_updates WHERE doc_id = ? ORDER BY seq').all(docId),
          snapshot: stores.db.prepare('SELECT upto_seq, hex(snapshot) AS b FROM doc_snapshots WHERE doc_id = ?').all(docId),
        }));
      } finally {
        void stores.close();
      }
    };
    const before = storedBytes();

    const server = await startServer(fx, await freePort());
    const healthy = new Typist(0, server.url, fx.docId, fx.cookie);
    cleanups.push(() => healthy.destroy());
    for (const { name, docId } of corrupt) {
      // Twice: a refused load must not leave anything behind that a second attempt trips over.
      for (let attempt = 0; attempt < 2; attempt++) {
        const socket = rawSocket(server.url, docId, {
          cookie: fx.cookie,
          concord: true,
          firstMessages: [updateMessage(textInsertUpdate('t', 'overwrite'))],
        });
        expect((await socket.closed).code, name).toBe(4500);
        expect(
          socket.received.filter((m) => m[0] === 0),
          `${name}: document data sent`,
        ).toEqual([]);
      }
      // The server keeps serving everyone else meanwhile.
      healthy.typeOne();
      await waitFor(() => ackedByServer([healthy], healthy.clientId) === healthy.typed, 30_000, `healthy document after ${name}`);
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await server.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(storedBytes()).toEqual(before);
    expect((await readStored(fx)).integrity).toBe('ok');
  });
});
