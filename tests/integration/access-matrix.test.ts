/**
 * Who may do what, against the real server (issue 3): every principal × every
 * path, each cell with its exact outcome, and after every refused attempt the
 * document (live and stored) and its membership are exactly as before.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { addUser } from '@concord/server/auth/accounts';
import { createDocument } from '@concord/server/docs/create-document';
import { openSqliteStores } from '@concord/server/store/open-stores';
import { defaultSyncLimits } from '@concord/server/sync/types';
import { makeDataDir, startTestServer, type TestServer } from '../helpers/server.js';
import { createDocWithMembers, signedInUser, TEST_PASSWORD, type SignedIn } from '../helpers/users.js';
import { startServerProcess } from '../helpers/process.js';
import { stockClient, synced, waitFor, type StockClient } from '../helpers/yclient.js';
import {
  awarenessMessage,
  listenConcord,
  rawSocket,
  roundTrip,
  textInsertUpdate,
  updateMessage,
  type ConcordInbox,
} from './support/concord-messages.js';
import {
  expiredSession,
  foreignOrigin,
  memberPrincipal,
  request,
  revokedSession,
  signedOut,
  type Principal,
} from './support/principals.js';

type Close = 4401 | 4403 | 4404;

/** One row of the matrix: what a principal gets on each path. */
interface Expected {
  list: 200 | 401 | 403;
  /** Whether the document appears in the caller's list. */
  listed: boolean;
  meta: 200 | 401 | 403 | 404;
  socket: 'open' | Close;
  /** `applied`: stored, broadcast, acknowledged. `refused`: error message, repeated → 4403. A close code: refused before any data. */
  update: 'applied' | 'refused' | Close;
  /** Adding, changing and removing members. */
  manage: { add: number; change: number; remove: number };
}

const writer = (manage: Expected['manage']): Expected => ({
  list: 200,
  listed: true,
  meta: 200,
  socket: 'open',
  update: 'applied',
  manage,
});
const reader: Expected = {
  list: 200,
  listed: true,
  meta: 200,
  socket: 'open',
  update: 'refused',
  manage: { add: 403, change: 403, remove: 403 },
};
const nobody = (status: 401 | 403, close: Close): Expected => ({
  list: status,
  listed: false,
  meta: status,
  socket: close,
  update: close,
  manage: { add: status, change: status, remove: status },
});

const MATRIX: Record<string, Expected> = {
  author: writer({ add: 201, change: 200, remove: 200 }),
  commissioner: writer({ add: 403, change: 403, remove: 403 }),
  publisher: reader,
  observer: reader,
  'non-member': { list: 200, listed: false, meta: 404, socket: 4404, update: 4404, manage: { add: 404, change: 404, remove: 404 } },
  'signed-out': nobody(401, 4401),
  'expired session': nobody(401, 4401),
  'revoked session': nobody(401, 4401),
  'foreign Origin': nobody(403, 4403),
};

let server: TestServer;
let docId: string;
let people: Record<'author' | 'commissioner' | 'publisher' | 'observer' | 'outsider' | 'watcher' | 'subject' | 'target', SignedIn>;
let principals: Record<string, Principal>;
/** A commissioner connected throughout: sees every broadcast and every presence. */
let watcher: StockClient;
const clients: StockClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const names = ['author', 'commissioner', 'publisher', 'observer', 'outsider', 'watcher', 'subject', 'target'] as const;
  const signed = await Promise.all(names.map((n) => signedInUser(server, n[0]!.toUpperCase() + n.slice(1))));
  people = Object.fromEntries(names.map((n, i) => [n, signed[i]!])) as typeof people;
  docId = await createDocWithMembers(server, people.author, [
    { user: people.commissioner.user, role: 'commissioner' },
    { user: people.publisher.user, role: 'publisher' },
    { user: people.observer.user, role: 'observer' },
    { user: people.watcher.user, role: 'commissioner' },
    { user: people.subject.user, role: 'commissioner' },
  ]);
  principals = {
    author: memberPrincipal('author', people.author.user, people.author.cookie),
    commissioner: memberPrincipal('commissioner', people.commissioner.user, people.commissioner.cookie),
    publisher: memberPrincipal('publisher', people.publisher.user, people.publisher.cookie),
    observer: memberPrincipal('observer', people.observer.user, people.observer.cookie),
    'non-member': { name: 'non-member', user: people.outsider.user, credentials: async () => ({ cookie: people.outsider.cookie }) },
    'signed-out': signedOut,
    'expired session': expiredSession(server, people.author.user),
    'revoked session': revokedSession(server, people.author.user),
    'foreign Origin': foreignOrigin(people.author.user, people.author.cookie),
  };
  watcher = stockClient(server.url, docId, people.watcher.cookie, { connect: false });
  clients.push(watcher);
  // A first presence state has clock 0, which y-protocols peers ignore; editors set one at once.
  watcher.provider.awareness.setLocalStateField('cursor', null);
  watcher.provider.connect();
  await synced(watcher);
  watcher.doc.getText('t').insert(0, 'The agreed text.');
  await waitFor(() => server.services.rooms.get(docId)?.doc.getText('t').toString() === 'The agreed text.', 30_000, 'initial text');
});

