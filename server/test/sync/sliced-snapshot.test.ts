/**
 * A fold's snapshot is encoded a slice at a time while the room goes on (issue 21):
 * the work of one turn of the event loop is bounded whatever the document's size,
 * what comes out is what Yjs would write (when nothing changes meanwhile), and with
 * typing in between it holds everything the cut made durable, nothing the document
 * never had, and reaches the store only once everything it holds is committed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openMemoryStores } from '../../src/store/open-stores.js';
import type { DocStore, FoldRecord, Stores } from '../../src/store/types.js';
import { RoomManager } from '../../src/sync/room-manager.js';
import { defaultRoomOptions, type Room } from '../../src/sync/room.js';
import { SlicedSnapshot } from '../../src/sync/sliced-snapshot.js';
import { createLogger } from '../../src/logger.js';

/** A text of `words` insertions at scattered places by `clients` clients, some deleted: one struct per insertion or so. */
function scatteredDoc(words: number, clients = 3): Y.Doc {
  const doc = new Y.Doc();
  const writers = Array.from({ length: clients }, (_, i) => {
    const writer = new Y.Doc();
    writer.clientID = 1000 + i;
    return writer;
  });
  let seed = 12345;
  const next = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0);
  for (let i = 0; i < words; i++) {
    const writer = writers[i % clients]!;
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(writer)));
    const text = writer.getText('t');
    const before = Y.encodeStateVector(writer);
    text.insert(next() % (text.length + 1), `w${i} `);
    if (i % 5 === 4 && text.length > 10) text.delete(next() % (text.length - 4), 3);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer, before));
  }
  return doc;
}

const structCount = (doc: Y.Doc) => [...doc.store.clients.values()].reduce((n, s) => n + s.length, 0);

function encodeInSlices(doc: Y.Doc, slice: number, between: (step: number) => void = () => {}): SlicedSnapshot {
  const encoder = new SlicedSnapshot(doc);
  for (let step = 0; !encoder.step(slice); step++) between(step);
  return encoder;
}

describe('a snapshot encoded in slices', () => {
  it('is byte for byte what Yjs writes when the document does not change, each slice bounded', () => {
    const doc = scatteredDoc(600);
    const structs = structCount(doc);
    expect(structs).toBeGreaterThan(600);
    const encoder = encodeInSlices(doc, 50);
    const snapshot = encoder.finish();
    expect(snapshot).toEqual(Y.encodeStateAsUpdate(doc));
    // The bytes own their whole buffer, so the SQLite writer moves them to its thread instead of copying.
    expect(snapshot.byteOffset).toBe(0);
    expect(snapshot.byteLength).toBe(snapshot.buffer.byteLength);
    expect(encoder.counters.largestSlice).toBe(50);
    expect(encoder.counters.slices).toBe(Math.ceil(structs / 50));
    expect(encoder.counters.structs).toBe(structs);
  });

  it('with edits between slices: holds the cut, holds nothing the document lacks, and loads with the later log to the end state', () => {
    const doc = scatteredDoc(400);
    const atCut = Y.encodeStateVector(doc);
    const textAtCut = doc.getText('t').toString();
    const later: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => later.push(u));
    // Typing everywhere while the slices are taken: splits of written and unwritten
    // items, runs that grow past the cut, deletions (garbage-collected at once), a new client.
    const newcomer = new Y.Doc();
    newcomer.clientID = 5;
    const encoder = encodeInSlices(doc, 20, (step) => {
      const text = doc.getText('t');
      text.insert((step * 37) % text.length, 'x');
      text.insert(text.length, 'y');
      if (step % 3 === 0) text.delete((step * 53) % (text.length - 2), 2);
      if (step === 4) {
        Y.applyUpdate(newcomer, Y.encodeStateAsUpdate(doc));
        const before = Y.encodeStateVector(newcomer);
        newcomer.getText('t').insert(0, 'new ');
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(newcomer, before));
      }
    });
    expect(encoder.counters.slices).toBeGreaterThan(10);
    const snapshot = encoder.finish();

    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, snapshot);
    expect(loaded.store.pendingStructs).toBeNull();
    // Everything the cut held.
    const has = Y.decodeStateVector(Y.encodeStateVector(loaded));
    for (const [client, clock] of Y.decodeStateVector(atCut)) expect(has.get(client)).toBeGreaterThanOrEqual(clock);
    expect(has.has(5)).toBe(false);
    // Nothing the document did not have: applied to the end state, it changes nothing.
    const end = doc.getText('t').toString();
    const endCopy = new Y.Doc();
    Y.applyUpdate(endCopy, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(endCopy, snapshot);
    expect(endCopy.getText('t').toString()).toBe(end);
    // With the log written after the cut, the end state exactly (what a load after the fold does).
    for (const u of later) Y.applyUpdate(loaded, u);
    expect(loaded.getText('t').toString()).toBe(end);
    expect(textAtCut).not.toBe(end);
  });
});

