/**
 * Rooms of one document on several servers (REDIS_URL, issue 20): committed
 * updates and presence reach every server that has the document open, are never
 * logged twice, a document loading while another server commits misses nothing,
 * and Redis restarting mid-session loses nothing and duplicates nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docFragment } from '@concord/shared';
import type { RunningServer } from '@concord/server/app';
import type { Stores } from '@concord/server/store/types';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { startSharedServers, type SharedServers } from '../../helpers/shared-servers.js';
import { createDocWithMembers, signedInUser, type SignedIn } from '../../helpers/users.js';
import { stockClient, synced, waitFor, type StockClient } from '../../helpers/yclient.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

let cluster: SharedServers | undefined;
const clients: StockClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await cluster?.dispose();
  cluster = undefined;
});

function connect(server: RunningServer, docId: string, who: SignedIn): StockClient {
  const client = stockClient(server.url, docId, who.cookie);
  clients.push(client);
  return client;
}

/**
 * Resolves once server two has received everything server one published so far:
 * server one publishes a marker event after its commits (on the same Redis
 * connection, so after them), and server two hears all of it on one subscriber
 * connection, in that order. The marker ends a session nobody has: harmless.
 */
async function publicationReached(one: RunningServer, two: RunningServer): Promise<void> {
  const tokenHash = `marker-${Math.random()}`;
  let heard = false;
  const stop = two.services.bus.subscribe('session.ended', (e) => {
    if (e.tokenHash === tokenHash) heard = true;
  });
  try {
    await one.services.bus.publish({ type: 'session.ended', tokenHash });
    await waitFor(() => heard, 30_000, 'the publications of server one to reach server two');
  } finally {
    stop();
  }
}

/** Appends a paragraph with `text` and an id (so the server's block-id pass has nothing to do), in one transaction. */
function type(client: StockClient, text: string): void {
  const p = new Y.XmlElement('paragraph');
  p.setAttribute('id', `block-${text.replace(/\W+/g, '-')}`);
  p.insert(0, [new Y.XmlText(text)]);
  const fragment = docFragment(client.doc);
  fragment.insert(fragment.length, [p]);
}

const textOf = (doc: Y.Doc) =>
  docFragment(doc)
    .toArray()
    .map((p) =>
      (p as Y.XmlElement)
        .toArray()
        .map((t) => (t as Y.XmlText).toString())
        .join(''),
    );

async function storedText(stores: Stores, docId: string): Promise<string[]> {
  const stored = (await stores.docs.loadDocState(docId))!;
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  return textOf(doc);
}

async function commission(server: RunningServer) {
  const [author, ana, ben] = await Promise.all(['Author', 'Ana', 'Ben'].map((n) => signedInUser(server, n)));
  const docId = await createDocWithMembers(server, author!, [
    { user: ana!.user, role: 'commissioner' },
    { user: ben!.user, role: 'commissioner' },
  ]);
  return { author: author!, ana: ana!, ben: ben!, docId };
}

