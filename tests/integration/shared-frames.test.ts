/**
 * Frame once, write many (issue 21): a message the server sends to several
 * sockets is framed once and written to each TCP socket directly, past `ws`'s
 * Sender (server/src/http/shared-frames.ts). Readers must still get exactly
 * what they got before — the same bytes, in apply order, whether a message went
 * as a shared frame or (too large for one) through `ws` — and a reader that stops
 * reading must still be cut off with 4429 by the unread-bytes limit. And a
 * caller that reuses its buffer between two sends gets what the buffer held at
 * each send on the wire: a frame is made per fan-out (sync/shared-message.ts),
 * never remembered by the payload's identity.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import * as Y from 'yjs';
import WebSocket, * as wsModule from 'ws';
import { WebSocketServer } from 'ws';
import * as decoding from 'lib0/decoding';
import { CloseCode } from '@concord/shared';
import { framedSender, sharedFrameCounters } from '@concord/server/http/shared-frames';
import { binaryFrame, SHARED_FRAME_MAX_BYTES, sharedMessage, sharedMessageCounters } from '@concord/server/sync/shared-message';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createDocWithMembers, signedInUser } from '../helpers/users.js';
import { stockClient, synced, waitFor, type StockClient } from '../helpers/yclient.js';

let server: TestServer | undefined;
const clients: StockClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.dispose();
  server = undefined;
});

/** `ws`'s own framing of a server message, to compare with. */
function framedByWs(data: Uint8Array): Buffer {
  const { Sender } = wsModule as unknown as {
    Sender: { frame(data: Buffer, options: Record<string, unknown>): Buffer[] };
  };
  return Buffer.concat(Sender.frame(Buffer.from(data), { fin: true, opcode: 2, mask: false, readOnly: true, rsv1: false }));
}

async function connected(docId: string, cookie: string): Promise<StockClient> {
  const client = stockClient(server!.url, docId, cookie);
  clients.push(client);
  await synced(client, 30_000);
  return client;
}

/** Every binary message the client's socket receives from now on, as received. */
function tap(client: StockClient): Uint8Array[] {
  const messages: Uint8Array[] = [];
  (client.provider.ws as unknown as WebSocket).on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
  return messages;
}

/** The sync update messages among `messages` (type 0, subtype 2). */
function syncUpdates(messages: Uint8Array[]): Uint8Array[] {
  return messages.filter((m) => m[0] === 0 && m[1] === 2);
}

