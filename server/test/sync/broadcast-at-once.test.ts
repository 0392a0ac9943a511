/**
 * Edit → remote latency (issue 21): an applied update that may go before its
 * commit is on the other sockets by the time `applyClientUpdate` returns, before
 * the write batcher has cut the batch that makes it durable. It used to wait for
 * the next check phase, behind the other socket reads of its turn and the cut's
 * hand-over to the SQLite writer. A claim of a client id still waits for its
 * commit (broadcast-queue.ts), and whatever follows it waits behind it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { openMemoryStores } from '../../src/store/open-stores.js';
import type { Stores } from '../../src/store/types.js';
import { RoomManager } from '../../src/sync/room-manager.js';
import { defaultRoomOptions, type Room } from '../../src/sync/room.js';
import type { Principal, RoomPeer } from '../../src/sync/types.js';
import { createLogger } from '../../src/logger.js';

/** A connection that records what the room sends it. */
class RecordingPeer implements RoomPeer {
  readonly wantsConcordMessages = false;
  readonly awarenessClientIds = new Set<number>();
  readonly received: Uint8Array[] = [];
  constructor(readonly principal: Principal) {}
  send(data: Uint8Array): void {
    this.received.push(data);
  }
  close(): void {}
}

/** The updates carried by the sync update messages a peer received, as one document's text. */
function textReceivedBy(peer: RecordingPeer): string {
  const doc = new Y.Doc();
  for (const message of peer.received) {
    const d = decoding.createDecoder(message);
    if (decoding.readVarUint(d) !== 0 || decoding.readVarUint(d) !== syncProtocol.messageYjsUpdate) continue;
    Y.applyUpdate(doc, decoding.readVarUint8Array(d));
  }
  return doc.getText('t').toString();
}

let stores: Stores;
let rooms: RoomManager;
afterEach(async () => {
  await rooms.shutdown();
  await stores.close();
});

async function openRoom(): Promise<Room> {
  stores = openMemoryStores();
  await stores.docs.createDoc({ id: 'd', title: 'Report' });
  rooms = new RoomManager(stores.docs, createLogger('silent'), { ...defaultRoomOptions, unloadGraceMs: 60_000 });
  const room = await rooms.acquire('d');
  await rooms.batcher.drain();
  return room;
}

describe('an applied update', () => {
  it('reaches the other sockets before its commit is cut, unless it claims a client id', async () => {
    const room = await openRoom();
    const author = new RecordingPeer({ userId: 'u-ana', name: 'Ana', color: '#123456', role: 'author' });
    const reader = new RecordingPeer({ userId: 'u-rui', name: 'Rui', color: '#654321', role: 'observer' });
    room.add(author);
    room.add(reader);
    const typed = new Y.Doc();
    const updates: Uint8Array[] = [];
    typed.on('update', (u: Uint8Array) => updates.push(u));
    const text = typed.getText('t');

    // The first write under a client id claims it: held until its commit.
    text.insert(0, 'claim ');
    room.applyClientUpdate(author, updates[0]!);
    expect(textReceivedBy(reader)).toBe('');
    await rooms.batcher.drain();
    expect(textReceivedBy(reader)).toBe('claim ');
    expect(room.broadcasts.counters).toEqual({ early: 0, afterCommit: 1, ahead: 0 });

    // The next one is on the reader's socket when the apply returns, nothing yet committed.
    const commitsBefore = rooms.batcher.counters.commits;
    text.insert(text.length, 'typed');
    room.applyClientUpdate(author, updates[1]!);
    expect(textReceivedBy(reader)).toBe('claim typed');
    expect(rooms.batcher.counters.commits).toBe(commitsBefore);
    expect(rooms.batcher.hasPending(room)).toBe(true);
    expect(room.broadcasts.counters).toEqual({ early: 0, afterCommit: 1, ahead: 1 });
    // Never to its author.
    expect(textReceivedBy(author)).toBe('');
    await rooms.batcher.drain();
    expect(rooms.batcher.counters.commits).toBe(commitsBefore + 1);
    expect(room.broadcasts.counters).toEqual({ early: 0, afterCommit: 1, ahead: 1 });
  });

  it('that follows a claim still waiting for its commit goes after it, in order', async () => {
    const room = await openRoom();
    const first = new RecordingPeer({ userId: 'u-ana', name: 'Ana', color: '#123456', role: 'author' });
    const second = new RecordingPeer({ userId: 'u-eva', name: 'Eva', color: '#abcdef', role: 'author' });
    const reader = new RecordingPeer({ userId: 'u-rui', name: 'Rui', color: '#654321', role: 'observer' });
    for (const peer of [first, second, reader]) room.add(peer);
    const ana = new Y.Doc();
    const anaUpdates: Uint8Array[] = [];
    ana.on('update', (u: Uint8Array) => anaUpdates.push(u));
    ana.getText('t').insert(0, 'a');
    room.applyClientUpdate(first, anaUpdates[0]!);
    await rooms.batcher.drain();

    // Eva's first write claims her id and waits; Ana's next one, free to go, waits behind it.
    const eva = new Y.Doc();
    Y.applyUpdate(eva, Y.encodeStateAsUpdate(ana));
    const evaUpdates: Uint8Array[] = [];
    eva.on('update', (u: Uint8Array) => evaUpdates.push(u));
    eva.getText('t').insert(1, 'e');
    room.applyClientUpdate(second, evaUpdates[0]!);
    ana.getText('t').insert(0, 'A');
    room.applyClientUpdate(first, anaUpdates[1]!);
    expect(textReceivedBy(reader)).toBe('a');
    await rooms.batcher.drain();
    expect(textReceivedBy(reader)).toBe('Aae');
  });
});