afterAll(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server.dispose();
});

const hex = (u: Uint8Array) => Buffer.from(u).toString('hex');

/** Everything a refused attempt must leave alone, read after all pending writes and broadcasts have landed. */
async function observable() {
  await server.services.rooms.batcher.drain();
  await roundTrip(watcher);
  const room = server.services.rooms.get(docId);
  const stored = (await server.services.stores.docs.loadDocState(docId))!;
  const members = await server.services.stores.members.listMembers(docId);
  return {
    live: room ? hex(Y.encodeStateAsUpdate(room.doc)) : 'not loaded',
    stored: { snapshot: stored.snapshot && hex(stored.snapshot), log: stored.updates.map(hex) },
    seenByWatcher: watcher.doc.getText('t').toString(),
    members: members.map((m) => `${m.userId}:${m.role}`).sort(),
  };
}

function connect(creds: { cookie?: string }, options: { awareness?: unknown } = {}): { client: StockClient; inbox: ConcordInbox } {
  const client = stockClient(server.url, docId, creds.cookie, { concord: true, connect: false });
  clients.push(client);
  const inbox = listenConcord(client);
  if (options.awareness !== undefined) client.provider.awareness.setLocalState(options.awareness);
  client.provider.connect();
  return { client, inbox };
}

const closeOf = async (socket: ReturnType<typeof rawSocket>) => (await socket.closed).code;
/** Sync (0) or awareness (1) messages: document data or presence. */
const documentData = (socket: ReturnType<typeof rawSocket>) => socket.received.filter((m) => m[0] === 0 || m[0] === 1);

