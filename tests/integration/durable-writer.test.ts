/**
 * The durable commit runs in a worker thread with group commit (issue 21).
 * These tests run the real server in-process with a real SQLite file and the
 * writer's test hooks that hold commits while a test looks (a disk that does not
 * answer: CommitGate) or make every commit slow (a slow disk), and check:
 * updates that depend on each other are logged in dependency order even when
 * they come from different clients and share one transaction, and reach a third
 * client in that order; an update reaches the other sockets while its commit is
 * still running, its author's `saved` only after it, and the first write under
 * a client id (a claim) only after its commit; a slow disk delays
 * acknowledgements but loses nothing, and the bytes waiting for it stay bounded
 * because the server stops reading sockets instead of queueing more; and when
 * the writer thread dies, nothing in flight is acknowledged, clients resync,
 * and a new writer stores what they resend. A kill -9 between sending and
 * committing: crash-before-commit.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { startServer, type RunningServer } from '@concord/server/app';
import { createLogger } from '@concord/server/logger';
import { openSqliteStores } from '@concord/server/store/open-stores';
import { CommitGate } from '@concord/server/store/sqlite-writer';
import { CloseCode, MessageType } from '@concord/shared';
import { makeDataDir, testConfig } from '../helpers/server.js';
import { createDocWithMembers, signedInUser } from '../helpers/users.js';
import { stockClient, synced, waitFor } from '../helpers/yclient.js';
import { awarenessMessage, listenConcord, rawSocket, updateMessage, type RawSocket } from './support/concord-messages.js';
import * as decoding from 'lib0/decoding';
import { ConcordMessage } from '@concord/shared';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/**
 * A server whose commits pass `gate` (open until a test closes it) and each take
 * `commitDelayMs` longer (inside the writer's transaction, like a slow fsync).
 */
async function slowDiskServer(
  commitDelayMs: number,
  env: Record<string, string> = {},
): Promise<{ server: RunningServer; dbFile: string; gate: CommitGate; stores: ReturnType<typeof openSqliteStores> }> {
  const dataDir = makeDataDir();
  const config = testConfig(dataDir, env);
  const gate = new CommitGate();
  const stores = openSqliteStores(config.dbFile, { writer: { commitDelayMs, commitGate: gate } });
  const server = await startServer(config, { logger: createLogger('silent'), stores });
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  cleanups.push(() => server.stop());
  // A test that failed with the gate closed must not leave stop() waiting for a held commit.
  cleanups.push(() => gate.open());
  return { server, dbFile: config.dbFile, gate, stores };
}

/** The stored log of a document, in log order (read through a second connection while the server runs). */
function storedLog(dbFile: string, docId: string): Uint8Array[] {
  const stores = openSqliteStores(dbFile);
  try {
    return stores.db
      .prepare<[string], { b: Buffer }>('SELECT update_bytes AS b FROM doc_updates WHERE doc_id = ? ORDER BY seq')
      .all(docId)
      .map((r) => new Uint8Array(r.b));
  } finally {
    void stores.close();
  }
}

/** Highest clock of `clientId` that any `saved` message on this socket acknowledged. */
function ackedClock(socket: RawSocket, clientId: number): number {
  let best = 0;
  for (const m of socket.received) {
    if (m[0] !== MessageType.concord) continue;
    const d = decoding.createDecoder(m);
    decoding.readVarUint(d);
    if (decoding.readVarUint(d) !== ConcordMessage.saved) continue;
    best = Math.max(best, Y.decodeStateVector(decoding.readVarUint8Array(d)).get(clientId) ?? 0);
  }
  return best;
}

/** A sync message carrying an update (y-protocols subtype 2). */
const isDocumentUpdate = (m: Uint8Array) => m[0] === MessageType.sync && m[1] === 2;

const savedCount = (socket: RawSocket) =>
  socket.received.filter((m) => m[0] === MessageType.concord && m[1] === ConcordMessage.saved).length;

