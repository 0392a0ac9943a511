/**
 * Two server processes writing one document on one PostgreSQL database (issue
 * 20; issue 12 item 13 found the loss on SQLite): each has its own pool and its
 * own room manager, as separate processes would. Compaction by one must never
 * delete what the other logged, nor overwrite what the other folded.
 *
 * Without FoldRecord.base (what rooms sent before), the first compaction
 * deleted the other process's update and this test lost 'B'. Compaction runs in
 * a transaction of its own (issue 21): a fold half-way through holds up no commit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openPgStores } from '../../src/store/open-pg-stores.js';
import type { Stores } from '../../src/store/types.js';
import type { PgSql } from '../../src/store/pg-database.js';
import { RoomManager } from '../../src/sync/room-manager.js';
import { defaultRoomOptions } from '../../src/sync/room.js';
import { createLogger } from '../../src/logger.js';
import { startPostgres, type PgCluster } from '../../../tests/helpers/postgres.js';

let cluster: PgCluster;
let url: string;
beforeAll(async () => {
  cluster = await startPostgres();
  url = await cluster.createDatabase('writers');
}, 180_000);
afterAll(() => cluster?.destroy(), 60_000);

const manager = (stores: Stores) => new RoomManager(stores.docs, createLogger('silent'), { ...defaultRoomOptions, unloadGraceMs: 60_000 });

/** Until a fold's DELETE waits for a row lock (pg_stat_activity), i.e. it has written its snapshot and holds its locks. */
async function waitForFoldBlocked(sql: PgSql): Promise<void> {
  for (;;) {
    const [row] = await sql<{ n: number }[]>`
      SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'DELETE FROM doc_updates%'`;
    if (row!.n > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function storedText(stores: Stores, docId: string): Promise<string> {
  const state = (await stores.docs.loadDocState(docId))!;
  const doc = new Y.Doc();
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
  for (const u of state.updates) Y.applyUpdate(doc, u);
  return doc.getText('t').toString();
}

describe('two writer processes on one PostgreSQL database', () => {
  let one: Stores & { sql: PgSql };
  let two: Stores & { sql: PgSql };
  let reader: Stores & { sql: PgSql };
  beforeAll(async () => {
    [one, two, reader] = await Promise.all([openPgStores(url), openPgStores(url), openPgStores(url)]);
  });
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close(), reader?.close()]);
  });

  it("compaction keeps the other process's updates, logged or folded", async () => {
    await one.docs.createDoc({ id: 'd', title: 'Shared' });
    const roomsA = manager(one);
    const roomsB = manager(two);
    const a = await roomsA.acquire('d');
    const b = await roomsB.acquire('d');
    // Each process's clients edit its own copy; no fan-out between them here.
    a.doc.getText('t').insert(0, 'A');
    await roomsA.batcher.drain();
    b.doc.getText('t').insert(0, 'B');
    await roomsB.batcher.drain();
    expect(await reader.docs.logLength('d')).toBe(2);

    // Process A unloads: its copy (without 'B') is folded into a snapshot.
    await roomsA.shutdown();
    expect((await storedText(reader, 'd')).split('').sort().join('')).toBe('AB');
    expect(await reader.docs.logLength('d')).toBe(1); // B's update is still logged

    // Process B edits more, then unloads: its copy has no 'A', yet A's snapshot is merged, not replaced.
    b.doc.getText('t').insert(0, 'b');
    await roomsB.batcher.drain();
    await roomsB.shutdown();
    const text = await storedText(reader, 'd');
    expect(text.split('').sort().join('')).toBe('ABb');
    expect(await reader.docs.logLength('d')).toBe(0);

    // A third process loads everything.
    const roomsC = manager(reader);
    const c = await roomsC.acquire('d');
    expect(c.doc.getText('t').toString()).toBe(text);
    await roomsC.shutdown();
  });

  it("a copy that merged another process's snapshot into its fold does not replace it with a later one", async () => {
    await one.docs.createDoc({ id: 'm', title: 'Merged' });
    const roomsA = manager(one);
    const roomsB = manager(two);
    await roomsA.acquire('m');
    const b = await roomsB.acquire('m');
    roomsA.get('m')!.doc.getText('t').insert(0, 'A');
    await roomsA.batcher.drain();
    // A folds 'A' into the snapshot and deletes its update; B's copy never hears of it (no fan-out here).
    await roomsA.shutdown();
    const foldB = async () => {
      b.requestCompaction();
      roomsB.batcher.requestCut(b);
      await roomsB.batcher.drain();
    };
    b.doc.getText('t').insert(0, 'B');
    await roomsB.batcher.drain();
    await foldB(); // merges A's snapshot
    b.doc.getText('t').insert(0, 'b');
    await roomsB.batcher.drain();
    await foldB(); // must merge again: B's copy still has no 'A'
    expect(roomsB.batcher.counters.folds).toBe(2);
    expect(await reader.docs.logLength('m')).toBe(0);
    expect((await storedText(reader, 'm')).split('').sort().join('')).toBe('ABb');
    await roomsB.shutdown();
  });

  it('a fold half-way through holds up no commit of the document, from any process', async () => {
    await one.docs.createDoc({ id: 'f', title: 'Fold' });
    const d = new Y.Doc();
    const edits: Uint8Array[] = [];
    d.on('update', (u: Uint8Array) => edits.push(u));
    d.getText('t').insert(0, 'ab');
    const [first] = (await one.docs.commit({ updates: [{ docId: 'f', update: edits[0]! }] })).seqs;
    const loaded = (await one.docs.loadDocState('f'))!;

    // Another session holds the first logged row: the fold writes its snapshot, then waits to delete it.
    let release = () => {};
    let held = () => {};
    const locked = new Promise<void>((r) => (held = r));
    const holder = reader.sql.begin(async (tx) => {
      await tx`SELECT seq FROM doc_updates WHERE seq = ${first!} FOR UPDATE`;
      held();
      await new Promise<void>((r) => (release = r));
    });
    await locked;
    let settled = false;
    const fold = one.docs
      .foldLog({
        docId: 'f',
        snapshot: Y.encodeStateAsUpdate(d),
        base: { snapshotGen: loaded.snapshotGen, uptoSeq: loaded.lastSeq, seqs: [] },
      })
      .finally(() => (settled = true));
    await waitForFoldBlocked(reader.sql);

    // Both processes commit to the document while the fold holds its snapshot row and advisory lock.
    d.getText('t').insert(2, 'c');
    const ownLater = await one.docs.commit({ updates: [{ docId: 'f', update: edits[1]! }] });
    d.getText('t').insert(3, 'd');
    const otherLater = await two.docs.commit({ updates: [{ docId: 'f', update: edits[2]! }] });
    expect(settled).toBe(false);

    release();
    await holder;
    expect(await fold).toEqual({ snapshotGen: 1, merged: false });
    const state = (await reader.docs.loadDocState('f'))!;
    expect(state.updates).toHaveLength(2);
    expect(state.lastSeq).toBe(Math.max(ownLater.seqs[0]!, otherLater.seqs[0]!));
    expect(await storedText(reader, 'f')).toBe('abcd');
  });

  it('a load sees every update committed before it, and later ones get a higher seq', async () => {
    await one.docs.createDoc({ id: 'order', title: 'Order' });
    const d = new Y.Doc();
    const edits: Uint8Array[] = [];
    d.on('update', (u: Uint8Array) => edits.push(u));
    for (let i = 0; i < 40; i++) d.getText('t').insert(0, String(i % 10));
    // Two writers commit concurrently while a third loads; every load is a prefix in seq order.
    const writes = edits.map((update, i) => (i % 2 ? one : two).docs.commit({ updates: [{ docId: 'order', update }] }));
    const loads: { lastSeq: number; count: number }[] = [];
    for (let i = 0; i < 10; i++) {
      const state = (await reader.docs.loadDocState('order'))!;
      loads.push({ lastSeq: state.lastSeq, count: state.updates.length });
    }
    const receipts = await Promise.all(writes);
    const seqs = receipts.map((r) => r.seqs[0]!).sort((x, y) => x - y);
    for (const load of loads) expect(seqs.filter((s) => s <= load.lastSeq)).toHaveLength(load.count);
  });
});
