/**
 * A whole-document answer (sync step 2) goes out as one WebSocket message in two
 * frames: the few bytes of sync header, without FIN, then the update as the
 * continuation frame (issue 21: the update is the store's read itself, never copied
 * behind its header). The stock y-websocket client, on `ws`, must see one message.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createDocWithMembers, signedInUser } from '../helpers/users.js';
import { stockClient, synced, waitFor, type StockClient } from '../helpers/yclient.js';
import { startFrameTap, type FrameTap, type SeenFrame } from './support/frame-tap.js';

let server: TestServer | undefined;
let tap: FrameTap | undefined;
const clients: StockClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await tap?.close();
  tap = undefined;
  await server?.dispose();
  server = undefined;
});

const text = (c: StockClient) => c.doc.getText('t').toString();

/** The messages sent in more than one frame: each as its frames' payload sizes. */
function fragmentedMessages(frames: readonly SeenFrame[]): number[][] {
  const messages: number[][] = [];
  let current: number[] | undefined;
  for (const f of frames) {
    if (f.opcode >= 8) continue; // control frames may come between fragments
    if (f.opcode !== 0) current = [];
    current?.push(f.payloadBytes);
    if (f.fin && current) {
      if (current.length > 1) messages.push(current);
      current = undefined;
    }
  }
  return messages;
}

describe('the whole-document answer in two frames', () => {
  it('reaches stock clients as one message, from a document loaded from one stored piece', async () => {
    server = await startTestServer();
    const a = await signedInUser(server, 'Alice');
    const docId = await createDocWithMembers(server, a);
    const writer = stockClient(server.url, docId, a.cookie);
    clients.push(writer);
    await synced(writer);
    // Long enough that the update's frame needs the 64-bit length form.
    const paragraph = 'The committee agreed the wording of section four. '.repeat(2000);
    writer.doc.getText('t').insert(0, paragraph);
    await waitFor(() => server!.services.rooms.get(docId)?.doc.getText('t').length === paragraph.length, 30_000, 'the edit');
    for (const c of clients.splice(0)) c.destroy();

    // After a restart the document is loaded from one stored piece, which is the answer.
    const dataDir = server.dataDir;
    await server.stop();
    server = await startTestServer({ dataDir });
    const stored = (await server.services.stores.docs.loadDocState(docId))!;
    // One stored piece: a snapshot alone, or (as here) a new document's one logged update.
    const pieces = [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates];
    expect(pieces).toHaveLength(1);
    const storedBytes = pieces[0]!.byteLength;

    tap = await startFrameTap(server.url);
    const readers = [stockClient(tap.url, docId, a.cookie), stockClient(tap.url, docId, a.cookie)];
    clients.push(...readers);
    for (const r of readers) await synced(r);
    for (const r of readers) await waitFor(() => text(r) === paragraph, 30_000, 'the document');

    expect(tap.connections).toHaveLength(2);
    for (const frames of tap.connections) {
      const split = fragmentedMessages(frames);
      expect(split).toHaveLength(1);
      const [head, body] = split[0]!;
      // Message type, sync step 2, and the update's length as a varint.
      expect(head).toBeLessThanOrEqual(2 + 5);
      expect(body).toBe(storedBytes);
    }
    for (const r of readers) expect(r.closeEvents).toEqual([]);

    // Edited since: the answer is an encoding of the document, framed the same way.
    readers[0]!.doc.getText('t').insert(0, 'Draft: ');
    await waitFor(() => text(readers[1]!) === 'Draft: ' + paragraph, 30_000, 'the edit to reach the other reader');
    const late = stockClient(tap.url, docId, a.cookie);
    clients.push(late);
    await synced(late);
    await waitFor(() => text(late) === 'Draft: ' + paragraph, 30_000, 'the late joiner');
    expect(fragmentedMessages(tap.connections[2]!)).toHaveLength(1);
  });
});