/**
 * What a raw socket that never asked for a sync step 2 knows of the document: every
 * update it received, applied in arrival order. Throws if one arrived before
 * something it builds on (Yjs would park it as pending).
 */
function receivedCopy(socket: RawSocket): Y.Doc {
  const doc = new Y.Doc();
  for (const [i, m] of socket.received.filter(isDocumentUpdate).entries()) {
    const d = decoding.createDecoder(m);
    decoding.readVarUint(d);
    decoding.readVarUint(d);
    Y.applyUpdate(doc, decoding.readVarUint8Array(d));
    if (doc.store.pendingStructs !== null) throw new Error(`update message ${i} arrived before what it builds on`);
  }
  return doc;
}

/** Collects the updates a local doc produces, one per change. */
function recorder(doc: Y.Doc): Uint8Array[] {
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  return out;
}

describe('the SQLite writer in its worker thread', { timeout: 90_000 }, () => {
  it('logs dependent updates from two clients that share one transaction in dependency order', async () => {
    const { server, dbFile, gate } = await slowDiskServer(0);
    const alice = await signedInUser(server, 'Alice');
    const bob = await signedInUser(server, 'Bob');
    const carol = await signedInUser(server, 'Carol');
    const docId = await createDocWithMembers(server, alice, [
      { user: bob.user, role: 'commissioner' },
      { user: carol.user, role: 'observer' },
    ]);
    const a = rawSocket(server.url, docId, { cookie: alice.cookie, concord: true });
    const b = rawSocket(server.url, docId, { cookie: bob.cookie, concord: true });
    const c = rawSocket(server.url, docId, { cookie: carol.cookie, concord: true });
    await Promise.all([a.opened, b.opened, c.opened]);

    const aliceDoc = new Y.Doc();
    const aliceUpdates = recorder(aliceDoc);
    const bobDoc = new Y.Doc();
    const bobUpdates = recorder(bobDoc);
    // a0's commit is held in the writer; a1 and b1 (which builds on a1) are applied while it waits.
    const commitsBefore = server.services.rooms.batcher.counters.commits;
    gate.close();
    aliceDoc.getText('t').insert(0, 'a0 ');
    a.send(updateMessage(aliceUpdates[0]!));
    await waitFor(() => gate.waiting === 1, 30_000, "a0's commit held in the writer");
    aliceDoc.getText('t').insert(3, 'a1 ');
    a.send(updateMessage(aliceUpdates[1]!));
    // Presence is not held for the disk: when Bob hears Alice's caret, her a1 (sent before it on the same socket) is applied.
    a.send(awarenessMessage(aliceDoc.clientID, 1, { cursor: 6 }));
    await waitFor(
      () => b.received.some((m) => m[0] === MessageType.awareness && decodesToClient(m, aliceDoc.clientID)),
      30_000,
      'Alice presence at Bob',
    );
    Y.applyUpdate(bobDoc, Y.encodeStateAsUpdate(aliceDoc));
    bobUpdates.length = 0;
    bobDoc.getText('t').insert(6, 'b1');
    b.send(updateMessage(bobUpdates[0]!));
    await waitFor(() => server.services.rooms.get(docId)?.doc.getText('t').toString() === 'a0 a1 b1', 30_000, 'a1 and b1 applied');
    expect(server.services.rooms.batcher.counters.commits, 'the first commit is still running').toBe(commitsBefore);
    gate.open();

    await waitFor(
      () => ackedClock(b, bobDoc.clientID) >= bobDoc.getText('t').length - 6 && ackedClock(a, aliceDoc.clientID) >= 6,
      30_000,
      'both acknowledged',
    );
    // a0 alone, then a1 and b1 together: one transaction for the two clients.
    expect(server.services.rooms.batcher.counters.commits - commitsBefore).toBe(2);
    const log = storedLog(dbFile, docId);
    const replay = new Y.Doc();
    for (const [i, update] of log.entries()) {
      Y.applyUpdate(replay, update);
      // Every prefix of the log is complete: nothing waits for a later row.
      expect(replay.store.pendingStructs, `log row ${i}`).toBeNull();
    }
    expect(replay.getText('t').toString()).toBe('a0 a1 b1');
    // A reader gets them in the same order (each one after what it builds on), and
    // no `saved` for others' edits.
    await waitFor(() => receivedCopy(c).getText('t').toString() === 'a0 a1 b1', 30_000, 'the reader to receive a0, a1 and b1');
    expect(savedCount(c)).toBe(0);
    expect(savedCount(a)).toBeGreaterThan(0);
    a.ws.close();
    b.ws.close();
    c.ws.close();
  });

  it('sends an update to the others while its commit runs and `saved` after it; a claim of a client id only after its commit', async () => {
    const { server, gate } = await slowDiskServer(0);
    const alice = await signedInUser(server, 'Alice');
    const carol = await signedInUser(server, 'Carol');
    const docId = await createDocWithMembers(server, alice, [{ user: carol.user, role: 'observer' }]);
    const a = rawSocket(server.url, docId, { cookie: alice.cookie, concord: true });
    const c = rawSocket(server.url, docId, { cookie: carol.cookie, concord: true });
    await Promise.all([a.opened, c.opened]);
    const room = server.services.rooms.get(docId)!;
    const batcher = server.services.rooms.batcher;
    await waitFor(() => !batcher.hasPending(room), 30_000, 'the room to be idle');
    const aliceDoc = new Y.Doc();
    const updates = recorder(aliceDoc);
    const text = aliceDoc.getText('t');

    // The first write under Alice's client id claims it: Carol hears it once it is stored.
    const commitsBeforeClaim = batcher.counters.commits;
    text.insert(0, 'claim ');
    a.send(updateMessage(updates[0]!));
    await waitFor(() => receivedCopy(c).getText('t').toString() === 'claim ', 30_000, 'the claim at the reader');
    expect(batcher.counters.commits, 'the claim was committed before the reader got it').toBeGreaterThan(commitsBeforeClaim);
    expect(room.broadcasts.counters).toEqual({ early: 0, afterCommit: 1, ahead: 0 });
    await waitFor(() => ackedClock(a, aliceDoc.clientID) === text.length, 30_000, 'the claim acknowledged');

    // Her next words reach Carol while their commit is held in the writer, and Alice
    // hears they are saved only once it has returned.
    const ackedBefore = ackedClock(a, aliceDoc.clientID);
    const commitsBefore = batcher.counters.commits;
    gate.close();
    text.insert(text.length, 'then more');
    a.send(updateMessage(updates[1]!));
    await waitFor(() => receivedCopy(c).getText('t').toString() === 'claim then more', 30_000, 'the update at the reader');
    expect(batcher.counters.commits, 'its commit is still running').toBe(commitsBefore);
    expect(ackedClock(a, aliceDoc.clientID), 'not yet acknowledged').toBe(ackedBefore);
    // Sent before it was even applied (send-ahead.ts): plain typing under an id already stored.
    expect(room.broadcasts.counters).toEqual({ early: 0, afterCommit: 1, ahead: 1 });
    gate.open();
    await waitFor(() => ackedClock(a, aliceDoc.clientID) === text.length, 30_000, 'acknowledged after its commit');
    expect(batcher.counters.commits).toBeGreaterThan(commitsBefore);
    // The reader never gets `saved` for others' edits, nor an update twice.
    expect(savedCount(c)).toBe(0);
    expect(c.received.filter(isDocumentUpdate)).toHaveLength(2);
    a.ws.close();
    c.ws.close();
  });

  it('a slow disk delays acknowledgements, loses nothing and bounds the bytes waiting for it', async () => {
    const maxQueued = 128 * 1024;
    const { server, dbFile } = await slowDiskServer(150, { WRITE_QUEUE_MAX_BYTES: String(maxQueued) });
    const alice = await signedInUser(server, 'Alice');
    const docId = await createDocWithMembers(server, alice);
    const socket = rawSocket(server.url, docId, { cookie: alice.cookie, concord: true });
    await socket.opened;
    let closed: { code: number } | undefined;
    void socket.closed.then((c) => (closed = c));

    const doc = new Y.Doc();
    const updates = recorder(doc);
    const chunk = 'x'.repeat(4096);
    const count = 400; // 1.6 MB, over twelve times the queue bound
    for (let i = 0; i < count; i++) doc.getText('t').insert(doc.getText('t').length, chunk);
    for (const u of updates) socket.send(updateMessage(u));
    const sentClock = doc.getText('t').length;

    await waitFor(() => ackedClock(socket, doc.clientID) === sentClock, 60_000, 'every update acknowledged');
    const counters = server.services.rooms.batcher.counters;
    // Acknowledged in groups, not one by one: the disk set the pace.
    expect(savedCount(socket)).toBeLessThan(count / 4);
    // The server stopped reading rather than queueing everything; what a paused
    // socket had already read (one TCP read at most) may still arrive.
    expect(counters.pauses).toBeGreaterThan(0);
    expect(counters.peakQueuedBytes).toBeLessThanOrEqual(maxQueued + 256 * 1024);
    expect(counters.peakQueuedBytes).toBeLessThan(count * chunk.length);
    expect(closed).toBeUndefined();
    // Nothing lost: the stored log holds everything, in order.
    const replay = new Y.Doc();
    for (const u of storedLog(dbFile, docId)) Y.applyUpdate(replay, u);
    expect(replay.getText('t').toString()).toBe(doc.getText('t').toString());
    socket.ws.close();
  });
});

