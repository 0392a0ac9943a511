/**
 * In-app notifications against a real server: mentions, replies, agreement going
 * stale after an edit over the socket, marking read across sessions, live push.
 * (Re-review requests are covered in synthesis.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docFragment, replaceDocContent } from '@concord/shared';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, createDocWithMembers, login, signedInUser, type SignedIn } from '../helpers/users.js';
import { stockClient, synced, waitFor, type StockClient } from '../helpers/yclient.js';
import { liveEvents } from './support/concord-messages.js';

let server: TestServer;
let author: SignedIn, c1: SignedIn, c2: SignedIn, c3: SignedIn, observer: SignedIn, outsider: SignedIn;
let docId: string;
let writer: StockClient;
const cleanup: (() => void)[] = [];

const para = (id: string, text: string) => ({ type: 'paragraph', attrs: { id }, content: [{ type: 'text', text }] });

interface Note {
  id: string;
  kind: string;
  docId: string;
  docTitle: string;
  blockId: string | null;
  threadId: string | null;
  actor: { userId: string; name: string } | null;
  text: string;
  createdAt: string;
  read: boolean;
}

beforeEach(async () => {
  server = await startTestServer();
  [author, c1, c2, c3, observer, outsider] = await Promise.all(
    ['Author', 'Ines Garcia', 'Tom', 'Rosa', 'Obs', 'Out'].map((n) => signedInUser(server, n)),
  );
  docId = await createDocWithMembers(
    server,
    author,
    [
      { user: c1.user, role: 'commissioner' },
      { user: c2.user, role: 'commissioner' },
      { user: c3.user, role: 'commissioner' },
      { user: observer.user, role: 'observer' },
    ],
    'Housing report',
  );
  writer = stockClient(server.url, docId, author.cookie);
  cleanup.push(() => writer.destroy());
  await synced(writer);
  replaceDocContent(writer.doc, { type: 'doc', content: [para('p1', 'Rents should be capped.'), para('p2', 'Second paragraph.')] });
  await waitFor(() => blockText('p2') === 'Second paragraph.', 30_000, 'content on the server');
});
afterEach(async () => {
  for (const fn of cleanup.splice(0)) fn();
  await server.dispose();
});

function blockText(id: string): string | undefined {
  const room = server.services.rooms.get(docId);
  if (!room) return undefined;
  const el = docFragment(room.doc)
    .toArray()
    .find((n) => n instanceof Y.XmlElement && n.getAttribute('id') === id) as Y.XmlElement | undefined;
  return el ? (el.get(0) as Y.XmlText).toString() : undefined;
}

/** Appends text to a paragraph through a stock client, as any editor would. */
function appendTo(client: StockClient, id: string, text: string): void {
  const el = docFragment(client.doc)
    .toArray()
    .find((n) => n instanceof Y.XmlElement && n.getAttribute('id') === id) as Y.XmlElement;
  const t = el.get(0) as Y.XmlText;
  t.insert(t.length, text);
}

