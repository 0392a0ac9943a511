/**
 * Limits must never cut off a well-behaved client (issue 21): a fast typist
 * that moves its caret with every key, in a room of people doing the same
 * (whose stock clients echo every presence change back), is never rate limited;
 * a reader that stops reading is cut off only far above what a slow network
 * produces, is told why, and reconnects without losing anything.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { CloseCode } from '@concord/shared';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createDocWithMembers, signedInUser, type SignedIn } from '../helpers/users.js';
import { stockClient, synced, waitFor, type StockClient } from '../helpers/yclient.js';
import { listenConcord, type ConcordInbox } from './support/concord-messages.js';

let server: TestServer | undefined;
const clients: StockClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.dispose();
  server = undefined;
});

interface Typist {
  client: StockClient;
  inbox: ConcordInbox;
  typed: number;
}

async function typist(docId: string, who: SignedIn): Promise<Typist> {
  const client = stockClient(server!.url, docId, who.cookie, { concord: true, connect: false });
  const inbox = listenConcord(client);
  client.provider.connect();
  clients.push(client);
  await synced(client, 30_000);
  return { client, inbox, typed: 0 };
}

/** One key: a character at the end of the typist's own text, then the caret after it (as the editor's caret extension does). */
function typeKey(t: Typist, field: string): void {
  const text = t.client.doc.getText(field);
  text.insert(text.length, 'k');
  t.typed++;
  const caret = Y.createRelativePositionFromTypeIndex(text, text.length);
  t.client.provider.awareness.setLocalStateField('cursor', {
    anchor: Y.relativePositionToJSON(caret),
    head: Y.relativePositionToJSON(caret),
  });
}

describe('well-behaved clients are never cut off', { timeout: 120_000 }, () => {
  it('ten people typing at 15 keys/s with a caret update per key are never rate limited', async () => {
    server = await startTestServer();
    const author = await signedInUser(server, 'Author');
    const people = await Promise.all(Array.from({ length: 9 }, (_, i) => signedInUser(server!, `Typist ${i}`)));
    const docId = await createDocWithMembers(
      server,
      author,
      people.map((p) => ({ user: p.user, role: 'commissioner' as const })),
    );
    const typists = await Promise.all([author, ...people].map((p) => typist(docId, p)));

    // 15 keys/s each for 4 s: every key is one document message and one presence
    // message, and every stock client echoes all the presence it hears.
    const keys = 60;
    for (let k = 0; k < keys; k++) {
      typists.forEach((t, i) => typeKey(t, `t${i}`));
      // The pace is the scenario (15 keys/s each), not a wait for something.
      await new Promise((r) => setTimeout(r, 1000 / 15));
    }
    await waitFor(
      () =>
        typists.every((t) => t.inbox.ackedClock(t.client.doc.clientID) >= t.typed) &&
        typists.every((r) => typists.every((t, i) => r.client.doc.getText(`t${i}`).length === t.typed)),
      60_000,
      'every key acknowledged and received by everyone',
    );
    for (const t of typists) {
      expect(t.client.closeEvents, 'no socket was closed').toEqual([]);
      expect(t.inbox.errors).toEqual([]);
    }
    // Not vacuous: everyone saw everyone's caret.
    for (const r of typists) expect(r.client.provider.awareness.getStates().size).toBe(typists.length);
  });

  it('a reader that stops reading is cut off with a reason, reconnects, and loses nothing', async () => {
    // Far above what a slow network holds unread, but small enough for a test: 1 MiB here, 32 MiB by default.
    server = await startTestServer({ env: { MAX_UNREAD_BYTES: String(1024 * 1024) } });
    const writerUser = await signedInUser(server, 'Writer');
    const readerUser = await signedInUser(server, 'Reader');
    const docId = await createDocWithMembers(server, writerUser, [{ user: readerUser.user, role: 'observer' }]);
    const writer = await typist(docId, writerUser);
    const reader = await typist(docId, readerUser);
    // The reader stops reading its socket (a frozen tab, a stalled process).
    const stalled = reader.client.provider.ws as unknown as WebSocket;
    stalled.pause();

    // The writer pastes ~8 MB; the kernel's socket buffers fill, then the server's.
    const text = writer.client.doc.getText('t');
    const paragraph = 'lorem ipsum dolor sit amet '.repeat(2400);
    for (let i = 0; i < 125; i++) {
      text.insert(text.length, paragraph);
      // Pastes in bursts of ten with a pause: the scenario's pace, not a wait for something.
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, 20));
    }
    await waitFor(() => reader.client.closeEvents.length > 0, 60_000, 'the stalled reader to be cut off');
    expect(reader.client.closeEvents[0]).toEqual({ code: CloseCode.slowReader, reason: 'not reading what the server sends; reconnect' });
    stalled.resume();
    // The stock client reconnects by itself and catches up.
    await waitFor(() => reader.client.provider.wsconnected && reader.client.provider.synced, 60_000, 'the reader to reconnect');
    await waitFor(() => reader.client.doc.getText('t').length === text.length, 60_000, 'the reader to catch up');
    expect(reader.client.doc.getText('t').toString()).toBe(text.toString());
    // The writer was never affected.
    expect(writer.client.closeEvents).toEqual([]);
    await waitFor(() => writer.inbox.ackedClock(writer.client.doc.clientID) === text.length, 60_000, 'the writer acknowledged');
  });
});