function decodesToClient(message: Uint8Array, clientId: number): boolean {
  const d = decoding.createDecoder(message);
  decoding.readVarUint(d);
  const update = decoding.readVarUint8Array(d);
  const probe = new awarenessProtocol.Awareness(new Y.Doc());
  awarenessProtocol.applyAwarenessUpdate(probe, update, 'test');
  const has = probe.getStates().has(clientId);
  probe.destroy();
  return has;
}

describe('when the writer thread dies', { timeout: 90_000 }, () => {
  it('commits in flight fail unacknowledged, clients resync (4503), and everything typed is stored in the end', async () => {
    const { server, dbFile, gate, stores } = await slowDiskServer(0);
    const alice = await signedInUser(server, 'Alice');
    const docId = await createDocWithMembers(server, alice);
    const client = stockClient(server.url, docId, alice.cookie, { concord: true, connect: false });
    const inbox = listenConcord(client);
    client.provider.connect();
    cleanups.push(() => client.destroy());
    await synced(client);

    const text = client.doc.getText('t');
    text.insert(0, 'before ');
    await waitFor(() => inbox.ackedClock(client.doc.clientID) === text.length, 30_000, 'the first words acknowledged');
    const ackedBefore = inbox.ackedClock(client.doc.clientID);
    gate.close();
    text.insert(text.length, 'during ');
    // The commit holding "during" is held in the writer; the writer dies.
    await waitFor(() => gate.waiting === 1, 30_000, 'the commit of "during" held in the writer');
    await stores.writer!.terminate();
    gate.open(); // for the writer that starts next
    await waitFor(() => client.closeEvents.some((e) => e.code === CloseCode.reloadRequired), 30_000, 'the room to be reloaded (4503)');
    // Not acknowledged by the dead commit.
    expect(inbox.ackedClock(client.doc.clientID)).toBe(ackedBefore);
    // The client reconnects by itself and resends; a new writer stores it.
    text.insert(text.length, 'after');
    await waitFor(() => inbox.ackedClock(client.doc.clientID) === text.length, 30_000, 'everything acknowledged after the restart');
    const replay = new Y.Doc();
    for (const u of storedLog(dbFile, docId)) Y.applyUpdate(replay, u);
    expect(replay.getText('t').toString()).toBe('before during after');
  });
});
