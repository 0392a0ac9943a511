/**
 * Frame once, write many (issue 21): a message the server sends to several
 * sockets is framed once and written to each TCP socket directly, past `ws`'s
 * Sender (server/src/http/shared-frames.ts). Readers must still get exactly
 * what they got before — the same bytes, in apply order, whether a message went
 * as a shared frame or (too large for one) through `ws` — and a reader that stops
 * reading must still be cut off with 4429 by the unread-bytes limit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket, * as wsModule from 'ws';
import * as decoding from 'lib0/decoding';
import { CloseCode } from '@concord/shared';
import { binaryFrame, SHARED_FRAME_MAX_BYTES, sharedFrameCounters } from '@concord/server/http/shared-frames';
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
  await synced(client, 20_000);
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
    const received = [tap(one!), tap(two!)];
    const before = { ...sharedFrameCounters };

    // Keys, a paste too large for a shared frame, then keys again: order must hold across both paths.
    const text = writer.doc.getText('t');
    const large = 'x'.repeat(SHARED_FRAME_MAX_BYTES + 1000);
    for (let i = 0; i < 40; i++) {
      if (i === 20) text.insert(text.length, large);
      else text.insert(text.length, `k${i} `);
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
    const built = sharedFrameCounters.built - before.built;
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