describe('rooms on several servers', { timeout: 300_000 }, () => {
  it('stock clients on different servers converge; a server never logs what another committed', async () => {
    cluster = await startSharedServers(2, redis.url);
    const [one, two] = cluster.servers as [RunningServer, RunningServer];
    const { ana, ben, docId } = await commission(one);
    const a = connect(one, docId, ana);
    const b = connect(two, docId, ben);
    await Promise.all([synced(a), synced(b)]);
    const loggedBefore = [one.services.rooms.batcher.counters.updates, two.services.rooms.batcher.counters.updates];

    type(a, 'From Ana on one.');
    await waitFor(() => textOf(b.doc).includes('From Ana on one.'), 30_000, 'Ana’s paragraph on server two');
    type(b, 'From Ben on two.');
    await waitFor(() => textOf(a.doc).includes('From Ben on two.'), 30_000, 'Ben’s paragraph on server one');
    expect(textOf(a.doc)).toEqual(textOf(b.doc));

    // Each server logged only its own client's update (the other side can hear an update
    // before its commit returns: wait for the logs, not for the clients).
    const logged = () => [
      one.services.rooms.batcher.counters.updates - loggedBefore[0]!,
      two.services.rooms.batcher.counters.updates - loggedBefore[1]!,
    ];
    await expect.poll(logged).toEqual([1, 1]);
    await expect.poll(async () => (await storedText(cluster!.stores, docId)).sort()).toEqual(textOf(a.doc).sort());
    expect(logged()).toEqual([1, 1]);
  });

  it('presence crosses servers with the identity the server gave it, and leaves when its client does', async () => {
    cluster = await startSharedServers(2, redis.url);
    const [one, two] = cluster.servers as [RunningServer, RunningServer];
    const { ana, ben, docId } = await commission(one);
    const a = connect(one, docId, ana);
    const b = connect(two, docId, ben);
    await Promise.all([synced(a), synced(b)]);
    a.provider.awareness.setLocalStateField('user', { name: 'Not Ana', id: 'forged' });
    const seen = () => b.provider.awareness.getStates().get(a.doc.clientID) as { user?: { id: string; name: string } } | undefined;
    await waitFor(() => seen()?.user?.id === ana.user.id, 30_000, 'Ana’s caret on server two');
    expect(seen()!.user!.name).toBe(ana.user.name);

    a.provider.disconnect();
    await waitFor(() => seen() === undefined, 30_000, 'Ana’s caret gone from server two');
  });

  it('a document loading on one server while another commits misses nothing (subscribe, then read, then apply)', async () => {
    // Server two's reads of document state wait at a gate after reading, so an
    // update committed through server one lands between its read and its room.
    let open: () => void = () => {};
    const gate = new Promise<void>((r) => (open = r));
    let readDone: () => void = () => {};
    const readFinished = new Promise<void>((r) => (readDone = r));
    cluster = await startSharedServers(2, redis.url, {
      storesFor: (index, shared) =>
        index === 1
          ? {
              ...shared,
              docs: Object.assign(Object.create(shared.docs) as Stores['docs'], {
                loadDocState: async (id: string) => {
                  const state = await shared.docs.loadDocState(id);
                  readDone();
                  await gate;
                  return state;
                },
              }),
            }
          : shared,
    });
    const [one, two] = cluster.servers as [RunningServer, RunningServer];
    const { ana, ben, docId } = await commission(one);
    const a = connect(one, docId, ana);
    await synced(a);
    type(a, 'Before the load.');
    await waitFor(() => one.services.rooms.batcher.counters.updates > 0, 30_000, 'first edit committed');

    const b = connect(two, docId, ben);
    await readFinished;
    // Server two has read the store; this edit is not in what it read.
    const committed = one.services.rooms.batcher.counters.updates;
    type(a, 'During the load.');
    await waitFor(() => one.services.rooms.batcher.counters.updates > committed, 30_000, 'second edit committed');
    await publicationReached(one, two);
    open();
    await synced(b);
    await waitFor(() => textOf(b.doc).length === 2, 30_000, 'both paragraphs on server two');
    expect(textOf(b.doc)).toEqual(['Before the load.', 'During the load.']);
    // And server two's room itself has it (not just the client via server one).
    const room = two.services.rooms.get(docId)!;
    expect(textOf(room.doc)).toEqual(['Before the load.', 'During the load.']);
  });

  it('Redis restarting mid-session: clients resync, nothing lost, nothing duplicated, /readyz says so meanwhile', async () => {
    cluster = await startSharedServers(2, redis.url);
    const [one, two] = cluster.servers as [RunningServer, RunningServer];
    const { ana, ben, docId } = await commission(one);
    const a = connect(one, docId, ana);
    const b = connect(two, docId, ben);
    await Promise.all([synced(a), synced(b)]);
    expect((await fetch(`${one.url}/readyz`)).status).toBe(200);
    type(a, 'a1');
    type(b, 'b1');
    await waitFor(() => textOf(a.doc).length === 2 && textOf(b.doc).length === 2, 30_000, 'first edits everywhere');

    await redis.crash();
    // The server learns of the lost connection from its socket, after the process is gone: poll.
    await expect.poll(async () => (await fetch(`${one.url}/readyz`)).status).toBe(503);
    const notReady = await fetch(`${one.url}/readyz`);
    expect(await notReady.json()).toEqual({ ok: false, store: 'ok', bus: 'unreachable' });
    // Both keep editing (a few edits apart, not one burst); each server commits its own client's edits.
    for (let i = 2; i <= 4; i++) {
      type(a, `a${i}`);
      type(b, `b${i}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const expected = ['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'b3', 'b4'];
    // All of it committed while Redis is down: what comes back must go through the resync.
    await expect.poll(async () => (await storedText(cluster!.stores, docId)).sort()).toEqual(expected);
    await redis.start();

    await waitFor(
      () => textOf(a.doc).slice().sort().join() === expected.join() && textOf(b.doc).slice().sort().join() === expected.join(),
      30_000,
      'every edit on both sides after Redis is back',
    );
    expect(textOf(a.doc)).toEqual(textOf(b.doc));
    // Each server commits its own client's edits; a client can hear an edit before its commit returns.
    await expect.poll(async () => (await storedText(cluster!.stores, docId)).sort()).toEqual(expected);
    // Both of its Redis connections are back (the subscriber's carried the resync; the other may follow).
    await expect.poll(async () => (await fetch(`${one.url}/readyz`)).status).toBe(200);
    // After the resync, live fan-out works again.
    type(b, 'after');
    await waitFor(() => textOf(a.doc).includes('after'), 30_000, 'live again');
    expect(textOf(a.doc).filter((t) => t === 'after')).toHaveLength(1);
  });
});
