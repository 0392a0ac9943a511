/**
 * A read-only member's client takes part in the sync protocol like any other: the
 * stock y-websocket client answers the server's sync step 1 with a sync step 2,
 * which repeats its whole delete set even when it has nothing new, and a client
 * may answer with state it had cached. Neither is a write: no `read_only` error,
 * nothing counted towards the disconnect (4403). A sync step 2 that does carry
 * something new (typing, a deletion) from a read-only member is still refused and
 * changes nothing. Real server, real sockets, the stock client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { ConcordMessage, MessageType } from '@concord/shared';
import { defaultSyncLimits } from '@concord/server/sync/types';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createDocWithMembers, signedInUser, type SignedIn } from '../helpers/users.js';
import { stockClient, synced, waitFor, type StockClient } from '../helpers/yclient.js';
import { fence, socketOf, syncMessage } from '../helpers/sync-fence.js';
import { listenConcord, rawSocket, type ConcordInbox } from './support/concord-messages.js';

let server: TestServer;
let docId: string;
let author: StockClient;
const people: Record<'author' | 'observer' | 'publisher', SignedIn> = {} as never;
const clients: StockClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['author', 'observer', 'publisher'] as const) people[name] = await signedInUser(server, name);
  docId = await createDocWithMembers(server, people.author, [
    { user: people.observer.user, role: 'observer' },
    { user: people.publisher.user, role: 'publisher' },
  ]);
  // Typing and deleting: from now on every sync step 2 a client encodes carries a delete set.
  author = connect(people.author).client;
  await synced(author, 30_000);
  const text = author.doc.getText('t');
  text.insert(0, 'The agreed wording, with a typo typo.');
  text.delete(31, 5);
  await waitFor(() => liveText() === 'The agreed wording, with a typo.', 30_000, "the author's text on the server");
});

afterAll(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server.dispose();
});

function connect(who: SignedIn, doc?: Y.Doc): { client: StockClient; inbox: ConcordInbox } {
  const client = stockClient(server.url, docId, who.cookie, { concord: true, connect: false, ...(doc ? { doc } : {}) });
  clients.push(client);
  const inbox = listenConcord(client);
  client.provider.connect();
  return { client, inbox };
}

const liveText = () => server.services.rooms.get(docId)?.doc.getText('t').toString();

/** The live document and the stored log, once every queued write has landed. */
async function observable() {
  await server.services.rooms.batcher.drain();
  const stored = (await server.services.stores.docs.loadDocState(docId))!;
  const room = server.services.rooms.get(docId);
  return {
    live: room ? Buffer.from(Y.encodeStateAsUpdate(room.doc)).toString('hex') : 'not loaded',
    log: stored.updates.length,
    snapshot: stored.snapshot?.length ?? 0,
  };
}

describe.each(['observer', 'publisher'] as const)('a read-only member (%s)', (role) => {
  it('connecting with the stock client: its sync step 2 is not refused, whatever it repeats', async () => {
    const before = await observable();
    // Reconnecting more often than the refusals that end a connection: each answer is a no-op.
    const cached = new Y.Doc();
    for (let visit = 0; visit <= defaultSyncLimits.maxRefusedWrites; visit++) {
      const { client, inbox } = connect(people[role], cached);
      await synced(client, 30_000);
      // The client sent its sync step 2 when it heard our step 1, before it was synced.
      await fence(socketOf(client));
      expect(client.doc.getText('t').toString()).toBe('The agreed wording, with a typo.');
      expect(inbox.welcomes).toEqual([expect.objectContaining({ role })]);
      expect(inbox.errors, `visit ${visit}`).toEqual([]);
      expect(client.closeEvents).toEqual([]);
      client.provider.destroy(); // the document stays: the next visit answers from this cached copy
    }
    expect(await observable()).toEqual(before);
  });

  it('a sync step 2 with what the server has already (a whole cached copy) is not refused either', async () => {
    const before = await observable();
    const socket = rawSocket(server.url, docId, { cookie: people[role].cookie, concord: true });
    await socket.opened;
    const cached = Y.encodeStateAsUpdate(author.doc);
    expect(Y.decodeUpdate(cached).structs.length).toBeGreaterThan(0);
    socket.send(syncMessage(1, cached));
    await fence(socket.ws);
    expect(errorsOn(socket.received)).toEqual([]);
    socket.ws.close();
    expect(await observable()).toEqual(before);
  });

  it('a sync step 2 that brings typing or a deletion is refused and changes nothing', async () => {
    const before = await observable();
    // Offline, the read-only client's own copy changes; reconnecting, its answer carries that.
    for (const [what, change] of [
      ['typing', (t: Y.Text) => t.insert(0, 'Forged: ')],
      ['a deletion', (t: Y.Text) => t.delete(0, 4)],
    ] as const) {
      const cached = new Y.Doc();
      Y.applyUpdate(cached, Y.encodeStateAsUpdate(author.doc));
      change(cached.getText('t'));
      const { client, inbox } = connect(people[role], cached);
      await synced(client, 30_000);
      await fence(socketOf(client));
      expect(inbox.errors, what).toEqual([expect.objectContaining({ code: 'read_only' })]);
      expect(await observable(), what).toEqual(before);
      expect(liveText()).toBe('The agreed wording, with a typo.');
      client.destroy();
    }
  });
});

/** The codes of the Concord error messages among the messages a raw socket received. */
function errorsOn(received: Uint8Array[]): string[] {
  return received.flatMap((m) => {
    const d = decoding.createDecoder(m);
    if (decoding.readVarUint(d) !== MessageType.concord || decoding.readVarUint(d) !== ConcordMessage.error) return [];
    return [(JSON.parse(decoding.readVarString(d)) as { code: string }).code];
  });
}
