/**
 * The server on PostgreSQL end to end (DATABASE_URL, issue 20): accounts,
 * documents, sync with the stock client; a restart keeps everything;
 * /readyz follows the database; and PostgreSQL restarting mid-session makes
 * writes fail closed (the socket closes with 4503, nothing unacknowledged is
 * claimed saved) and service resumes with nothing acknowledged lost.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeDataDir, startTestServer, type TestServer } from '../helpers/server.js';
import { api, createDocWithMembers, signedInUser } from '../helpers/users.js';
import { stockClient, synced, waitFor, type StockClient } from '../helpers/yclient.js';
import { startPostgres, type PgCluster } from '../helpers/postgres.js';
import { inviteEachTwiceAtOnce } from './support/parallel-invitations.js';

let cluster: PgCluster;
beforeAll(async () => {
  cluster = await startPostgres();
}, 180_000);
afterAll(() => cluster?.destroy(), 60_000);

let server: TestServer | undefined;
const clients: StockClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.dispose();
  server = undefined;
});

const text = (c: StockClient) => c.doc.getText('t').toString();
let databases = 0;
const freshDatabase = () => cluster.createDatabase(`server_${++databases}`);

describe('the server on PostgreSQL', () => {
  it('serves accounts, documents, members and sync; a restart keeps them; SQLite is not touched', async () => {
    const env = { DATABASE_URL: await freshDatabase() };
    // A data directory that does not exist yet: the server creates it (it holds the mail signing key).
    const root = makeDataDir();
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    server = await startTestServer({ dataDir: join(root, 'fresh'), env });
    expect(server.config.databaseUrl).toBe(env.DATABASE_URL);
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
    const expected = text(ca);

    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ ok: true, store: 'ok' });

    for (const c of clients.splice(0)) c.destroy();
    const dataDir = server.dataDir;
    await server.stop();
    server = await startTestServer({ dataDir, env });
    const again = stockClient(server.url, docId, a.cookie);
    clients.push(again);
    await synced(again);
    await waitFor(() => text(again) === expected, 30_000, 'content after restart');
    const members = await api(server, a.cookie, 'GET', `/api/docs/${docId}/members`);
    expect(members.status).toBe(200);
    // Nothing went to the embedded SQLite file.
    expect(existsSync(server.config.dbFile)).toBe(false);
  });

  it('the same email invited twice at once: 201 and 200, never 500, one audit entry (the unique key race)', async () => {
    server = await startTestServer({ env: { DATABASE_URL: await freshDatabase() } });
    const author = await signedInUser(server, 'Author');
    const docId = await createDocWithMembers(server, author);
    const known = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => signedInUser(server!, `Twice ${n}`)));
    const unknown = [1, 2, 3, 4, 5, 6].map((n) => `nobody.${Date.now()}.${n}@test.concord`);
    await inviteEachTwiceAtOnce(server, author, docId, [...known.map((k) => k.user.email), ...unknown]);
  });

  it('fails closed while PostgreSQL is down and resumes after, losing nothing acknowledged', async () => {
    const env = { DATABASE_URL: await freshDatabase() };
    server = await startTestServer({ env });
    const a = await signedInUser(server, 'Alice');
    const docId = await createDocWithMembers(server, a);
    const writer = stockClient(server.url, docId, a.cookie);
    clients.push(writer);
    await synced(writer);
    writer.doc.getText('t').insert(0, 'before ');
    // Saved: a fresh client sees it (what the server sends is committed).
    const check = stockClient(server.url, docId, a.cookie);
    clients.push(check);
    await synced(check);
    await waitFor(() => text(check) === 'before ', 30_000, 'first edit to be saved');
    check.destroy();

    await cluster.kill();
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    // A write while the database is down: the commit fails, the room is dropped, and the socket
    // is closed with 4503 (reload required) — nothing of it was acknowledged.
    writer.doc.getText('t').insert(writer.doc.getText('t').length, 'during');
    await waitFor(() => writer.closeEvents.some((e) => e.code === 4503), 30_000, 'the writer to be closed with 4503');
    // HTTP writes answer an error, not a hang.
    const refused = await api(server, a.cookie, 'POST', '/api/docs', { title: 'While down' });
    expect(refused.status).toBeGreaterThanOrEqual(500);

    await cluster.start();
    for (let i = 0; i < 100 && (await fetch(`${server.url}/readyz`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 200));
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    // The stock client reconnects by itself and resends what the server lacks.
    const after = stockClient(server.url, docId, a.cookie);
    clients.push(after);
    await synced(after, 30_000);
    await waitFor(() => text(after) === 'before during', 30_000, "the writer's offline edit to arrive after the restart");
    // Everything the server holds now is stored: a restart of the server shows the same.
    for (const c of clients.splice(0)) c.destroy();
    const dataDir = server.dataDir;
    await server.stop();
    server = await startTestServer({ dataDir, env });
    const reloaded = stockClient(server.url, docId, a.cookie);
    clients.push(reloaded);
    await synced(reloaded);
    await waitFor(() => text(reloaded) === 'before during', 30_000, 'content after the server restart');
  });
});
