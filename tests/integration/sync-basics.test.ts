import { afterEach, describe, expect, it } from 'vitest';
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

const text = (c: StockClient) => c.doc.getText('t').toString();

describe('sync with the stock y-websocket client', () => {
  it('two clients converge, a late joiner gets everything, and a restart keeps it', async () => {
    server = await startTestServer();
    const a = await signedInUser(server, 'Alice');
    const b = await signedInUser(server, 'Bob');
    const docId = await createDocWithMembers(server, a, [{ user: b.user, role: 'commissioner' }]);

    const ca = stockClient(server.url, docId, a.cookie);
    const cb = stockClient(server.url, docId, b.cookie);
    clients.push(ca, cb);
    await Promise.all([synced(ca), synced(cb)]);

    ca.doc.getText('t').insert(0, 'Hello ');
    cb.doc.getText('t').insert(0, 'World');
    await waitFor(() => text(ca) === text(cb) && text(ca).length === 11, 30_000, 'convergence');

    const late = stockClient(server.url, docId, b.cookie);
    clients.push(late);
    await synced(late);
    await waitFor(() => text(late) === text(ca), 30_000, 'late joiner');

    const expected = text(ca);
    for (const c of clients.splice(0)) c.destroy();
    const dataDir = server.dataDir;
    await server.stop();
    server = await startTestServer({ dataDir });
    // Sessions are stored server-side, so the old cookie still works after a restart.
    const again = stockClient(server.url, docId, a.cookie);
    clients.push(again);
    await synced(again);
    await waitFor(() => text(again) === expected, 30_000, 'content after restart');
    expect(text(again)).toBe(expected);
  });

  it('keeps syncing a client that types while it connects with offline changes', async () => {
    server = await startTestServer();
    const a = await signedInUser(server, 'Alice');
    const docId = await createDocWithMembers(server, a);
    const offline = stockClient(server.url, docId, a.cookie, { connect: false });
    clients.push(offline);
    offline.doc.getText('t').insert(0, 'written offline; ');
    // The stock client sends this before it has answered the server's sync step 1,
    // so it builds on changes the server does not have yet.
    offline.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connected') offline.doc.getText('t').insert(offline.doc.getText('t').length, 'typed while connecting');
    });
    offline.provider.connect();
    const other = stockClient(server.url, docId, a.cookie);
    clients.push(other);
    await waitFor(() => text(other) === 'written offline; typed while connecting', 30_000, 'both changes to reach another client');
    expect(offline.closeEvents).toEqual([]);
  });

  it('closes the socket for an unknown document without creating it', async () => {
    server = await startTestServer();
    const a = await signedInUser(server);
    const c = stockClient(server.url, 'd_doesnotexist', a.cookie);
    clients.push(c);
    await waitFor(() => c.closeEvents.length > 0, 30_000, 'close');
    expect(c.closeEvents[0]!.code).toBe(4404);
    expect(await server.services.stores.docs.getDoc('d_doesnotexist')).toBeUndefined();
  });
});
