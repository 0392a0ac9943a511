/**
 * Cold open (issue 21): a document loaded from a snapshot alone answers a client
 * that has nothing with the stored bytes, not with a fresh encoding of the whole
 * document; once anything changes, the answer is encoded from the document again
 * (and the one it replaces is not kept meanwhile).
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { openMemoryStores } from '../../src/store/open-stores.js';
import type { Stores } from '../../src/store/types.js';
import { RoomManager } from '../../src/sync/room-manager.js';
import { defaultRoomOptions } from '../../src/sync/room.js';
import { createLogger } from '../../src/logger.js';
import { joinedMessage, type MessagePieces } from '../../src/sync/encoding.js';

const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

/** The update a sync step 2 message carries. */
function updateOf(message: MessagePieces): Uint8Array {
  const d = decoding.createDecoder(joinedMessage(message));
  decoding.readVarUint(d); // Concord's message type: sync
  expect(decoding.readVarUint(d)).toBe(syncProtocol.messageYjsSyncStep2);
  return decoding.readVarUint8Array(d);
}

function textOf(update: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
}

let stores: Stores;
let rooms: RoomManager;
afterEach(async () => {
  await rooms.shutdown();
  await stores.close();
});

async function openWith(initialUpdate: Uint8Array) {
  stores = openMemoryStores();
  await stores.docs.createDoc({ id: 'd', title: 'Report', initialUpdate });
  rooms = new RoomManager(stores.docs, createLogger('silent'), { ...defaultRoomOptions, unloadGraceMs: 60_000 });
  return rooms.acquire('d');
}

async function storedPieces(): Promise<Uint8Array[]> {
  const state = (await stores.docs.loadDocState('d'))!;
  return [...(state.snapshot ? [state.snapshot] : []), ...state.updates];
}

describe('the full state of a document stored as one piece', () => {
  it('is the stored bytes until the document changes, then the document encoded again', async () => {
    // Written without garbage collection, the stored bytes still hold the deleted
    // words: a fresh encoding of the loaded document (which collects them) differs.
    const source = new Y.Doc({ gc: false });
    source.getText('t').insert(0, 'agreed disputed wording');
    source.getText('t').delete(7, 9);
    let room = await openWith(Y.encodeStateAsUpdate(source));
    // A new document: its first update, logged.
    expect(await storedPieces()).toHaveLength(1);
    expect(updateOf(room.syncStep2For(EMPTY_STATE_VECTOR))).toEqual((await storedPieces())[0]);

    expect(room.keptFullStateBytes).toBeGreaterThan(0);
    room.doc.getText('t').insert(0, 'new ');
    // Of no more use once the document has changed: not kept (issue 21, memory per open document).
    expect(room.keptFullStateBytes).toBe(0);
    const encoded = room.syncStep2For(EMPTY_STATE_VECTOR);
    expect(textOf(updateOf(encoded))).toBe('new agreed wording');
    expect(room.syncStep2For(EMPTY_STATE_VECTOR)[1], 'shared until the next change').toBe(encoded[1]);
    room.doc.getText('t').insert(0, 'newer ');
    expect(room.keptFullStateBytes).toBe(0);
    expect(textOf(updateOf(room.syncStep2For(EMPTY_STATE_VECTOR)))).toBe('newer new agreed wording');

    // Unloading folds the log into a snapshot; the next load answers with that snapshot.
    await rooms.shutdown();
    const pieces = await storedPieces();
    expect(pieces).toHaveLength(1);
    rooms = new RoomManager(stores.docs, createLogger('silent'), { ...defaultRoomOptions, unloadGraceMs: 60_000 });
    room = await rooms.acquire('d');
    const reopened = updateOf(room.syncStep2For(EMPTY_STATE_VECTOR));
    expect(reopened).toEqual(pieces[0]);
    expect(textOf(reopened)).toBe('newer new agreed wording');
  });

  it('is the very buffer the load read from the store: one whole-document buffer per load, not two', async () => {
    stores = openMemoryStores();
    const source = new Y.Doc();
    source.getText('t').insert(0, 'the stored report');
    await stores.docs.createDoc({ id: 'd', title: 'Report', initialUpdate: Y.encodeStateAsUpdate(source) });
    // The real store, with what each load read noted.
    const reads: Uint8Array[] = [];
    const docs = Object.create(stores.docs) as typeof stores.docs;
    docs.loadDocState = async (id) => {
      const state = await stores.docs.loadDocState(id);
      if (state) reads.push(...(state.snapshot ? [state.snapshot] : []), ...state.updates);
      return state;
    };
    rooms = new RoomManager(docs, createLogger('silent'), { ...defaultRoomOptions, unloadGraceMs: 60_000 });
    const room = await rooms.acquire('d');
    expect(reads).toHaveLength(1);
    const [head, body] = room.syncStep2For(EMPTY_STATE_VECTOR);
    expect(body).toBe(reads[0]);
    expect(head.byteLength).toBeLessThanOrEqual(2 + 5);
    expect(room.keptFullStateBytes).toBe(reads[0]!.byteLength);
    expect(room.syncStep2For(EMPTY_STATE_VECTOR)[1], 'every far-behind joiner shares it').toBe(body);
  });
});