/** Polls until `fn` returns true (the stale-agreement check runs at most every 2 s per document). */
async function eventually(fn: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!(await fn())) {
    if (Date.now() - start > timeoutMs) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const notifications = async (who: SignedIn, query = '') => {
  const res = await api(server, who.cookie, 'GET', `/api/notifications${query}`);
  expect(res.status).toBe(200);
  return res.body as { notifications: Note[]; unread: number };
};
const kinds = async (who: SignedIn) => (await notifications(who)).notifications.map((n) => n.kind);
const startThread = async (who: SignedIn, text: string, blockId = 'p1') => {
  const res = await api(server, who.cookie, 'POST', `/api/docs/${docId}/threads`, { blockId, text });
  expect(res.status).toBe(201);
  return res.body.thread as { id: string; comments: { id: string }[] };
};
const reply = async (who: SignedIn, threadId: string, text: string) => {
  const res = await api(server, who.cookie, 'POST', `/api/docs/${docId}/threads/${threadId}/replies`, { text });
  expect(res.status).toBe(201);
  return res.body.thread as { id: string; comments: { id: string }[] };
};
const agree = async (who: SignedIn, blockId: string) => {
  const view = await api(server, author.cookie, 'GET', `/api/docs/${docId}/consensus`);
  const block = view.body.blocks.find((b: { id: string }) => b.id === blockId);
  const res = await api(server, who.cookie, 'PUT', `/api/docs/${docId}/blocks/${blockId}/vote`, {
    stance: 'agree',
    fingerprint: block.fingerprint,
  });
  expect(res.status).toBe(200);
};

describe('notifications', () => {
  it('a mention by display name or email local part notifies that member, not the actor, not non-members', async () => {
    const localPart = c2.user.email.split('@')[0]!;
    const thread = await startThread(c1, `@ines garcia @${localPart} @Obs @Out what do you think? (@Ines Garcia again)`);
    const forTom = (await notifications(c2)).notifications;
    expect(forTom).toEqual([
      {
        id: expect.any(String),
        kind: 'mention',
        docId,
        docTitle: 'Housing report',
        blockId: 'p1',
        threadId: thread.id,
        actor: { userId: c1.user.id, name: 'Ines Garcia' },
        text: expect.stringContaining('Ines Garcia mentioned you'),
        createdAt: expect.any(String),
        read: false,
      },
    ]);
    expect(await kinds(observer)).toEqual(['mention']);
    expect(await kinds(c1)).toEqual([]); // mentioned herself: no notification
    expect(await kinds(outsider)).toEqual([]); // not a member: cannot be mentioned
    expect(await kinds(c3)).toEqual([]);
    expect(await kinds(author)).toEqual([]);
    // The posted comment says who was notified (issue 14 #3): not the writer herself, not the outsider.
    const posted = (thread.comments[0] as unknown as { mentioned: { userId: string }[] }).mentioned.map((p) => p.userId).sort();
    expect(posted).toEqual([c2.user.id, observer.user.id].sort());
  });

  it('an edit notifies only people it newly mentions', async () => {
    const thread = await startThread(c1, 'Thoughts, @Tom?');
    await api(server, c1.cookie, 'PATCH', `/api/docs/${docId}/comments/${thread.comments[0]!.id}`, { text: 'Thoughts, @Tom and @Rosa?' });
    expect(await kinds(c2)).toEqual(['mention']);
    expect(await kinds(c3)).toEqual(['mention']);
  });

  it('a reply notifies the starter and everyone who replied, not the replier; a mention replaces the reply notice', async () => {
    const thread = await startThread(c1, 'Why capped?');
    await reply(c2, thread.id, 'Agree with the question.');
    expect(await kinds(c1)).toEqual(['reply']);
    expect(await kinds(c2)).toEqual([]);

    await reply(author, thread.id, 'Because of the survey. @Tom see p. 4.');
    expect(await kinds(c1)).toEqual(['reply', 'reply']);
    expect(await kinds(c2)).toEqual(['mention']);
    expect(await kinds(author)).toEqual([]);
    expect(await kinds(c3)).toEqual([]);
    const latest = (await notifications(c1)).notifications[0]!;
    expect(latest).toMatchObject({ kind: 'reply', threadId: thread.id, actor: { userId: author.user.id, name: 'Author' } });
    expect(latest.text).toContain('Because of the survey.');
  });

  it('marks read by id or all, server-side: another session of the same user sees it', async () => {
    const thread = await startThread(c1, 'First.');
    await reply(c2, thread.id, 'One.');
    await reply(author, thread.id, 'Two.');
    await reply(c3, thread.id, 'Three.');
    const listed = await notifications(c1);
    expect(listed.unread).toBe(3);
    expect(listed.notifications.map((n) => n.actor!.name)).toEqual(['Rosa', 'Author', 'Tom']); // newest first

    const otherDevice = { ...c1, cookie: await login(server, c1.user.email) };
    const theirs = (await notifications(c2)).notifications.map((n) => n.id);
    const marked = await api(server, c1.cookie, 'POST', '/api/notifications/read', { ids: [listed.notifications[2]!.id, ...theirs] });
    expect(marked.status).toBe(200);
    expect(marked.body).toEqual({ updated: 1, unread: 2 });
    expect((await notifications(c2)).notifications.every((n) => !n.read)).toBe(true); // someone else's ids are ignored

    const seen = await notifications(otherDevice);
    expect(seen.unread).toBe(2);
    expect(seen.notifications.map((n) => n.read)).toEqual([false, false, true]);
    expect((await notifications(otherDevice, '?unread=1')).notifications).toHaveLength(2);
    expect((await notifications(otherDevice, '?limit=1')).notifications).toHaveLength(1);

    expect((await api(server, otherDevice.cookie, 'POST', '/api/notifications/read', { all: true })).body).toEqual({
      updated: 2,
      unread: 0,
    });
    expect((await notifications(c1)).unread).toBe(0);
    expect((await notifications(c1, '?unread=1')).notifications).toEqual([]);
  });

  it('refuses the signed-out and malformed requests', async () => {
    expect((await api(server, undefined, 'GET', '/api/notifications')).status).toBe(401);
    expect((await api(server, undefined, 'POST', '/api/notifications/read', { all: true })).status).toBe(401);
    for (const body of [
      {},
      { all: false },
      { ids: [] },
      { ids: 'x' },
      { ids: Array.from({ length: 501 }, (_, i) => `n${i}`) },
      { all: true, ids: ['a'] },
    ]) {
      expect((await api(server, c1.cookie, 'POST', '/api/notifications/read', body)).status).toBe(400);
    }
    expect((await api(server, c1.cookie, 'GET', '/api/notifications?limit=0')).status).toBe(400);
    expect((await api(server, c1.cookie, 'GET', '/api/notifications?limit=1000')).status).toBe(400);
  });

  it('an agreement going stale after an edit notifies the voter once, naming the editor', async () => {
    await agree(c1, 'p1');
    await agree(c2, 'p1');
    await agree(c2, 'p2');
    appendTo(writer, 'p1', ' At 30%.');
    await waitFor(() => blockText('p1') === 'Rents should be capped. At 30%.', 30_000, 'edit on the server');

    await eventually(async () => (await kinds(c1)).length > 0 && (await kinds(c2)).length > 0);
    const forC1 = (await notifications(c1)).notifications;
    expect(forC1).toEqual([
      expect.objectContaining({
        kind: 'agreement_stale',
        blockId: 'p1',
        threadId: null,
        actor: { userId: author.user.id, name: 'Author' },
        read: false,
      }),
    ]);
    expect(forC1[0]!.text).toContain('At 30%.');
    expect(await kinds(c2)).toEqual(['agreement_stale']); // p1 only; p2 did not change
    expect(await kinds(c3)).toEqual([]); // never agreed
    expect(await kinds(author)).toEqual([]);

    // More edits to the same paragraph: still one notification per agreed text.
    appendTo(writer, 'p1', ' Or 25%.');
    await waitFor(() => blockText('p1')!.endsWith('Or 25%.'), 30_000, 'second edit');
    await server.services.staleAgreements.nextCheck(docId); // it had its chance to notify again
    expect(await kinds(c1)).toEqual(['agreement_stale']);

    // Agreeing again to the new text and seeing that change too: a new notification.
    await agree(c1, 'p1');
    appendTo(writer, 'p1', ' Final.');
    await eventually(async () => (await kinds(c1)).length === 2);
    expect(await kinds(c1)).toEqual(['agreement_stale', 'agreement_stale']);
  });

  it('a commissioner who edits text they agreed to is not notified about their own edit (issue 14 #8)', async () => {
    await agree(c1, 'p2');
    await agree(c2, 'p2');
    const own = stockClient(server.url, docId, c1.cookie);
    cleanup.push(() => own.destroy());
    await synced(own);
    await waitFor(() => docFragment(own.doc).length === 2, 30_000, 'content');
    appendTo(own, 'p2', ' Edited by Ines.');
    // Both notices are decided in one check: once Tom has his, Ines's would be there too.
    await eventually(async () => (await kinds(c2)).length > 0);
    expect((await notifications(c2)).notifications).toEqual([
      expect.objectContaining({ kind: 'agreement_stale', actor: { userId: c1.user.id, name: 'Ines Garcia' }, read: false }),
    ]);
    const mine = await notifications(c1);
    expect(mine.notifications).toEqual([]);
    expect(mine.unread).toBe(0);
    // Someone else editing the same paragraph later does not announce it either: her agreement was already set aside by her own edit.
    appendTo(writer, 'p2', ' And by the author.');
    await waitFor(() => blockText('p2')!.endsWith('And by the author.'), 30_000, 'second edit');
    await server.services.staleAgreements.nextCheck(docId); // it had its chance to notify her
    expect((await notifications(c1)).notifications).toEqual([]);
  });

  it("pushes new notifications to the recipient's sockets, and nobody else's", async () => {
    const listen = (who: SignedIn) => liveEvents(server.url, docId, who.cookie, cleanup);
    const tomEvents = await listen(c2);
    const rosaEvents = await listen(c3);
    await startThread(c1, 'Hello @Tom');
    await waitFor(() => tomEvents.some((e) => e.type === 'notification'), 30_000, 'notification event');
    const pushed = tomEvents.find((e) => e.type === 'notification') as { notification: Note; unread: number };
    expect(pushed.notification).toMatchObject({ kind: 'mention', docId, docTitle: 'Housing report', read: false });
    expect(pushed.unread).toBe(1);
    await api(server, c2.cookie, 'POST', '/api/notifications/read', { all: true });
    await waitFor(() => tomEvents.some((e) => e.type === 'notifications.read'), 30_000, 'read event');
    expect(tomEvents.find((e) => e.type === 'notifications.read')).toEqual({ type: 'notifications.read', unread: 0 });
    expect(rosaEvents.filter((e) => e.type === 'notification' || e.type === 'notifications.read')).toEqual([]);
  });

  it('a member removed from a document no longer sees its notifications', async () => {
    await startThread(c1, 'Hello @Tom');
    expect((await notifications(c2)).unread).toBe(1);
    await server.services.stores.members.removeMember(docId, c2.user.id);
    expect(await notifications(c2)).toEqual({ notifications: [], unread: 0 });
  });
});
