/**
 * The application layer seen from outside (issue 13): the CLI goes through the
 * same member service as the web app (audited, open sockets cut), a rename is
 * audited like a membership change (issue 12 #10: it left no trace), the session
 * cookie is the same after a password change as after sign-in, and the socket's
 * welcome carries the protocol version.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CONCORD_PROTOCOL_VERSION } from '@concord/shared';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, login, signedInUser, TEST_PASSWORD, type SignedIn } from '../helpers/users.js';
import { runCliProcess } from '../helpers/process.js';
import { stockClient, waitFor, type StockClient } from '../helpers/yclient.js';
import { listenConcord } from './support/concord-messages.js';

let server: TestServer | undefined;
const clients: StockClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.dispose();
  server = undefined;
});

function connect(s: TestServer, docId: string, who: SignedIn): StockClient {
  const client = stockClient(s.url, docId, who.cookie);
  clients.push(client);
  return client;
}

describe('membership changes made with the CLI', { timeout: 180_000 }, () => {
  it('are audited as the CLI and close the sockets of whoever lost access or changed role', async () => {
    server = await startTestServer();
    const s = server;
    const [author, cleo, dan] = await Promise.all(['Author', 'Cleo', 'Dan'].map((n) => signedInUser(s, n)));
    const docId = (await api(s, author!.cookie, 'POST', '/api/docs', { title: 'Live' })).body.id as string;
    for (const who of [cleo!, dan!])
      expect(
        (await api(s, author!.cookie, 'POST', `/api/docs/${docId}/members`, { email: who.user.email, role: 'commissioner' })).status,
      ).toBe(201);

    const cleoClient = connect(s, docId, cleo!);
    const danClient = connect(s, docId, dan!);
    await waitFor(() => cleoClient.provider.synced && danClient.provider.synced, 30_000, 'both synced');

    const concord = (args: string[]) => runCliProcess(args, { env: { DATA_DIR: s.dataDir } });
    expect((await concord(['member', 'remove', '--doc', docId, '--email', dan!.user.email])).code).toBe(0);
    expect((await concord(['member', 'add', '--doc', docId, '--email', cleo!.user.email, '--role', 'observer'])).code).toBe(0);

    await waitFor(() => danClient.closeEvents.length > 0 && cleoClient.closeEvents.length > 0, 30_000, 'sockets closed by the CLI changes');
    expect(danClient.closeEvents[0]!.code).toBe(4404);
    expect(cleoClient.closeEvents[0]!.code).toBe(4503);
    // Cleo reconnects (now as an observer); Dan stays out.
    await waitFor(() => cleoClient.provider.synced && cleoClient.provider.wsconnected, 30_000, 'Cleo reconnected');
    expect((await api(s, dan!.cookie, 'GET', `/api/docs/${docId}`)).status).toBe(404);

    const audit = await api(s, author!.cookie, 'GET', `/api/docs/${docId}/audit`);
    const cliEntries = (
      audit.body.entries as { action: string; actorId: string; actorName: string; details: Record<string, unknown> }[]
    ).filter((e) => e.actorId === 'cli');
    expect(cliEntries.map((e) => [e.action, e.details.userId, e.details.via])).toEqual([
      ['member.removed', dan!.user.id, 'cli'],
      ['member.changed', cleo!.user.id, 'cli'],
    ]);
    expect(cliEntries[1]!.details).toMatchObject({ role: 'observer', previousRole: 'commissioner' });
    expect(cliEntries[0]!.actorName).toBe('server administrator (CLI)');
  });
});

describe('renaming a document', () => {
  it('is audited with who renamed it and the title before; a refused or empty rename leaves no entry', async () => {
    server = await startTestServer();
    const s = server;
    const [author, observer] = await Promise.all(['Author', 'Olga'].map((n) => signedInUser(s, n)));
    const docId = (await api(s, author!.cookie, 'POST', '/api/docs', { title: 'Draft' })).body.id as string;
    expect(
      (await api(s, author!.cookie, 'POST', `/api/docs/${docId}/members`, { email: observer!.user.email, role: 'observer' })).status,
    ).toBe(201);

    expect((await api(s, author!.cookie, 'PATCH', `/api/docs/${docId}`, { title: 'Final report' })).status).toBe(200);
    // The same title again changes nothing; an observer may not rename.
    expect((await api(s, author!.cookie, 'PATCH', `/api/docs/${docId}`, { title: ' Final report ' })).status).toBe(200);
    expect((await api(s, observer!.cookie, 'PATCH', `/api/docs/${docId}`, { title: 'Hijacked' })).status).toBe(403);

    const audit = await api(s, author!.cookie, 'GET', `/api/docs/${docId}/audit`);
    const renames = (audit.body.entries as { action: string; actorId: string; details: Record<string, unknown> }[]).filter(
      (e) => e.action === 'doc.renamed',
    );
    expect(renames.map((e) => [e.actorId, e.details])).toEqual([[author!.user.id, { title: 'Final report', previousTitle: 'Draft' }]]);
    expect((await api(s, author!.cookie, 'GET', `/api/docs/${docId}`)).body.title).toBe('Final report');
  });
});

describe('session cookie', () => {
  const attributes = (setCookie: string) =>
    setCookie
      .split(';')
      .slice(1)
      .map((a) => a.trim().split('=')[0]!.toLowerCase())
      .sort();

  it('after a password change has the attributes sign-in gives it (Max-Age, Secure behind HTTPS)', async () => {
    server = await startTestServer();
    const s = server;
    const me = await signedInUser(s, 'Pat');
    const headers = { 'content-type': 'application/json', 'x-forwarded-proto': 'https' };
    const signIn = await fetch(`${s.url}/api/auth/login`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ email: me.user.email, password: TEST_PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const cookie = /concord_session=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')![0];
    const change = await fetch(`${s.url}/api/me/password`, {
      method: 'POST',
      headers: { ...headers, cookie },
      body: JSON.stringify({ currentPassword: TEST_PASSWORD, newPassword: 'a different passphrase' }),
    });
    expect(change.status).toBe(200);
    const before = signIn.headers.get('set-cookie')!;
    const after = change.headers.get('set-cookie')!;
    expect(attributes(after)).toEqual(attributes(before));
    expect(attributes(after)).toEqual(expect.arrayContaining(['httponly', 'max-age', 'expires', 'path', 'samesite', 'secure']));
    expect(/Max-Age=(\d+)/.exec(after)?.[1]).toBe(/Max-Age=(\d+)/.exec(before)?.[1]);
    // The new cookie is a working session.
    expect((await api(s, /concord_session=[^;]+/.exec(after)![0], 'GET', '/api/me')).status).toBe(200);
    await expect(login(s, me.user.email)).rejects.toThrow(/401/);
  });
});

describe('socket welcome', () => {
  it('carries the protocol version', async () => {
    server = await startTestServer();
    const s = server;
    const author = await signedInUser(s, 'Author');
    const docId = (await api(s, author.cookie, 'POST', '/api/docs', { title: 'Versioned' })).body.id as string;
    const client = stockClient(s.url, docId, author.cookie, { concord: true, connect: false });
    clients.push(client);
    const inbox = listenConcord(client);
    client.provider.connect();
    await waitFor(() => inbox.welcomes.length > 0, 30_000, 'welcome');
    expect(inbox.welcomes[0]).toMatchObject({ userId: author.user.id, role: 'author', protocolVersion: CONCORD_PROTOCOL_VERSION });
  });
});
