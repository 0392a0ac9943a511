/**
 * A room of one document on memory stores, with connections that record what the
 * room sends them: what the broadcast tests (send-ahead, broadcast-at-once) share.
 */
import { afterEach } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { openMemoryStores } from '../../src/store/open-stores.js';
import type { Stores } from '../../src/store/types.js';
import { RoomManager, type RoomManagerOptions } from '../../src/sync/room-manager.js';
import { defaultRoomOptions, type Room } from '../../src/sync/room.js';
import type { Principal, RoomPeer } from '../../src/sync/types.js';
import { createLogger } from '../../src/logger.js';

/** A connection that records what the room sends it, and how it was closed. */
export class RecordingPeer implements RoomPeer {
  readonly wantsConcordMessages = false;
  readonly awarenessClientIds = new Set<number>();
  readonly received: Uint8Array[] = [];
  closedWith: number | undefined;
  constructor(readonly principal: Principal) {}
  send(data: Uint8Array): void {
    this.received.push(data);
  }
  close(code: number): void {
    this.closedWith ??= code;
  }
}

export const ana: Principal = { userId: 'u-ana', name: 'Ana', color: '#123456', role: 'author' };
export const eva: Principal = { userId: 'u-eva', name: 'Eva', color: '#abcdef', role: 'author' };
export const rui: Principal = { userId: 'u-rui', name: 'Rui', color: '#654321', role: 'observer' };

/** A recording connection for each principal, added to `room` in that order. */
export function connect<P extends Principal[]>(room: Room, ...principals: P): { [K in keyof P]: RecordingPeer } {
  return principals.map((principal) => {
    const peer = new RecordingPeer(principal);
    room.add(peer);
    return peer;
  }) as { [K in keyof P]: RecordingPeer };
}

/** The Yjs updates in the sync update messages a peer received, in order. */
export function updatesReceivedBy(peer: RecordingPeer): Uint8Array[] {
  const updates: Uint8Array[] = [];
  for (const message of peer.received) {
    const d = decoding.createDecoder(message);
    if (decoding.readVarUint(d) !== 0 || decoding.readVarUint(d) !== syncProtocol.messageYjsUpdate) continue;
    updates.push(decoding.readVarUint8Array(d));
  }
  return updates;
}

/** What a peer received, applied to one document: its text. */
export function textReceivedBy(peer: RecordingPeer): string {
  const doc = new Y.Doc();
  for (const update of updatesReceivedBy(peer)) Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
}

export interface Typist {
  doc: Y.Doc;
  text: Y.Text;
  /** One per transaction, in order. */
  updates: Uint8Array[];
}

/** A client document whose updates are recorded; starts from `from`'s content if given. */
export function typist(from?: Y.Doc): Typist {
  const doc = new Y.Doc();
  if (from) Y.applyUpdate(doc, Y.encodeStateAsUpdate(from));
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  return { doc, text: doc.getText('t'), updates };
}

/** A typist whose first write, `text` from `peer`, the room has applied and committed: it claimed its client id, so what it types next may go ahead. */
export async function committedFirstWrite({ room, rooms }: RoomFixture, peer: RecordingPeer, text: string): Promise<Typist> {
  const t = typist();
  t.text.insert(0, text);
  room.applyClientUpdate(peer, t.updates[0]!);
  await rooms.batcher.drain();
  return t;
}

export interface RoomFixture {
  stores: Stores;
  rooms: RoomManager;
  /** The manager's options: a test may change them (they are read as rooms work). */
  options: RoomManagerOptions;
  /** Document 'd', loaded and drained. */
  room: Room;
}

/** Returns the opener of a fresh room for a test; whatever it opened is shut down after each test. */
export function roomPerTest(): () => Promise<RoomFixture> {
  let opened: RoomFixture | undefined;
  afterEach(async () => {
    await opened?.rooms.shutdown();
    await opened?.stores.close();
    opened = undefined;
  });
  return async () => {
    const stores = openMemoryStores();
    await stores.docs.createDoc({ id: 'd', title: 'Report' });
    const options = { ...defaultRoomOptions, unloadGraceMs: 60_000 };
    const rooms = new RoomManager(stores.docs, createLogger('silent'), options);
    const room = await rooms.acquire('d');
    await rooms.batcher.drain();
    opened = { stores, rooms, options, room };
    return opened;
  };
}
