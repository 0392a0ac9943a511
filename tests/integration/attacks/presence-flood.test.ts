/**
 * Issue 12 #7 and two Low items, over real sockets: a read-only observer
 * announcing 15 000 fake carets once froze the author's editor, got an honest
 * client disconnected and made ten 1-byte presence queries grow the server by
 * 730 MiB. Now one connection speaks for at most MAX_PRESENCE_IDS_PER_CONNECTION
 * ids and a document holds at most MAX_PRESENCE_PER_DOCUMENT entries; another
 * member cannot take over a reconnecting user's presence slot; a malformed
 * cursor is dropped before it reaches other editors. And one account holds at
 * most MAX_PRESENCE_PER_ACCOUNT entries in a document, so that a few accounts
 * with all their sockets cannot fill it and hide whoever arrives next.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { createDocWithMembers, signedInUser, type SignedIn } from '../../helpers/users.js';
import { stockClient, synced, waitFor, type StockClient } from '../../helpers/yclient.js';
import { RawSyncSocket } from '../../fuzz/support/raw-socket.js';
import { awarenessMessage, awarenessUpdate, queryAwarenessMessage } from '../../fuzz/support/wire.js';
import { MAX_PRESENCE_IDS_PER_CONNECTION, MAX_PRESENCE_PER_ACCOUNT } from '@concord/server/sync/presence';

let server: TestServer;
let author: SignedIn;
let observer: SignedIn;
let commissioner: SignedIn;
let docId: string;
const cleanups: (() => void | Promise<void>)[] = [];

beforeAll(async () => {
  server = await startTestServer();
  [author, observer, commissioner] = (await Promise.all(['Author', 'Observer', 'Commissioner'].map((n) => signedInUser(server, n)))) as [
    SignedIn,
    SignedIn,
    SignedIn,
  ];
  docId = await createDocWithMembers(server, author, [
    { user: observer.user, role: 'observer' },
    { user: commissioner.user, role: 'commissioner' },
  ]);
});

afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn();
  await server?.dispose();
});

function client(who: SignedIn): StockClient {
  const c = stockClient(server.url, docId, who.cookie);
  cleanups.push(() => c.destroy());
  return c;
}

async function rawSocket(who: SignedIn): Promise<RawSyncSocket> {
  const socket = new RawSyncSocket(server.url, docId, who.cookie);
  cleanups.push(() => socket.shutdown());
  await socket.ready;
  return socket;
}

const roomStates = () => server.services.rooms.get(docId)!.awareness.getStates();
const userIdOf = (state: unknown) => (state as { user?: { id?: string } } | undefined)?.user?.id;

describe('presence is bounded and cannot be hijacked (issue 12 #7)', () => {
  it('15 000 fake carets from one observer: at most a couple are kept, the author stays connected, answers stay small', async () => {
    const honest = client(author);
    honest.provider.awareness.setLocalStateField('user', { name: 'me' });
    await synced(honest);
    const attacker = await rawSocket(observer);
    for (let batch = 0; batch < 4; batch++) {
      const entries = Array.from({ length: 3750 }, (_, i) => ({
        clientId: 100_000 + batch * 3750 + i,
        clock: 1,
        state: { cursor: null, user: { name: `ghost ${i}` } },
      }));
      await attacker.settle([awarenessMessage(awarenessUpdate(entries))]);
    }
    expect(attacker.close).toBeUndefined();
    const fromAttacker = [...roomStates().values()].filter((s) => (s as { user?: { id?: string } }).user?.id === observer.user.id);
    expect(fromAttacker.length).toBeLessThanOrEqual(MAX_PRESENCE_IDS_PER_CONNECTION);
    await waitFor(() => honest.provider.awareness.getStates().size >= 2, 30_000, 'the observer presence at the author');
    expect(honest.provider.awareness.getStates().size).toBeLessThanOrEqual(1 + MAX_PRESENCE_IDS_PER_CONNECTION);
    expect(honest.closeEvents).toEqual([]);

    // Ten presence queries: each answer holds the bounded set, a few KB at most.
    const before = attacker.messages.length;
    await attacker.settle(Array.from({ length: 10 }, () => queryAwarenessMessage()));
    const answers = attacker.messages.slice(before).filter((m) => m.kind === 'awareness');
    const bytes = answers.reduce((sum, m) => sum + (m.kind === 'awareness' ? m.update.byteLength : 0), 0);
    console.info(`presence flood: ${fromAttacker.length} of 15 000 kept; 10 queries answered with ${bytes} bytes`);
    expect(answers.length).toBe(10);
    expect(bytes).toBeLessThan(10 * 4096);
  });

  it("another member cannot take over a reconnecting user's presence slot", async () => {
    const victim = client(commissioner);
    victim.provider.awareness.setLocalStateField('user', { name: 'victim' });
    await synced(victim);
    const slot = victim.doc.clientID;
    await waitFor(
      () => (roomStates().get(slot) as { user?: { id?: string } } | undefined)?.user?.id === commissioner.user.id,
      30_000,
      'victim presence',
    );
    victim.provider.disconnect();
    await waitFor(() => !roomStates().has(slot), 30_000, 'victim presence removed');

    const thief = await rawSocket(author);
    await thief.settle([awarenessMessage(awarenessUpdate([{ clientId: slot, clock: 99, state: { user: { name: 'thief' } } }]))]);
    expect(roomStates().has(slot)).toBe(false);

    victim.provider.connect();
    await waitFor(() => victim.provider.synced, 30_000, 'victim reconnected');
    // y-protocols ignores a state whose clock the server has already seen (the
    // disconnect bumped it): the editor's next presence changes get through.
    for (let i = 0; i < 3; i++) victim.provider.awareness.setLocalStateField('user', { name: `victim ${i}` });
    await waitFor(
      () => (roomStates().get(slot) as { user?: { id?: string } } | undefined)?.user?.id === commissioner.user.id,
      30_000,
      'victim presence back under its own name',
    );
  });

  it('a malformed cursor is dropped before it reaches other editors', async () => {
    const watcher = client(author);
    await synced(watcher);
    const sender = await rawSocket(commissioner);
    const clientId = 777_001;
    await sender.settle([
      awarenessMessage(awarenessUpdate([{ clientId, clock: 1, state: { cursor: { anchor: 5, head: 'x' }, user: { name: 'c' } } }])),
    ]);
    await waitFor(() => watcher.provider.awareness.getStates().has(clientId), 30_000, 'presence at the watcher');
    expect((watcher.provider.awareness.getStates().get(clientId) as { cursor?: unknown }).cursor).toBeNull();
    // A well-formed one passes unchanged.
    const good = {
      anchor: { type: null, tname: 'default', item: { client: 1, clock: 2 }, assoc: 0 },
      head: { type: null, tname: 'default', item: { client: 1, clock: 2 }, assoc: 0 },
    };
    await sender.settle([awarenessMessage(awarenessUpdate([{ clientId, clock: 2, state: { cursor: good, user: { name: 'c' } } }]))]);
    await waitFor(
      () => (watcher.provider.awareness.getStates().get(clientId) as { cursor?: unknown }).cursor !== null,
      30_000,
      'good cursor',
    );
    expect((watcher.provider.awareness.getStates().get(clientId) as { cursor?: unknown }).cursor).toEqual(good);
  });

  it('four accounts at 32 sockets each cannot crowd a newcomer out of the document’s presence', async () => {
    const crowd = await Promise.all([1, 2, 3, 4].map((i) => signedInUser(server, `Crowd ${i}`)));
    for (const member of crowd) await server.services.stores.members.setMember(docId, member.user.id, 'observer');
    let nextClientId = 500_000;
    for (const member of crowd) {
      // As many sockets as one account may open (MAX_CONNECTIONS_PER_USER), two carets each.
      const sockets = await Promise.all(Array.from({ length: server.config.maxConnectionsPerUser }, () => rawSocket(member)));
      await Promise.all(
        sockets.map((socket) => {
          const entries = [0, 1].map(() => ({ clientId: nextClientId++, clock: 1, state: { cursor: null, user: { name: 'crowd' } } }));
          return socket.settle([awarenessMessage(awarenessUpdate(entries))]);
        }),
      );
      expect(sockets.every((socket) => socket.close === undefined)).toBe(true);
    }
    const held = [...roomStates().values()].map(userIdOf);
    console.info(`presence crowding: ${nextClientId - 500_000} carets announced by 4 accounts, ${roomStates().size} entries held`);
    for (const member of crowd) expect(held.filter((id) => id === member.user.id).length).toBe(MAX_PRESENCE_PER_ACCOUNT);

    // Someone arriving after the crowd is held and shown to the others.
    const newcomer = await signedInUser(server, 'Newcomer');
    await server.services.stores.members.setMember(docId, newcomer.user.id, 'commissioner');
    const watcher = client(author);
    await synced(watcher);
    const late = client(newcomer);
    late.provider.awareness.setLocalStateField('user', { name: 'late' });
    await synced(late);
    await waitFor(() => userIdOf(roomStates().get(late.doc.clientID)) === newcomer.user.id, 30_000, 'the newcomer’s presence held');
    await waitFor(
      () => userIdOf(watcher.provider.awareness.getStates().get(late.doc.clientID)) === newcomer.user.id,
      30_000,
      'the newcomer shown to the author',
    );
  });
});
