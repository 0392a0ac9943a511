/**
 * Send before integrate (issue 21, send-ahead.ts): a live update that continues
 * exactly what the document has, under a client id its sender already owns, with
 * nothing held back in the broadcast queue, goes to the other sockets as the
 * client's own bytes before the room applies it. Everything else takes the path
 * it took before (sent once applied, or after its commit).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import { CloseCode } from '@concord/shared';
import { defaultRoomOptions } from '../../src/sync/room.js';
import { InvalidUpdateError, MissingDependenciesError } from '../../src/sync/update-guard.js';
import { ana, committedFirstWrite, connect, eva, roomPerTest, rui, textReceivedBy, typist, updatesReceivedBy } from './room-fixture.js';

const openRoom = roomPerTest();

/** Ana (author, her first write 'a' committed: she is typing), Eva (author, yet to write) and Rui (reader) in a fresh room. */
async function anaEvaAndReader() {
  const fixture = await openRoom();
  const [author, other, reader] = connect(fixture.room, ana, eva, rui);
  return { ...fixture, author, other, reader, a: await committedFirstWrite(fixture, author, 'a') };
}

describe('an update sent before it is integrated', () => {
  it('is plain typing under an id already stored: the client bytes, before the apply, committed and acknowledged as usual', async () => {
    const { room, rooms, stores } = await openRoom();
    const [author, reader] = connect(room, ana, rui);
    const a = typist();

    // A first write claims the id: never ahead.
    a.text.insert(0, 'claim ');
    room.applyClientUpdate(author, a.updates[0]!);
    await rooms.batcher.drain();
    expect(room.broadcasts.counters).toEqual({ early: 0, afterCommit: 1, ahead: 0 });

    // Seen at the reader while the document does not have it yet.
    a.text.insert(6, 'typed');
    const clockBefore = Y.getState(room.doc.store, a.doc.clientID);
    const sentAtApply: number[] = [];
    room.doc.once('beforeTransaction', () => sentAtApply.push(updatesReceivedBy(reader).length));
    room.applyClientUpdate(author, a.updates[1]!);
    expect(sentAtApply).toEqual([2]);
    expect(updatesReceivedBy(reader)[1]).toEqual(a.updates[1]);
    expect(Y.getState(room.doc.store, a.doc.clientID)).toBeGreaterThan(clockBefore);
    expect(room.broadcasts.counters).toEqual({ early: 0, afterCommit: 1, ahead: 1 });
    expect(updatesReceivedBy(author)).toHaveLength(0);

    // Committed like any other update, and sent once only.
    expect(rooms.batcher.hasPending(room)).toBe(true);
    await rooms.batcher.drain();
    expect(updatesReceivedBy(reader)).toHaveLength(2);
    const stored = await stores.docs.loadDocState('d');
    const fromStore = new Y.Doc();
    for (const u of [stored!.snapshot, ...stored!.updates]) if (u) Y.applyUpdate(fromStore, u);
    expect(fromStore.getText('t').toString()).toBe('claim typed');

    // A deletion alone is typing too.
    a.text.delete(0, 6);
    room.applyClientUpdate(author, a.updates[2]!);
    expect(room.broadcasts.counters.ahead).toBe(2);
    expect(textReceivedBy(reader)).toBe('typed');
  });

  it('is never a gap, an overlap, an answer, or an update with a withheld id', async () => {
    const { room, rooms, author, other, reader, a } = await anaEvaAndReader();

    // A gap: refused, nothing sent. The same key once the gap is filled is typing.
    a.text.insert(1, 'b');
    a.text.insert(2, 'c');
    expect(() => room.applyClientUpdate(author, a.updates[2]!)).toThrow(MissingDependenciesError);
    expect(updatesReceivedBy(reader)).toHaveLength(1);
    // An overlap (a resend of what the server partly has): sent once applied.
    room.applyClientUpdate(author, a.updates[1]!);
    expect(room.broadcasts.counters).toEqual({ early: 0, afterCommit: 1, ahead: 1 });
    room.applyClientUpdate(author, Y.mergeUpdates([a.updates[1]!, a.updates[2]!]));
    expect(room.broadcasts.counters).toEqual({ early: 1, afterCommit: 1, ahead: 1 });
    // An answer (sync step 2), even one that would fit.
    a.text.insert(3, 'd');
    room.applyClientUpdate(author, a.updates[3]!, 'answer');
    expect(room.broadcasts.counters).toEqual({ early: 2, afterCommit: 1, ahead: 1 });
    // Eva's first write claims her id: held for its commit.
    const e = typist(a.doc);
    e.text.insert(0, 'E');
    room.applyClientUpdate(other, e.updates[0]!);
    await rooms.batcher.drain();
    expect(room.broadcasts.counters).toEqual({ early: 2, afterCommit: 2, ahead: 1 });
    // Her next one relays Ana's newer structs too: those are withheld, the rest goes once applied.
    a.text.insert(4, 'e');
    Y.applyUpdate(e.doc, a.updates[4]!);
    e.text.insert(0, 'X');
    room.applyClientUpdate(other, Y.encodeStateAsUpdate(e.doc, Y.encodeStateVector(room.doc)));
    expect(room.broadcasts.counters).toEqual({ early: 3, afterCommit: 2, ahead: 1 });
    expect(textReceivedBy(reader)).toBe('XEabcd');
    // Ana's own next key is typing again.
    room.applyClientUpdate(author, a.updates[4]!);
    expect(room.broadcasts.counters.ahead).toBe(2);
    expect(textReceivedBy(reader)).toBe('XEabcde');
  });

  it('waits behind a claim held for its commit, in order', async () => {
    const { room, rooms, author, other, reader, a } = await anaEvaAndReader();

    const e = typist(a.doc);
    e.text.insert(1, 'e');
    room.applyClientUpdate(other, e.updates[0]!);
    a.text.insert(0, 'A');
    room.applyClientUpdate(author, a.updates[1]!);
    expect(textReceivedBy(reader)).toBe('a');
    expect(room.broadcasts.counters.ahead).toBe(0);
    await rooms.batcher.drain();
    expect(textReceivedBy(reader)).toBe('Aae');
    // Once the queue is empty again, typing goes ahead.
    a.text.insert(0, '!');
    room.applyClientUpdate(author, a.updates[2]!);
    expect(room.broadcasts.counters.ahead).toBe(1);
    expect(textReceivedBy(reader)).toBe('!Aae');
  });

  it('whose apply then fails: the room reloads, and a reader resending those bytes is withheld until the author sends them', async () => {
    const fixture = await openRoom();
    const { rooms, options } = fixture;
    let room = fixture.room;
    const [author, reader] = connect(room, ana, rui);
    const a = await committedFirstWrite(fixture, author, 'saved ');

    // Nothing may integrate: Yjs is stopped on its first step, after the send.
    options.integrationBudget = { base: 0, perStruct: 0 };
    a.text.insert(6, 'lost');
    expect(() => room.applyClientUpdate(author, a.updates[1]!)).toThrow(InvalidUpdateError);
    expect(room.broadcasts.counters.ahead).toBe(1);
    expect(textReceivedBy(reader)).toBe('saved lost');
    expect(author.closedWith).toBe(CloseCode.badMessage);
    expect(reader.closedWith).toBe(CloseCode.reloadRequired);
    expect(room.isClosed).toBe(true);
    options.integrationBudget = defaultRoomOptions.integrationBudget;

    // The reader reconnects to the stored copy and answers with what it has: the
    // author's structs under the author's stored id are withheld, not applied.
    room = await rooms.acquire('d');
    expect(room.doc.getText('t').toString()).toBe('saved ');
    const [readerAgain, authorAgain] = connect(room, rui, ana);
    const readerCopy = new Y.Doc();
    for (const u of updatesReceivedBy(reader)) Y.applyUpdate(readerCopy, u);
    room.applyClientUpdate(readerAgain, Y.encodeStateAsUpdate(readerCopy, Y.encodeStateVector(room.doc)), 'answer');
    expect(room.doc.getText('t').toString()).toBe('saved ');
    // The author's own client resends it: applied, and the reader is asked again.
    readerAgain.received.length = 0;
    room.applyClientUpdate(authorAgain, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(room.doc)), 'answer');
    expect(room.doc.getText('t').toString()).toBe('saved lost');
    await rooms.batcher.drain();
    expect(readerAgain.received.some((m) => m[0] === 0 && m[1] === syncProtocol.messageYjsSyncStep1)).toBe(true);
  });
});
