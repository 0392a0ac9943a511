/**
 * Presence under load: the stock y-websocket client echoes every presence change
 * it hears back to the server, so a busy room produces far more presence traffic
 * than document traffic. Presence over budget is dropped, never a disconnect;
 * document messages keep their strict budget.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createDocWithMembers, signedInUser } from '../helpers/users.js';
import { stockClient, synced, waitFor, type StockClient } from '../helpers/yclient.js';
import { awarenessMessage, rawSocket, updateMessage, textInsertUpdate } from './support/concord-messages.js';

let server: TestServer | undefined;
const clients: StockClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.dispose();
  server = undefined;
});

describe('presence traffic', () => {
  it('a flood of presence messages is thinned, not disconnected, and others keep syncing', async () => {
    server = await startTestServer();
    const a = await signedInUser(server, 'Flooder');
    const b = await signedInUser(server, 'Bystander');
    const docId = await createDocWithMembers(server, a, [{ user: b.user, role: 'commissioner' }]);
    const bystander = stockClient(server.url, docId, b.cookie);
    clients.push(bystander);
    await synced(bystander);

    const socket = rawSocket(server.url, docId, { cookie: a.cookie });
    await socket.opened;
    let closedWith: number | undefined;
    void socket.closed.then((c) => (closedWith = c.code));
    for (let clock = 1; clock <= 5000; clock++) socket.send(awarenessMessage(424242, clock, { cursor: clock }));
    // The flooder's presence reaches the bystander (its latest states, not all 5000).
    await waitFor(() => bystander.provider.awareness.getStates().has(424242), 30_000, 'presence delivered');
    // Document messages still work on the same socket, and it was never closed.
    socket.send(updateMessage(textInsertUpdate('t', 'still here')));
    await waitFor(() => bystander.doc.getText('t').toString() === 'still here', 30_000, 'document update after presence flood');
    expect(closedWith).toBeUndefined();
    socket.ws.close();
  });

  it('a client joining a busy room may echo many presence states in one message', async () => {
    server = await startTestServer();
    const a = await signedInUser(server, 'Joiner');
    const docId = await createDocWithMembers(server, a, []);
    const socket = rawSocket(server.url, docId, { cookie: a.cookie });
    await socket.opened;
    let closedWith: number | undefined;
    void socket.closed.then((c) => (closedWith = c.code));
    // 200 entries in one message, as a stock client echoes after joining 200 people.
    const encoding = await import('lib0/encoding');
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 200);
    for (let i = 0; i < 200; i++) {
      encoding.writeVarUint(inner, 1000 + i);
      encoding.writeVarUint(inner, 1);
      encoding.writeVarString(inner, JSON.stringify({ user: { name: `p${i}` } }));
    }
    const outer = encoding.createEncoder();
    encoding.writeVarUint(outer, 1);
    encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
    socket.send(encoding.toUint8Array(outer));
    socket.send(updateMessage(textInsertUpdate('t', 'ok')));
    const reader = stockClient(server.url, docId, a.cookie);
    clients.push(reader);
    await synced(reader);
    await waitFor(() => reader.doc.getText('t').toString() === 'ok', 30_000, 'update after a large presence message');
    expect(closedWith).toBeUndefined();
    socket.ws.close();
  });
});
