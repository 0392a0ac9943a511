/**
 * Compaction on PostgreSQL never sits inside a typist's commit (issue 21). Every
 * `compactAfterUpdates` updates a room folds its log into a snapshot of the
 * whole document; that used to happen inside the transaction of a normal batch,
 * so everyone's edits waited for it. Now the snapshot is cut between two commits
 * and written in a transaction of its own while typing goes on.
 *
 * The proof is structural, not timed: another session holds a row the fold must
 * delete, so the fold stops half-way (snapshot written, its locks held) for as
 * long as the test likes. Meanwhile a stock client keeps typing and a second one
 * sees every keystroke — the server broadcasts only what has committed — and the
 * store holds them. Released, the fold completes, and nothing acknowledged is
 * lost, before or after a restart.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openPgStores } from '@concord/server/store/open-pg-stores';
import type { PgSql } from '@concord/server/store/pg-database';
import type { Stores } from '@concord/server/store/types';
import { defaultRoomOptions } from '@concord/server/sync/room';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createDocWithMembers, signedInUser } from '../helpers/users.js';
import { stockClient, synced, waitFor, type StockClient } from '../helpers/yclient.js';
import { startPostgres, type PgCluster } from '../helpers/postgres.js';

let cluster: PgCluster;
let databaseUrl: string;
let observer: Stores & { sql: PgSql };
beforeAll(async () => {
  cluster = await startPostgres();
  databaseUrl = await cluster.createDatabase('compaction');
  observer = await openPgStores(databaseUrl);
}, 180_000);
afterAll(async () => {
  await observer?.close();
  await cluster?.destroy();
}, 60_000);

let server: TestServer | undefined;
const clients: StockClient[] = [];
/** Ends the session holding the fold back, if a test left it holding. */
let releaseHeldRow: () => void = () => {};
afterEach(async () => {
  releaseHeldRow();
  for (const c of clients.splice(0)) c.destroy();
  await server?.dispose();
  server = undefined;
});

const text = (c: StockClient) => c.doc.getText('t').toString();

async function storedText(docId: string): Promise<string> {
  const state = (await observer.docs.loadDocState(docId))!;
  const doc = new Y.Doc();
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
  for (const u of state.updates) Y.applyUpdate(doc, u);
  return doc.getText('t').toString();
}

/** Holds the document's first logged row in an open transaction: a fold that must delete it waits. */
async function holdFirstRow(docId: string): Promise<{ release: () => void; done: Promise<unknown> }> {
  let release = () => {};
  let held = () => {};
  const locked = new Promise<void>((r) => (held = r));
  const done = observer.sql.begin(async (tx) => {
    const rows = await tx`SELECT seq FROM doc_updates WHERE doc_id = ${docId} ORDER BY seq LIMIT 1 FOR UPDATE`;
    expect(rows).toHaveLength(1);
    held();
    await new Promise<void>((r) => (release = r));
  });
  await locked;
  releaseHeldRow = release;
  return { release, done };
}

/** How many sessions wait for a row lock in a fold's DELETE (it has written its snapshot by then). */
async function foldsWaiting(): Promise<number> {
  const [row] = await observer.sql<{ n: number }[]>`
    SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'DELETE FROM doc_updates%'`;
  return row!.n;
}

describe('compaction on PostgreSQL', () => {
  it('runs beside the commits: typing is committed and seen while a fold is half-way; nothing acknowledged is lost', async () => {
    server = await startTestServer({ env: { DATABASE_URL: databaseUrl } });
    const a = await signedInUser(server, 'Alice');
    const b = await signedInUser(server, 'Bob');
    const docId = await createDocWithMembers(server, a, [{ user: b.user, role: 'commissioner' }]);
    const writer = stockClient(server.url, docId, a.cookie);
    const reader = stockClient(server.url, docId, b.cookie);
    clients.push(writer, reader);
    await Promise.all([synced(writer), synced(reader)]);
    const typed = writer.doc.getText('t');
    typed.insert(0, 'start ');
    await waitFor(() => text(reader) === 'start ', 30_000, 'the first edit');
    const rooms = server.services.rooms;
    const room = rooms.get(docId)!;
    const held = await holdFirstRow(docId);

    // One update per keystroke, as many as make the log due for folding.
    for (let i = 0; i < defaultRoomOptions.compactAfterUpdates; i++) typed.insert(typed.length, String(i % 10));
    await waitFor(() => text(reader) === text(writer), 30_000, 'the reader to catch up');
    await expect.poll(foldsWaiting).toBe(1);
    expect(rooms.batcher.isFolding(room)).toBe(true);
    const commitsBefore = rooms.batcher.counters.commits;

    // The fold holds its snapshot row and lock; typing goes on, committed and broadcast.
    for (const ch of 'while the fold waits') typed.insert(typed.length, ch);
    await waitFor(() => text(reader) === text(writer), 30_000, 'edits made during the fold');
    expect(text(reader).endsWith('while the fold waits')).toBe(true);
    // Seen is not yet committed: updates reach other sockets as soon as they are applied,
    // and the commit follows (the author's `saved` waits for it).
    await expect.poll(() => rooms.batcher.counters.commits).toBeGreaterThan(commitsBefore);
    expect(rooms.batcher.counters.commitsDuringFolds).toBeGreaterThan(0);
    expect(rooms.batcher.isFolding(room)).toBe(true);
    expect(rooms.batcher.counters.folds).toBe(0);
    await expect.poll(() => storedText(docId)).toBe(text(writer));

    held.release();
    await held.done;
    await waitFor(() => rooms.batcher.counters.folds === 1, 30_000, 'the fold');
    expect(rooms.batcher.counters.foldFailures).toBe(0);
    // The log keeps what was committed after the snapshot was cut (at least the typing above), and no more than that.
    const stored = (await observer.docs.loadDocState(docId))!;
    expect(stored.snapshot).not.toBeNull();
    expect(stored.updates.length).toBeGreaterThanOrEqual('while the fold waits'.length);
    expect(stored.updates.length).toBeLessThan(defaultRoomOptions.compactAfterUpdates);
    expect(await storedText(docId)).toBe(text(writer));

    // What a restarted server loads is what everyone saw.
    const expected = text(writer);
    for (const c of clients.splice(0)) c.destroy();
    const first = server;
    server = undefined;
    await first.dispose();
    server = await startTestServer({ env: { DATABASE_URL: databaseUrl } });
    const again = stockClient(server.url, docId, a.cookie);
    clients.push(again);
    await synced(again);
    await waitFor(() => text(again) === expected, 30_000, 'content after restart');
  });
});