/** The memory store, with commits from the `from`-th on held back, and every fold checked against what is committed then. */
function checkedStore(inner: DocStore, from: number) {
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  let commits = 0;
  const folds: { holdsOnlyCommitted: boolean }[] = [];
  const store = new Proxy(inner, {
    get(target, prop) {
      if (prop === 'commit')
        return async (batch: Parameters<DocStore['commit']>[0]) => {
          if (++commits >= from) await held;
          return target.commit(batch);
        };
      if (prop === 'foldLog')
        return async (record: FoldRecord) => {
          // Applied to what is committed, the snapshot must change nothing.
          const state = (await target.loadDocState(record.docId))!;
          const committed = new Y.Doc();
          if (state.snapshot) Y.applyUpdate(committed, state.snapshot);
          for (const u of state.updates) Y.applyUpdate(committed, u);
          const sv = Y.encodeStateVector(committed);
          const text = committed.getText('t').toString();
          Y.applyUpdate(committed, record.snapshot);
          folds.push({
            holdsOnlyCommitted: Buffer.compare(Y.encodeStateVector(committed), sv) === 0 && committed.getText('t').toString() === text,
          });
          return target.foldLog(record);
        };
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store, folds, release: () => release() };
}

let stores: Stores | undefined;
let rooms: RoomManager | undefined;
afterEach(async () => {
  await rooms?.shutdown();
  await stores?.close();
  rooms = undefined;
  stores = undefined;
});

async function roomWith(
  doc: Y.Doc,
  store: (docs: DocStore) => DocStore,
  options: { compactAfterUpdates: number; snapshotSliceStructs: number },
) {
  stores = openMemoryStores();
  await stores.docs.createDoc({ id: 'd', title: 'Report', initialUpdate: Y.encodeStateAsUpdate(doc) });
  rooms = new RoomManager(store(stores.docs), createLogger('silent'), { ...defaultRoomOptions, ...options, unloadGraceMs: 60_000 });
  return rooms.acquire('d');
}

/** One edit per turn of the event loop, as typing arrives. */
async function type(room: Room, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    room.doc.getText('t').insert(0, 'k');
    await new Promise<void>((r) => setImmediate(r));
  }
}

describe("a room's fold", () => {
  it('takes the same bounded work per turn of the event loop on a document four times the size', async () => {
    const largest: number[] = [];
    const turns: number[] = [];
    for (const words of [300, 1200]) {
      const room = await roomWith(scatteredDoc(words), (docs) => docs, { compactAfterUpdates: 10, snapshotSliceStructs: 40 });
      await type(room, 12);
      await rooms!.batcher.drain();
      expect(rooms!.batcher.counters.folds).toBe(1);
      largest.push(room.lastSnapshot!.largestSlice);
      turns.push(room.lastSnapshot!.slices);
      const stored = (await stores!.docs.loadDocState('d'))!;
      const reloaded = new Y.Doc();
      Y.applyUpdate(reloaded, stored.snapshot!);
      for (const u of stored.updates) Y.applyUpdate(reloaded, u);
      expect(reloaded.getText('t').toString()).toBe(room.doc.getText('t').toString());
      await rooms!.shutdown();
      await stores!.close();
      rooms = undefined;
      stores = undefined;
    }
    expect(largest).toEqual([40, 40]);
    expect(turns[1]!).toBeGreaterThan(3 * turns[0]!);
  });

  it('reaches the store only once what it holds beyond the cut is committed', async () => {
    let checked: ReturnType<typeof checkedStore> | undefined;
    // Loaded with one logged update, a fold is due at the fourth commit (one per typed update):
    // that one goes through, every later one is held.
    const room = await roomWith(scatteredDoc(300), (docs) => (checked = checkedStore(docs, 5)).store, {
      compactAfterUpdates: 5,
      snapshotSliceStructs: 10,
    });
    await type(room, 4);
    // Typing and deleting while the slices are taken: some of it is in the snapshot, none of it committed.
    let edits = 0;
    while (room.lastSnapshot === undefined) {
      const text = room.doc.getText('t');
      text.delete(text.length - 3, 2);
      text.insert(text.length, 'z');
      edits++;
      await new Promise<void>((r) => setImmediate(r));
    }
    expect(edits).toBeGreaterThan(5);
    expect(room.lastSnapshot.slices).toBeGreaterThan(5);
    await new Promise<void>((r) => setImmediate(r));
    expect(rooms!.batcher.isFolding(room)).toBe(true);
    expect(checked!.folds).toHaveLength(0);
    checked!.release();
    await rooms!.batcher.drain();
    expect(rooms!.batcher.counters.folds).toBe(1);
    expect(checked!.folds).toEqual([{ holdsOnlyCommitted: true }]);
  });
});