describe('shared frames', { timeout: 120_000 }, () => {
  it('frame a message as ws does, for every length form of the header', () => {
    for (const length of [0, 1, 125, 126, 127, 4000, 65_535, 65_536]) {
      const data = new Uint8Array(length).map((_, i) => (i * 7) & 0xff);
      expect(binaryFrame(data).equals(framedByWs(data)), `length ${length}`).toBe(true);
    }
  });

  it('put on the wire what a reused buffer holds at each send, shared or not (real sockets on port 0)', async () => {
    // framedSender as sync-endpoint.ts wires it (the upgrade's TCP socket), on a plain `ws` server:
    // no server code path reuses a buffer, so the caller that does is this test.
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    const senders: ((data: Uint8Array) => void)[] = [];
    wss.on('connection', (ws, request) => senders.push(framedSender(ws, request.socket as Socket)));
    await new Promise((resolve) => wss.once('listening', resolve));
    const url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}`;
    const received: string[][] = [[], []];
    const sockets = received.map((into) => {
      const socket = new WebSocket(url);
      socket.on('message', (data: Buffer) => into.push(data.toString('hex')));
      return socket;
    });
    try {
      await waitFor(() => senders.length === 2, 10_000, 'both sockets accepted');
      const count = (n: number) => () => received.every((r) => r.length >= n);
      const before = { ...sharedFrameCounters };
      const buffer = new Uint8Array([1, 2, 3, 4]);

      // One fan-out, the buffer changed at once, another fan-out: each frame holds its own copy.
      const first = sharedMessage(buffer);
      for (const send of senders) send(first);
      buffer.set([5, 6, 7, 8]);
      const second = sharedMessage(buffer);
      for (const send of senders) send(second);
      await waitFor(count(2), 10_000, 'both fan-outs');
      // The same buffer sent as it is, changed between two sends (after the first arrived).
      senders[0]!(buffer);
      await waitFor(() => received[0]!.length === 3, 10_000, 'the first plain send');
      buffer.set([9, 9, 9, 9]);
      senders[0]!(buffer);
      await waitFor(() => received[0]!.length === 4, 10_000, 'the second plain send');

      expect(received[0]).toEqual(['01020304', '05060708', '05060708', '09090909']);
      expect(received[1]).toEqual(['01020304', '05060708']);
      // Not vacuous: the fan-outs went as shared frames, the plain sends through ws.
      expect(sharedFrameCounters.written - before.written).toBe(4);
      expect(sharedFrameCounters.throughWs - before.throughWs).toBe(2);
    } finally {
      for (const socket of sockets) socket.terminate();
      await new Promise((resolve) => wss.close(resolve));
    }
  });

  it('give every reader the same bytes in apply order, small edits shared and large ones through ws', async () => {
    server = await startTestServer();
    const author = await signedInUser(server, 'Author');
    const readers = await Promise.all([signedInUser(server, 'Reader 1'), signedInUser(server, 'Reader 2')]);
    const docId = await createDocWithMembers(
      server,
      author,
      readers.map((r) => ({ user: r.user, role: 'observer' as const })),
    );
    const writer = await connected(docId, author.cookie);
    const [one, two] = await Promise.all(readers.map((r) => connected(docId, r.cookie)));
    // The writer's first edit claims its client id, and what follows is held until that claim
    // is committed (broadcast-queue.ts): on a slow disk, every edit below would reach the
    // readers as one merged message. Once the readers have the first, the claim is stored.
    writer.doc.getText('t').insert(0, '> ');
    await waitFor(() => [one!, two!].every((r) => r.doc.getText('t').toString() === '> '), 30_000, 'the claiming edit at both readers');
    const received = [tap(one!), tap(two!)];
    const tapped = Y.encodeStateAsUpdate(writer.doc);
    const before = { ...sharedFrameCounters, ...sharedMessageCounters };

    // Keys, a paste too large for a shared frame, then keys again: order must hold across both paths.
    const text = writer.doc.getText('t');
    const large = 'x'.repeat(SHARED_FRAME_MAX_BYTES + 1000);
    for (let i = 0; i < 40; i++) {
      if (i === 20) text.insert(text.length, large);
      else text.insert(text.length, `k${i} `);
      // Keys a few ms apart, as typed: the scenario's pace, not a wait for something.
      await new Promise((r) => setTimeout(r, 5));
    }
    await waitFor(
      () => [one!, two!].every((r) => r.doc.getText('t').toString() === text.toString()),
      30_000,
      'both readers to have every edit',
    );

    const [first, second] = received.map(syncUpdates) as [Uint8Array[], Uint8Array[]];
    expect(first.length).toBeGreaterThan(0);
    // Byte-identical, message for message.
    expect(second.map((m) => Buffer.from(m).toString('hex'))).toEqual(first.map((m) => Buffer.from(m).toString('hex')));
    // In order: applied one by one, nothing ever waits for something sent later.
    const replay = new Y.Doc();
    Y.applyUpdate(replay, tapped);
    for (const message of first) {
      const d = decoding.createDecoder(message);
      decoding.readVarUint(d);
      decoding.readVarUint(d);
      Y.applyUpdate(replay, decoding.readVarUint8Array(d));
      expect(replay.store.pendingStructs).toBeNull();
      expect(replay.store.pendingDs).toBeNull();
    }
    expect(replay.getText('t').toString()).toBe(text.toString());
    // Not vacuous: both paths were taken, and shared frames were reused for the second reader.
    expect(sharedFrameCounters.throughWs).toBeGreaterThan(before.throughWs);
    const built = sharedMessageCounters.built - before.built;
    const written = sharedFrameCounters.written - before.written;
    expect(written).toBeGreaterThanOrEqual(2 * (first.length - 1));
    expect(built).toBeLessThan(written);
  });

  it('still cut off a reader that stops reading (1013) when what fills its buffer is shared frames', async () => {
    // As in well-behaved-clients.test.ts, but every update under the shared-frame limit.
    server = await startTestServer({ env: { MAX_UNREAD_BYTES: String(1024 * 1024) } });
    const author = await signedInUser(server, 'Author');
    const readerUser = await signedInUser(server, 'Reader');
    const docId = await createDocWithMembers(server, author, [{ user: readerUser.user, role: 'observer' }]);
    const writer = await connected(docId, author.cookie);
    const reader = await connected(docId, readerUser.cookie);
    const stalled = reader.provider.ws as unknown as WebSocket;
    stalled.pause();
    const before = { ...sharedFrameCounters };

    // ~8 MB in pastes of ~54 KB: the kernel's socket buffers fill, then the server's.
    const text = writer.doc.getText('t');
    const paste = 'lorem ipsum dolor sit amet '.repeat(2000);
    for (let i = 0; i < 150; i++) {
      text.insert(text.length, paste);
      // Pastes in bursts of ten with a pause: the scenario's pace, not a wait for something.
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, 20));
    }
    // The server drops the reader's connection as it closes it; the reader hears why once it reads again.
    const room = server.services.rooms.get(docId)!;
    await waitFor(() => room.connections.size === 1, 60_000, 'the stalled reader to be cut off');
    stalled.resume();
    await waitFor(() => reader.closeEvents.length > 0, 30_000, 'the reader to read the close frame');
    expect(reader.closeEvents[0]).toEqual({ code: CloseCode.slowReader, reason: 'not reading what the server sends; reconnect' });
    // Not vacuous: what filled the reader's buffer went as shared frames (a batch merged behind
    // the writer's first, claiming update can be too large for one and go through ws).
    const written = sharedFrameCounters.written - before.written;
    const throughWs = sharedFrameCounters.throughWs - before.throughWs;
    expect(written).toBeGreaterThan(10 * Math.max(1, throughWs));
    expect(writer.closeEvents).toEqual([]);
  });
});
