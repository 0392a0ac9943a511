/**
 * Cold open (issue 21): a document loaded from a snapshot alone answers a client
 * that has nothing with the stored bytes, not with a fresh encoding of the whole
 * document; once anything changes, the answer is encoded from the document again.
 * Memory per open document (issue 21): the room keeps no whole-document answer
 * alive by itself once the first one has gone (stored bytes are read again, one
 * read for a crowd), and drops an encoded one when the document changes. Many
 * clients far behind never cost more than one encoding or one read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import type { Room } from '../../src/sync/room.js';
import type { RoomPeer } from '../../src/sync/types.js';
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

/** A full garbage collection (a weakly kept answer that nothing else holds is gone after it). */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
async function afterFullGc(): Promise<void> {
  // A target read through a WeakRef stays alive until the current job ends.
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
}

/** Stand-ins for connections: the room sends them their answers. */
function peers(room: Room, n: number): RoomPeer[] {
  return Array.from({ length: n }, () => {
    const peer: RoomPeer = {
      principal: undefined,
      wantsConcordMessages: false,
      awarenessClientIds: new Set(),
      send: () => {},
      close: () => {},
    };
    room.add(peer);
    return peer;
  });
}

/** Every one of `n` new clients asks for the whole document at once; resolves with their answers. */
async function answersTo(room: Room, n: number): Promise<MessagePieces[]> {
  const answers = peers(room, n).map(
    (peer) => new Promise<MessagePieces>((resolve) => room.answerSyncStep1(peer, EMPTY_STATE_VECTOR, resolve)),
  );
  return Promise.all(answers);
}

/**
 * What a crowd of `n` new clients got: how many distinct messages carried it, the
 * texts, whether each carried exactly `piece`. Only figures come back: the messages
 * themselves must not stay reachable from a test (a suspended async function keeps
 * values it has seen), or a kept-while-held answer could never go.
 */
async function crowdAsks(room: Room, n: number, piece?: Uint8Array, holding: MessagePieces[] = []) {
  const answers = [...holding, ...(await answersTo(room, n))];
  return {
    // Distinct update buffers behind the answers' headers: one means one encoding or read, shared.
    messages: new Set(answers.map(([, body]) => body)).size,
    texts: [...new Set(answers.map((a) => textOf(updateOf(a))))],
    allThePiece: piece !== undefined && answers.every((a) => Buffer.from(updateOf(a)).equals(piece)),
  };
}