describe.each(Object.entries(MATRIX))('%s', (name, expected) => {
  const principal = () => principals[name]!;

  it(`lists documents → ${expected.list}${expected.list === 200 ? (expected.listed ? ', document listed' : ', document not listed') : ''}`, async () => {
    const before = await observable();
    const res = await request(server, await principal().credentials(), 'GET', '/api/docs');
    expect(res.status).toBe(expected.list);
    if (res.status === 200) expect(res.body.docs.some((d: { id: string }) => d.id === docId)).toBe(expected.listed);
    expect(await observable()).toEqual(before);
  });

  it(`reads document meta and members → ${expected.meta}`, async () => {
    const before = await observable();
    const meta = await request(server, await principal().credentials(), 'GET', `/api/docs/${docId}`);
    expect(meta.status).toBe(expected.meta);
    if (meta.status === 200) expect(meta.body).toMatchObject({ id: docId, role: name });
    else expect(JSON.stringify(meta.body)).not.toContain('Test document'); // a refusal tells nothing about the document
    const members = await request(server, await principal().credentials(), 'GET', `/api/docs/${docId}/members`);
    expect(members.status).toBe(expected.meta);
    if (members.status === 200) expect(members.body.members.map((m: { userId: string }) => m.userId)).toContain(people.author.user.id);
    expect(await observable()).toEqual(before);
  });

  it(`opens a socket → ${expected.socket === 'open' ? 'document and presence' : `close ${expected.socket} before any data`}`, async () => {
    const before = await observable();
    const creds = await principal().credentials();
    if (expected.socket === 'open') {
      const { client, inbox } = connect(creds);
      await synced(client);
      await waitFor(() => client.doc.getText('t').toString() === before.seenByWatcher, 30_000, 'document content');
      expect(inbox.welcomes).toEqual([expect.objectContaining({ userId: principal().user!.id, role: name })]);
      await waitFor(() => client.provider.awareness.getStates().has(watcher.doc.clientID), 30_000, "the watcher's presence");
      client.destroy();
    } else {
      const socket = rawSocket(server.url, docId, { ...creds, concord: true });
      expect(await closeOf(socket)).toBe(expected.socket);
      expect(documentData(socket)).toEqual([]);
    }
    expect(await observable()).toEqual(before);
  });

  it(`sends an update → ${typeof expected.update === 'number' ? `close ${expected.update}, nothing applied` : expected.update}`, async () => {
    const before = await observable();
    const creds = await principal().credentials();
    if (expected.update === 'applied') {
      const { client, inbox } = connect(creds);
      await synced(client);
      const line = ` Edited by the ${name}.`;
      client.doc.getText('t').insert(client.doc.getText('t').length, line);
      const clock = Y.getState(client.doc.store, client.doc.clientID);
      await waitFor(() => inbox.ackedClock(client.doc.clientID) === clock, 30_000, 'acknowledgement');
      await waitFor(() => watcher.doc.getText('t').toString().endsWith(line), 30_000, 'broadcast to the watcher');
      expect(server.services.rooms.get(docId)!.doc.getText('t').toString()).toBe(before.seenByWatcher + line);
      const stored = await observable();
      expect(stored.stored.log.length).toBeGreaterThan(before.stored.log.length);
      client.destroy();
    } else if (expected.update === 'refused') {
      const { client, inbox } = connect(creds);
      await synced(client);
      const limit = defaultSyncLimits.maxRefusedWrites;
      for (let attempt = 1; attempt <= limit; attempt++) {
        client.doc.getText('t').insert(0, `Forged by the ${name} (${attempt}). `);
        await waitFor(() => inbox.errors.length === attempt, 30_000, `error message ${attempt}`);
        expect(inbox.errors[attempt - 1]).toMatchObject({ code: 'read_only' });
        expect(await observable(), `after attempt ${attempt}`).toEqual(before);
        expect(inbox.ackedClock(client.doc.clientID), 'a refused update was acknowledged').toBe(0);
      }
      await waitFor(() => client.closeEvents.length > 0, 30_000, 'disconnect after repeated attempts');
      expect(client.closeEvents.map((e) => e.code)).toEqual([4403]);
      client.destroy();
    } else {
      // Sent the moment the socket opens, before the server has decided anything.
      const socket = rawSocket(server.url, docId, {
        ...creds,
        concord: true,
        firstMessages: [updateMessage(textInsertUpdate('t', 'Intruder was here. '))],
      });
      expect(await closeOf(socket)).toBe(expected.update);
      expect(documentData(socket)).toEqual([]);
    }
    if (expected.update !== 'applied') expect(await observable()).toEqual(before);
  });

  it(`presents itself as someone else → ${expected.socket === 'open' ? 'others see its real identity' : 'others see nothing'}`, async () => {
    const before = await observable();
    const creds = await principal().credentials();
    const impostor = { user: { name: 'Someone Else', id: 'x', color: '#000000' } };
    if (expected.socket === 'open') {
      const { client } = connect(creds, { awareness: impostor });
      await synced(client);
      const seen = () => watcher.provider.awareness.getStates().get(client.doc.clientID) as { user?: Record<string, unknown> } | undefined;
      await waitFor(() => seen() !== undefined, 30_000, 'presence at the watcher');
      const real = principal().user!;
      expect(seen()!.user).toMatchObject({ name: real.name, id: real.id, color: real.color, role: name });
      client.destroy();
      await waitFor(() => seen() === undefined, 30_000, 'presence to go away');
    } else {
      const fakeClientId = 900_000 + Object.keys(MATRIX).indexOf(name);
      const socket = rawSocket(server.url, docId, { ...creds, firstMessages: [awarenessMessage(fakeClientId, 1, impostor)] });
      expect(await closeOf(socket)).toBe(expected.socket);
      await roundTrip(watcher);
      expect(watcher.provider.awareness.getStates().has(fakeClientId)).toBe(false);
    }
    expect(await observable()).toEqual(before);
  });

  /** Runs one membership change; restores the membership when it was allowed, checks nothing changed when not. */
  async function manage(
    status: number,
    attempt: (creds: Awaited<ReturnType<Principal['credentials']>>) => Promise<{ status: number }>,
    restore: () => Promise<void>,
  ) {
    const before = await observable();
    const res = await attempt(await principal().credentials());
    expect(res.status).toBe(status);
    if (status < 300) {
      expect((await observable()).members).not.toEqual(before.members);
      await restore();
    }
    expect(await observable()).toEqual(before);
  }
  const asAuthor = (method: string, path: string, body?: unknown) => request(server, { cookie: people.author.cookie }, method, path, body);
  const subjectPath = () => `/api/docs/${docId}/members/${people.subject.user.id}`;

  it(`adds a member → ${expected.manage.add}`, () =>
    manage(
      expected.manage.add,
      (creds) => request(server, creds, 'POST', `/api/docs/${docId}/members`, { email: people.target.user.email, role: 'observer' }),
      async () => void (await asAuthor('DELETE', `/api/docs/${docId}/members/${people.target.user.id}`)),
    ));

  it(`changes a role → ${expected.manage.change}`, () =>
    manage(
      expected.manage.change,
      (creds) => request(server, creds, 'PATCH', subjectPath(), { role: 'author' }),
      async () => void (await asAuthor('PATCH', subjectPath(), { role: 'commissioner' })),
    ));

  it(`removes a member → ${expected.manage.remove}`, () =>
    manage(
      expected.manage.remove,
      (creds) => request(server, creds, 'DELETE', subjectPath()),
      async () => void (await asAuthor('POST', `/api/docs/${docId}/members`, { email: people.subject.user.email, role: 'commissioner' })),
    ));
});

