/**
 * Issue 13, "the CLI can no longer do something the web cannot audit": actions
 * that reached the stores from the transports without a service now go through
 * one, and leave their audit entry — against the real server, its HTTP API, a
 * live Concord socket and the real CLI process on the same data directory.
 * - an email preference changed in the settings or with an email's unsubscribe
 *   link (`email.changed`; the member's open sockets hear it);
 * - a document created on the web, by an import or with the CLI (`doc.created`
 *   and the author's `member.added`);
 * - a document deleted (`doc.deleted`: the one entry of its log that outlives it).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloseCode } from '@concord/shared';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, signedInUser, type SignedIn } from '../helpers/users.js';
import { runCliProcess } from '../helpers/process.js';
import { stockClient, synced, waitFor, type StockClient } from '../helpers/yclient.js';
import { listenConcord } from './support/concord-messages.js';

interface Entry {
  seq: number;
  action: string;
  actorId: string;
  actorName: string;
  details: Record<string, unknown>;
}

let server: TestServer;
let author: SignedIn;
let member: SignedIn;
const clients: StockClient[] = [];

beforeEach(async () => {
  server = await startTestServer();
  [author, member] = (await Promise.all(['Amira', 'Ines'].map((n) => signedInUser(server, n)))) as [SignedIn, SignedIn];
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.dispose();
});

const auditOf = async (docId: string, who = author): Promise<Entry[]> => {
  const res = await api(server, who.cookie, 'GET', `/api/docs/${docId}/audit`);
  expect(res.status).toBe(200);
  return res.body.entries as Entry[];
};

async function createDoc(title: string): Promise<string> {
  const created = await api(server, author.cookie, 'POST', '/api/docs', { title });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

describe('creating a document', () => {
  it('on the web: audited as made by its author, who is added as author', async () => {
    const docId = await createDoc('Housing report');
    const log = await auditOf(docId);
    expect(log.map((e) => [e.action, e.actorId, e.actorName, e.details])).toEqual([
      ['doc.created', author.user.id, 'Amira', { title: 'Housing report' }],
      ['member.added', author.user.id, 'Amira', { userId: author.user.id, role: 'author', previousRole: null }],
    ]);
  });

  it('by an import: the same entries', async () => {
    const res = await fetch(`${server.url}/api/docs/import?filename=draft.md&title=Care%20report`, {
      method: 'POST',
      headers: { cookie: author.cookie, 'content-type': 'application/octet-stream' },
      body: '# Care\n\nFair pay for all care workers.\n',
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const log = await auditOf(id);
    expect(log.map((e) => [e.action, e.actorId, e.details.title ?? e.details.role])).toEqual([
      ['doc.created', author.user.id, 'Care report'],
      ['member.added', author.user.id, 'author'],
    ]);
  });

  it('with the CLI, beside the running server: audited as the server administrator', async () => {
    const cli = await runCliProcess(['doc', 'create', '--title', 'Annual report', '--author', author.user.email], {
      env: { DATA_DIR: server.dataDir },
    });
    expect(cli).toMatchObject({ code: 0 });
    const docId = cli.stdout.trim();
    const log = await auditOf(docId);
    expect(log.map((e) => [e.action, e.actorId, e.actorName, e.details])).toEqual([
      ['doc.created', 'cli', 'server administrator (CLI)', { title: 'Annual report', via: 'cli' }],
      ['member.added', 'cli', 'server administrator (CLI)', { userId: author.user.id, role: 'author', previousRole: null, via: 'cli' }],
    ]);
    // Without an author nobody can read the log over HTTP yet; the entry is there all the same.
    const bare = await runCliProcess(['doc', 'create', '--title', 'Orphan'], { env: { DATA_DIR: server.dataDir } });
    expect(bare).toMatchObject({ code: 0 });
    const orphanLog = await server.services.stores.consensus.listAudit(bare.stdout.trim());
    expect(orphanLog.map((e) => [e.action, e.actorId, e.details])).toEqual([['doc.created', 'cli', { title: 'Orphan', via: 'cli' }]]);
  });
});

describe('deleting a document', () => {
  it('closes its editors and leaves one entry, which outlives it: who deleted which title', async () => {
    const docId = await createDoc('Doomed');
    const editor = stockClient(server.url, docId, author.cookie);
    clients.push(editor);
    await synced(editor);
    const before = await server.services.stores.consensus.lastAuditSeq();
    expect((await api(server, author.cookie, 'DELETE', `/api/docs/${docId}`)).status).toBe(200);
    await waitFor(() => editor.closeEvents.some((e) => e.code === CloseCode.documentDeleted), 30_000, 'the editor closed with 4410');
    expect((await api(server, author.cookie, 'GET', `/api/docs/${docId}/audit`)).status).toBe(404);
    const log = await server.services.stores.consensus.listAudit(docId);
    expect(log.map((e) => [e.action, e.actorId, e.details])).toEqual([['doc.deleted', author.user.id, { title: 'Doomed' }]]);
    expect(log[0]!.seq).toBeGreaterThan(before);
  });
});

describe('email preferences', () => {
  let docId: string;
  beforeEach(async () => {
    docId = await createDoc('Housing report');
    expect(
      (await api(server, author.cookie, 'POST', `/api/docs/${docId}/members`, { email: member.user.email, role: 'commissioner' })).status,
    ).toBe(201);
  });
  const emailEntries = async () => (await auditOf(docId)).filter((e) => e.action === 'email.changed');

  it('a change is audited as made by the member, and their open sockets hear it; choosing the same again is no change', async () => {
    const socket = stockClient(server.url, docId, member.cookie, { concord: true, connect: false });
    clients.push(socket);
    const inbox = listenConcord(socket);
    socket.provider.connect();
    await synced(socket);
    await waitFor(() => inbox.welcomes.length > 0, 30_000, 'welcome');

    const put = (email: string) => api(server, member.cookie, 'PUT', '/api/me/notification-settings', { docId, email });
    expect((await put('every')).status).toBe(200);
    await waitFor(
      () => inbox.events.some((e) => (e as { type: string }).type === 'email.changed'),
      30_000,
      'the email.changed event on the member’s socket',
    );
    expect(inbox.events.filter((e) => (e as { type: string }).type === 'email.changed')).toEqual([
      { type: 'email.changed', docId, email: 'every' },
    ]);
    expect((await put('every')).status).toBe(200);
    expect((await emailEntries()).map((e) => [e.actorId, e.actorName, e.details])).toEqual([
      [member.user.id, 'Ines', { email: 'every', previousEmail: 'digest' }],
    ]);
    // Someone who is not a member changes nothing and leaves no entry.
    expect((await api(server, author.cookie, 'PUT', '/api/me/notification-settings', { docId: 'd_nope', email: 'none' })).status).toBe(404);
    expect(await emailEntries()).toHaveLength(1);
  });

  it('an unsubscribe link (no session) is audited as the member, saying how', async () => {
    const link = new URL(server.services.mail.unsubscribeUrl(member.user.id, docId));
    const res = await fetch(`${server.url}/api/unsubscribe${link.search}`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect((await emailEntries()).map((e) => [e.actorId, e.details])).toEqual([
      [member.user.id, { email: 'none', previousEmail: 'digest', via: 'unsubscribe link' }],
    ]);
  });
});
