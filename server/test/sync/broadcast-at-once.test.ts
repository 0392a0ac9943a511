/**
 * Edit → remote latency (issue 21): an applied update that may go before its
 * commit is on the other sockets by the time `applyClientUpdate` returns, before
 * the write batcher has cut the batch that makes it durable. It used to wait for
 * the next check phase, behind the other socket reads of its turn and the cut's
 * hand-over to the SQLite writer. A claim of a client id still waits for its
 * commit (broadcast-queue.ts), and whatever follows it waits behind it (that
 * order, and what else may not go ahead: send-ahead.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { ana, connect, roomPerTest, rui, textReceivedBy, typist } from './room-fixture.js';

const openRoom = roomPerTest();

describe('an applied update', () => {
  it('reaches the other sockets before its commit is cut, unless it claims a client id', async () => {
    const { room, rooms } = await openRoom();
    const [author, reader] = connect(room, ana, rui);
    const { text, updates } = typist();

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
});