describe('presence ownership', () => {
  it("a connection cannot speak for another connection's presence", async () => {
    const { client: bystander } = connect({ cookie: people.observer.cookie });
    await synced(bystander);
    await waitFor(() => bystander.provider.awareness.getStates().has(watcher.doc.clientID), 30_000, "the watcher's presence");
    const hijack = rawSocket(server.url, docId, { cookie: people.commissioner.cookie });
    await hijack.opened;
    hijack.send(awarenessMessage(watcher.doc.clientID, 1_000_000, { user: { name: 'Hijacker', id: 'x' } }));
    await roundTrip(bystander);
    await roundTrip(watcher);
    const seen = bystander.provider.awareness.getStates().get(watcher.doc.clientID) as { user: { name: string; id: string } };
    expect(seen.user).toMatchObject({ name: people.watcher.user.name, id: people.watcher.user.id });
    expect(
      (server.services.rooms.get(docId)!.awareness.getStates().get(watcher.doc.clientID) as { user: { name: string } }).user.name,
    ).toBe(people.watcher.user.name);
    hijack.ws.close();
    bystander.destroy();
  });
});

describe('allowed origins', () => {
  it("a configured origin and the server's own are accepted on every path; others are not", async () => {
    const own = await startTestServer({ env: { ALLOWED_ORIGINS: 'https://app.example' } });
    try {
      const author = await signedInUser(own, 'Origin author');
      const id = await createDocWithMembers(own, author);
      for (const [origin, status, close] of [
        ['https://app.example', 200, null],
        [own.url, 200, null],
        ['https://evil.example', 403, 4403],
        ['null', 403, 4403],
      ] as const) {
        expect((await request(own, { cookie: author.cookie, origin }, 'GET', `/api/docs/${id}`)).status, origin).toBe(status);
        const socket = rawSocket(own.url, id, { cookie: author.cookie, origin });
        if (close === null) {
          await waitFor(() => socket.received.some((m) => m[0] === 0), 30_000, `sync from ${origin}`);
          socket.ws.close();
        } else expect((await socket.closed).code, origin).toBe(close);
      }
    } finally {
      await own.dispose();
    }
  });
});

