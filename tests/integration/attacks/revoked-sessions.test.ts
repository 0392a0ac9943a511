/**
 * Issue 12 #2: after sign-out, a password change or `concord user reset-password`
 * (run as its own process on the same data dir), HTTP answered 401 but an
 * already-open sync socket kept writing and reading. Now every way a session
 * ends closes its sockets with 4401, and nothing typed afterwards is applied.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@concord/shared';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { api, createDocWithMembers, login, signedInUser, TEST_PASSWORD, type SignedIn } from '../../helpers/users.js';
import { stockClient, synced, waitFor, type StockClient } from '../../helpers/yclient.js';
import { runCliProcess } from '../../helpers/process.js';

let server: TestServer;
let author: SignedIn;
let docId: string;
const clients: StockClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  author = await signedInUser(server, 'Author');
  docId = await createDocWithMembers(server, author);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.dispose();
});

function open(cookie: string): StockClient {
  const client = stockClient(server.url, docId, cookie);
  clients.push(client);
  return client;
}

/** A commissioner with an open, synced editor; and the author watching the text. */
async function victim(): Promise<{ who: SignedIn; editor: StockClient; watcher: StockClient }> {
  const who = await signedInUser(server, 'Writer');
  await server.services.stores.members.setMember(docId, who.user.id, 'commissioner');
  const editor = open(who.cookie);
  const watcher = open(author.cookie);
  await Promise.all([synced(editor), synced(watcher)]);
  editor.doc.getText('t').insert(0, `before-${who.user.id};`);
  await waitFor(() => watcher.doc.getText('t').toString().includes(`before-${who.user.id}`), 30_000, 'edit before the revocation');
  return { who, editor, watcher };
}

/** After the session ended: the socket was closed with 4401, and what is typed now never arrives. */
async function expectCutOff({ who, editor, watcher }: Awaited<ReturnType<typeof victim>>): Promise<void> {
  await waitFor(() => editor.closeEvents.some((e) => e.code === CloseCode.unauthorized), 30_000, 'close 4401');
  editor.doc.getText('t').insert(0, `after-${who.user.id};`);
  // A later edit by someone still signed in arrives: by then the other would have too.
  watcher.doc.getText('t').insert(0, `marker-${who.user.id};`);
  const third = open(author.cookie);
  await synced(third);
  await waitFor(() => third.doc.getText('t').toString().includes(`marker-${who.user.id}`), 30_000, 'marker');
  // And the editor cannot send it any more: the stock client gave up after the 4401 (y-websocket 3
  // stops on 44xx), or, one that retries, had its next connection refused (its second failure).
  await waitFor(
    () => !editor.provider.shouldConnect || editor.provider.wsUnsuccessfulReconnects >= 2,
    30_000,
    'the editor to give up or be refused again',
  );
  expect(server.services.rooms.get(docId)?.doc.getText('t').toString()).not.toContain(`after-${who.user.id}`);
  expect(third.doc.getText('t').toString()).not.toContain(`after-${who.user.id}`);
  expect((await api(server, who.cookie, 'GET', '/api/me')).status).toBe(401);
}

describe('ending a session closes its open sockets (issue 12 #2)', () => {
  it('sign-out', async () => {
    const v = await victim();
    expect((await api(server, v.who.cookie, 'POST', '/api/auth/logout')).status).toBe(200);
    await expectCutOff(v);
  });

  it('a password change closes the other sessions of the account', async () => {
    const v = await victim();
    const other = await login(server, v.who.user.email, TEST_PASSWORD);
    const res = await api(server, other, 'POST', '/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a much newer passphrase',
    });
    expect(res.status).toBe(200);
    await expectCutOff(v);
  });

  it('`concord user reset-password` in another process', async () => {
    const v = await victim();
    const reset = await runCliProcess(['user', 'reset-password', '--email', v.who.user.email], {
      env: { DATA_DIR: server.dataDir },
      input: 'another fresh passphrase\n',
    });
    expect(reset.code, reset.stderr).toBe(0);
    await expectCutOff(v);
  });
});