/** The joiner that opened the room, then a crowd while that first answer is still held (in a send buffer, say). */
async function joinerThenCrowd(room: Room, n: number, piece: Uint8Array) {
  const first = await answersTo(room, 1);
  const heldAfterFirst = room.keptFullStateBytes;
  return { heldAfterFirst, ...(await crowdAsks(room, n, piece, first)) };
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
    expect(updateOf(room.syncStep2For(EMPTY_STATE_VECTOR)!)).toEqual((await storedPieces())[0]);

    room.doc.getText('t').insert(0, 'new ');
    expect(textOf(updateOf(room.syncStep2For(EMPTY_STATE_VECTOR)!))).toBe('new agreed wording');

    // Unloading folds the log into a snapshot; the next load answers with that snapshot.
    await rooms.shutdown();
    const pieces = await storedPieces();
    expect(pieces).toHaveLength(1);
    rooms = new RoomManager(stores.docs, createLogger('silent'), { ...defaultRoomOptions, unloadGraceMs: 60_000 });
    room = await rooms.acquire('d');
    const reopened = updateOf(room.syncStep2For(EMPTY_STATE_VECTOR)!);
    expect(reopened).toEqual(pieces[0]);
    expect(textOf(reopened)).toBe('new agreed wording');
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
    expect(room.keptFullStateBytes).toBe(reads[0]!.byteLength);
    const [head, body] = room.syncStep2For(EMPTY_STATE_VECTOR)!;
    expect(body).toBe(reads[0]);
    // Message type, sync step 2, and the update's length as a varint: the rest of the message is `body`.
    expect(head.byteLength).toBeLessThanOrEqual(2 + 5);
    expect(room.syncStep2For(EMPTY_STATE_VECTOR)![1], 'shared while something holds it').toBe(body);
    expect(room.fullStateCounters).toEqual({ encodings: 0, storeReads: 0 });
  });

  it('is kept only while something else holds it, then read again: one read for a crowd, no encoding', async () => {
    const source = new Y.Doc();
    source.getText('t').insert(0, 'agreed wording');
    const room = await openWith(Y.encodeStateAsUpdate(source));
    const piece = (await storedPieces())[0]!;
    expect(room.keptFullStateBytes).toBe(piece.byteLength);

    expect(await joinerThenCrowd(room, 50, piece)).toEqual({
      heldAfterFirst: 0,
      messages: 1,
      texts: ['agreed wording'],
      allThePiece: true,
    });
    expect(room.fullStateCounters).toEqual({ encodings: 0, storeReads: 0 });

    // Nothing holds it any more: gone from memory, read again once for the next crowd.
    await afterFullGc();
    expect(await crowdAsks(room, 50, piece)).toEqual({ messages: 1, texts: ['agreed wording'], allThePiece: true });
    expect(room.fullStateCounters).toEqual({ encodings: 0, storeReads: 1 });
    expect(room.keptFullStateBytes).toBe(0);
  });

  it('a change during the read: the answer is the changed document, encoded once for everyone waiting', async () => {
    const source = new Y.Doc();
    source.getText('t').insert(0, 'agreed wording');
    const room = await openWith(Y.encodeStateAsUpdate(source));
    await crowdAsks(room, 1);
    await afterFullGc();
    const crowd = crowdAsks(room, 20);
    room.doc.getText('t').insert(0, 'new ');
    expect(await crowd).toMatchObject({ messages: 1, texts: ['new agreed wording'] });
    expect(room.fullStateCounters).toEqual({ encodings: 1, storeReads: 1 });
  });

  it('once the store holds something else, the answer is encoded (once) from the document', async () => {
    const source = new Y.Doc();
    source.getText('t').insert(0, 'agreed wording');
    const room = await openWith(Y.encodeStateAsUpdate(source));
    await crowdAsks(room, 1);
    // Written by someone else (another process's copy, say): the one stored piece is gone.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(source));
    const before = Y.encodeStateVector(other);
    other.getText('t').insert(0, 'elsewhere ');
    await stores.docs.commit({ updates: [{ docId: 'd', update: Y.encodeStateAsUpdate(other, before) }] });
    await afterFullGc();
    // The room has not heard of that update: it answers with what it holds.
    expect(await crowdAsks(room, 20)).toMatchObject({ messages: 1, texts: ['agreed wording'] });
    expect(room.fullStateCounters).toEqual({ encodings: 1, storeReads: 1 });
  });
});

describe('an encoded full state', () => {
  it('is shared by a crowd until the document changes, and dropped then', async () => {
    const source = new Y.Doc();
    source.getText('t').insert(0, 'agreed wording');
    const room = await openWith(Y.encodeStateAsUpdate(source));
    room.doc.getText('t').insert(0, 'new ');
    expect(await crowdAsks(room, 50)).toMatchObject({ messages: 1, texts: ['new agreed wording'] });
    expect(room.fullStateCounters.encodings).toBe(1);
    expect(room.keptFullStateBytes).toBeGreaterThan(0);

    room.doc.getText('t').insert(0, 'newer ');
    expect(room.keptFullStateBytes, 'a stale answer is not kept').toBe(0);
    expect(await crowdAsks(room, 10)).toMatchObject({ messages: 1, texts: ['newer new agreed wording'] });
    expect(room.fullStateCounters.encodings).toBe(2);
  });
});