describe('signing in', () => {
  // A server per test: the login limiter remembers failures per address.
  let own: TestServer;
  beforeEach(async () => {
    own = await startTestServer();
  });
  afterEach(() => own.dispose());

  const attempt = (email: string, password: string) =>
    fetch(`${own.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });

  it('a failed login says only "wrong email or password", whether or not the account exists', async () => {
    const { user } = await signedInUser(own, 'Known');
    const responses = [await attempt(user.email, 'not the password'), await attempt('nobody@test.concord', 'not the password')];
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(responses.map((r) => r.status)).toEqual([401, 401]);
    expect(bodies).toEqual([
      { error: { code: 'unauthorized', message: 'wrong email or password' } },
      { error: { code: 'unauthorized', message: 'wrong email or password' } },
    ]);
    expect(responses.map((r) => r.headers.get('set-cookie'))).toEqual([null, null]);
  });

  it('repeated failures back off (429 with Retry-After) per email and address; other accounts from the address are not slowed', async () => {
    const victim = (await signedInUser(own, 'Victim')).user;
    const other = (await signedInUser(own, 'Other')).user;
    for (let i = 0; i < 5; i++) expect((await attempt(victim.email, `guess ${i}`)).status).toBe(401);
    // Even the right password must wait now: guessing cannot continue at full speed.
    const blocked = await attempt(victim.email, TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(blocked.headers.get('set-cookie')).toBeNull();
    // Someone else from the same address is not slowed by that (per address: 50 failures, see attacks/login-lockout.test.ts).
    expect((await attempt(other.email, TEST_PASSWORD)).status).toBe(200);
  });

  it('the session cookie is HttpOnly and SameSite=Lax, and the token is never in a response body', async () => {
    const { user } = await signedInUser(own, 'Cookie');
    const res = await attempt(user.email, TEST_PASSWORD);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^concord_session=[\w-]{40,};/);
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Lax/i);
    expect(setCookie).toMatch(/; Path=\//i);
    const token = /concord_session=([^;]+)/.exec(setCookie)![1]!;
    expect(await res.text()).not.toContain(token);
    const me = await request(own, { cookie: `concord_session=${token}` }, 'GET', '/api/me');
    expect(JSON.stringify(me.body)).not.toContain(token);
  });
});

describe('tokens never in URLs or logs', () => {
  it('a debug-level server log of a whole session holds no token and no password', { timeout: 120_000 }, async () => {
    const dataDir = makeDataDir();
    const password = 'very secret password';
    const seeded = openSqliteStores(join(dataDir, 'concord.sqlite'));
    const user = await addUser(seeded.accounts, { email: 'logged@test.concord', name: 'Logged', password });
    const doc = await createDocument(seeded, { title: 'Logged doc', authorId: user.id });
    await seeded.close();
    const child = await startServerProcess({ dataDir, env: { LOG_LEVEL: 'debug' } });
    try {
      const res = await fetch(`${child.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.email, password }),
      });
      const cookie = /concord_session=[^;]+/.exec(res.headers.get('set-cookie')!)![0];
      const token = cookie.slice('concord_session='.length);
      // A wrong password, a socket that syncs and edits, refused sockets, sign-out.
      await fetch(`${child.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.email, password: `${password}!` }),
      });
      const client = stockClient(child.url, doc.id, cookie);
      clients.push(client);
      await synced(client);
      expect(client.provider.url).not.toContain(token);
      expect(client.provider.url).not.toContain('session');
      client.doc.getText('t').insert(0, 'hello');
      await waitFor(() => client.provider.synced, 30_000);
      for (const socket of [
        rawSocket(child.url, 'd_missing', { cookie }),
        rawSocket(child.url, doc.id, { cookie, origin: 'https://evil.example' }),
      ])
        await socket.closed;
      client.destroy();
      await fetch(`${child.url}/api/auth/logout`, { method: 'POST', headers: { cookie } });
      await request({ url: child.url } as TestServer, { cookie }, 'GET', '/api/me');
    } finally {
      await child.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
    const log = child.output();
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain('concord_session=');
    expect(log).not.toMatch(/[\w-]{43}/); // a 32-byte base64url token, whatever the field name
    expect(log).not.toContain(password);
  });
});
