/**
 * Comment threads against a real server (port 0, real SQLite, stock y-websocket
 * client): every role and every refusal, soft deletion, resolve/reopen, rate
 * limiting, detached threads, and live events.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docFragment, replaceDocContent } from '@concord/shared';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, type SignedIn, signedInCommission, createCommissionDoc } from '../helpers/users.js';
import { afterCreation } from '../helpers/audit.js';
import { stockClient, synced, waitFor, type StockClient } from '../helpers/yclient.js';
import { liveEvents } from './support/concord-messages.js';

let server: TestServer;
let author: SignedIn, c1: SignedIn, c2: SignedIn, publisher: SignedIn, observer: SignedIn, outsider: SignedIn;
let docId: string;
let writer: StockClient;
const cleanup: (() => void)[] = [];

const para = (id: string, text: string) => ({ type: 'paragraph', attrs: { id }, content: [{ type: 'text', text }] });
const heading = (id: string, text: string) => ({ type: 'heading', attrs: { id, level: 1 }, content: [{ type: 'text', text }] });

beforeEach(async () => {
  server = await startTestServer();
  ({ author, c1, c2, publisher, observer, outsider } = await signedInCommission(server));
  docId = await createCommissionDoc(server, { author, c1, c2, publisher, observer, outsider });
  writer = stockClient(server.url, docId, author.cookie);
  cleanup.push(() => writer.destroy());
  await synced(writer);
  replaceDocContent(writer.doc, {
    type: 'doc',
    content: [heading('h1', 'Housing'), para('p1', 'Rents should be capped at 30% of income.'), para('p2', 'Second paragraph.')],
  });
  await waitFor(() => server.services.rooms.get(docId)?.doc !== undefined && blockCount() === 3, 30_000, 'content on the server');
});
afterEach(async () => {
  for (const fn of cleanup.splice(0)) fn();
  await server.dispose();
});

function blockCount(): number {
  const room = server.services.rooms.get(docId);
  return room ? docFragment(room.doc).length : 0;
}

const threadsPath = () => `/api/docs/${docId}/threads`;
const startThread = (who: SignedIn | undefined, body: unknown) => api(server, who?.cookie, 'POST', threadsPath(), body);
const listThreads = (who: SignedIn | undefined, query = '') => api(server, who?.cookie, 'GET', `${threadsPath()}${query}`);
const reply = (who: SignedIn | undefined, threadId: string, body: unknown) =>
  api(server, who?.cookie, 'POST', `${threadsPath()}/${threadId}/replies`, body);
const edit = (who: SignedIn | undefined, commentId: string, body: unknown) =>
  api(server, who?.cookie, 'PATCH', `/api/docs/${docId}/comments/${commentId}`, body);
const remove = (who: SignedIn | undefined, commentId: string) =>
  api(server, who?.cookie, 'DELETE', `/api/docs/${docId}/comments/${commentId}`);
const resolve = (who: SignedIn | undefined, threadId: string) => api(server, who?.cookie, 'POST', `${threadsPath()}/${threadId}/resolve`);
const reopen = (who: SignedIn | undefined, threadId: string) => api(server, who?.cookie, 'POST', `${threadsPath()}/${threadId}/reopen`);
const auditActions = async () => afterCreation(await server.services.stores.consensus.listAudit(docId)).map((e) => e.action);

async function newThread(who: SignedIn = c1, body: Record<string, unknown> = { blockId: 'p1', text: 'Why 30%?' }) {
  const res = await startThread(who, body);
  expect(res.status).toBe(201);
  return res.body.thread as { id: string; comments: { id: string }[] };
}

/** Deletes the block with this id through the stock client, as any editor would. */
function deleteBlock(client: StockClient, id: string): void {
  const fragment = docFragment(client.doc);
  const index = fragment.toArray().findIndex((n) => n instanceof Y.XmlElement && n.getAttribute('id') === id);
  expect(index).toBeGreaterThanOrEqual(0);
  fragment.delete(index, 1);
}

describe('comment threads', () => {
  it('a commissioner starts a thread quoting the paragraph; the author replies; everyone who may read sees it', async () => {
    const created = await startThread(c1, { blockId: 'p1', quote: '30% of income', text: '  Why 30%? Source?  ' });
    expect(created.status).toBe(201);
    const thread = created.body.thread;
    expect(thread).toEqual({
      id: expect.any(String),
      blockId: 'p1',
      quote: '30% of income',
      anchorText: 'Rents should be capped at 30% of income.',
      detached: false,
      status: 'open',
      createdBy: { userId: c1.user.id, name: 'Ines' },
      createdAt: expect.any(String),
      resolvedBy: null,
      resolvedAt: null,
      comments: [
        {
          id: expect.any(String),
          author: { userId: c1.user.id, name: 'Ines' },
          text: 'Why 30%? Source?',
          createdAt: expect.any(String),
          editedAt: null,
          deleted: false,
          mentioned: [],
        },
      ],
    });
    const replied = await reply(author, thread.id, { text: 'The 2023 housing survey.' });
    expect(replied.status).toBe(201);
    expect(replied.body.thread.comments.map((c: { text: string }) => c.text)).toEqual(['Why 30%? Source?', 'The 2023 housing survey.']);

    for (const who of [author, c1, c2, publisher, observer]) {
      const res = await listThreads(who);
      expect(res.status).toBe(200);
      expect(res.body.threads).toHaveLength(1);
      expect(res.body.threads[0].comments).toHaveLength(2);
    }
    const one = await api(server, observer.cookie, 'GET', `${threadsPath()}/${thread.id}`);
    expect(one.status).toBe(200);
    expect(one.body.thread.id).toBe(thread.id);
    expect(await auditActions()).toEqual(['comment.created', 'comment.created']);
  });

  it('lists threads in document order and filters by status, mine and block', async () => {
    const onSecond = await newThread(c2, { blockId: 'p2', text: 'Typo here.' });
    const onFirst = await newThread(c1, { blockId: 'p1', text: 'Why 30%?' });
    const onHeading = await newThread(c1, { blockId: 'h1', text: 'Better title?' });
    await reply(c2, onFirst.id, { text: 'Agreed, why?' });
    expect((await resolve(c2, onSecond.id)).status).toBe(200);

    const ids = async (who: SignedIn, q: string) => (await listThreads(who, q)).body.threads.map((t: { id: string }) => t.id);
    expect(await ids(c1, '')).toEqual([onHeading.id, onFirst.id, onSecond.id]);
    expect(await ids(c1, '?status=open')).toEqual([onHeading.id, onFirst.id]);
    expect(await ids(c1, '?status=resolved')).toEqual([onSecond.id]);
    expect(await ids(c2, '?mine=1')).toEqual([onFirst.id, onSecond.id]);
    expect(await ids(c2, '?mine=1&status=open')).toEqual([onFirst.id]);
    expect(await ids(c1, '?blockId=p2')).toEqual([onSecond.id]);
    expect((await listThreads(c1, '?status=maybe')).status).toBe(400);
  });

  it('refuses writes from publishers and observers (403), outsiders (404) and the signed-out (401), and records nothing', async () => {
    const body = { blockId: 'p1', text: 'Hello' };
    expect((await startThread(publisher, body)).status).toBe(403);
    expect((await startThread(observer, body)).status).toBe(403);
    expect((await startThread(outsider, body)).status).toBe(404);
    expect((await startThread(undefined, body)).status).toBe(401);
    expect((await listThreads(outsider)).status).toBe(404);
    expect((await listThreads(undefined)).status).toBe(401);
    expect((await api(server, c1.cookie, 'GET', `/api/docs/no-such-doc/threads`)).status).toBe(404);
    expect(await server.services.stores.comments.listThreads(docId)).toEqual([]);

    const thread = await newThread(c1);
    const commentId = thread.comments[0]!.id;
    for (const who of [publisher, observer]) {
      expect((await reply(who, thread.id, { text: 'Me too' })).status).toBe(403);
      expect((await edit(who, commentId, { text: 'Changed' })).status).toBe(403);
      expect((await remove(who, commentId)).status).toBe(403);
      expect((await resolve(who, thread.id)).status).toBe(403);
      expect((await reopen(who, thread.id)).status).toBe(403);
    }
    for (const [who, status] of [
      [outsider, 404],
      [undefined, 401],
    ] as const) {
      expect((await reply(who, thread.id, { text: 'Me too' })).status).toBe(status);
      expect((await edit(who, commentId, { text: 'Changed' })).status).toBe(status);
      expect((await remove(who, commentId)).status).toBe(status);
      expect((await resolve(who, thread.id)).status).toBe(status);
      expect((await reopen(who, thread.id)).status).toBe(status);
    }
    const [stored] = await server.services.stores.comments.listComments(docId);
    expect(await server.services.stores.comments.listComments(docId)).toHaveLength(1);
    expect(stored!.text).toBe('Why 30%?');
    expect((await server.services.stores.comments.getThread(docId, thread.id))!.status).toBe('open');
    expect(await auditActions()).toEqual(['comment.created']);
  });

  it('refuses empty, oversized and malformed text, unknown blocks, threads and comments, and misquotes', async () => {
    const thread = await newThread(c1);
    const commentId = thread.comments[0]!.id;
    const before = await server.services.stores.comments.listComments(docId);
    expect((await startThread(c1, { blockId: 'p1', text: '' })).status).toBe(400);
    expect((await startThread(c1, { blockId: 'p1', text: ' \n\t ' })).status).toBe(400);
    expect((await startThread(c1, { blockId: 'p1', text: 'x'.repeat(5001) })).status).toBe(400);
    expect((await startThread(c1, { blockId: 'p1', text: 42 })).status).toBe(400);
    expect((await startThread(c1, { blockId: 'p1' })).status).toBe(400);
    expect((await startThread(c1, { text: 'No block' })).status).toBe(400);
    expect((await startThread(c1, { blockId: 'p1', text: 'ok', quote: 'q'.repeat(1001) })).status).toBe(400);
    expect((await api(server, c1.cookie, 'POST', threadsPath(), 'not json')).status).toBe(400);
    expect((await startThread(c1, { blockId: 'no-such-block', text: 'Hello' })).status).toBe(404);
    const misquote = await startThread(c1, { blockId: 'p1', quote: '40% of income', text: 'Hello' });
    expect(misquote.status).toBe(409);
    expect(misquote.body.error.details.text).toBe('Rents should be capped at 30% of income.');
    expect((await reply(c1, thread.id, { text: '' })).status).toBe(400);
    expect((await reply(c1, thread.id, { text: 'y'.repeat(5001) })).status).toBe(400);
    expect((await reply(c1, 'no-such-thread', { text: 'Hello' })).status).toBe(404);
    expect((await edit(c1, commentId, { text: '   ' })).status).toBe(400);
    expect((await edit(c1, 'no-such-comment', { text: 'Hello' })).status).toBe(404);
    expect((await remove(c1, 'no-such-comment')).status).toBe(404);
    expect((await resolve(c1, 'no-such-thread')).status).toBe(404);
    expect((await reopen(author, 'no-such-thread')).status).toBe(404);
    expect(await server.services.stores.comments.listComments(docId)).toEqual(before);
    expect((await server.services.stores.comments.listThreads(docId)).map((t) => t.id)).toEqual([thread.id]);
    expect(await auditActions()).toEqual(['comment.created']);
  });

  it('accepts exactly 5000 characters, and stores HTML and script payloads as inert text', async () => {
    const payload = '<img src=x onerror="alert(1)"><script>alert("x")</script> & <b>bold</b>';
    const thread = await newThread(c1, { blockId: 'p1', text: payload });
    expect((await listThreads(c1)).body.threads[0].comments[0].text).toBe(payload);
    const long = await reply(c2, thread.id, { text: 'z'.repeat(5000) });
    expect(long.status).toBe(201);
    expect(long.body.thread.comments[1].text).toHaveLength(5000);
  });

  it('edits and soft-deletes only your own comments; a deleted comment keeps its place', async () => {
    const thread = await newThread(c1);
    const first = thread.comments[0]!.id;
    const second = (await reply(c2, thread.id, { text: 'Me too.' })).body.thread.comments[1].id as string;

    expect((await edit(c2, first, { text: 'Hijacked' })).status).toBe(403);
    expect((await remove(c2, first)).status).toBe(403);
    expect((await edit(author, first, { text: 'Hijacked' })).status).toBe(403);
    expect((await remove(author, first)).status).toBe(403);

    const edited = await edit(c1, first, { text: 'Why 30% and not 25%?' });
    expect(edited.status).toBe(200);
    expect(edited.body.thread.comments[0]).toMatchObject({ text: 'Why 30% and not 25%?', editedAt: expect.any(String), deleted: false });

    const deleted = await remove(c1, first);
    expect(deleted.status).toBe(200);
    expect(deleted.body.thread.comments.map((c: { id: string; text: string; deleted: boolean }) => [c.id, c.text, c.deleted])).toEqual([
      [first, '', true],
      [second, 'Me too.', false],
    ]);
    expect(deleted.body.thread.comments[0].author.userId).toBe(c1.user.id);
    expect((await edit(c1, first, { text: 'Back again' })).status).toBe(409);
    expect((await remove(c1, first)).status).toBe(200); // idempotent, records nothing
    expect((await listThreads(observer)).body.threads[0].comments).toHaveLength(2);
    expect(await auditActions()).toEqual(['comment.created', 'comment.created', 'comment.edited', 'comment.deleted']);
  });

  it("resolves and reopens: the author or the thread's starter, not another commissioner", async () => {
    const thread = await newThread(c1);
    expect((await resolve(c2, thread.id)).status).toBe(403);
    expect((await server.services.stores.comments.getThread(docId, thread.id))!.status).toBe('open');

    const byStarter = await resolve(c1, thread.id);
    expect(byStarter.status).toBe(200);
    expect(byStarter.body.thread).toMatchObject({
      status: 'resolved',
      resolvedBy: { userId: c1.user.id, name: 'Ines' },
      resolvedAt: expect.any(String),
    });
    expect((await listThreads(c1, '?status=open')).body.threads).toEqual([]);
    expect((await reopen(c2, thread.id)).status).toBe(403);

    const byAuthor = await reopen(author, thread.id);
    expect(byAuthor.status).toBe(200);
    expect(byAuthor.body.thread).toMatchObject({ status: 'open', resolvedBy: null, resolvedAt: null });
    expect((await resolve(author, thread.id)).body.thread.status).toBe('resolved');
    expect((await resolve(author, thread.id)).status).toBe(200); // already resolved: nothing recorded
    expect(await auditActions()).toEqual(['comment.created', 'thread.resolved', 'thread.reopened', 'thread.resolved']);
  });

  it('a comment flood is rate-limited with 429', async () => {
    const thread = await newThread(c1);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await reply(c2, thread.id, { text: `Spam ${i}` })).status);
    expect(statuses.slice(0, 15).every((s) => s === 201)).toBe(true);
    expect(statuses).toContain(429);
    const stored = await server.services.stores.comments.listComments(docId);
    expect(stored.length).toBe(1 + statuses.filter((s) => s === 201).length);
    expect(stored.length).toBeLessThanOrEqual(1 + 25);
    // Others are not slowed down by one person's flood.
    expect((await reply(author, thread.id, { text: 'Please stop.' })).status).toBe(201);
  });

  it('a thread whose paragraph is deleted is kept, detached, with the text it was about', async () => {
    const thread = await newThread(c1, { blockId: 'p1', quote: 'capped', text: 'Why capped?' });
    await newThread(c2, { blockId: 'p2', text: 'Fine by me.' });
    deleteBlock(writer, 'p1');
    await waitFor(() => blockCount() === 2, 30_000, 'deletion reaches the server');

    const threads = (await listThreads(observer)).body.threads as {
      id: string;
      blockId: string;
      detached: boolean;
      anchorText: string;
      quote: string;
    }[];
    expect(threads.map((t) => [t.blockId, t.detached])).toEqual([
      ['p2', false],
      ['p1', true],
    ]);
    expect(threads[1]).toMatchObject({ id: thread.id, anchorText: 'Rents should be capped at 30% of income.', quote: 'capped' });
    // Discussion can go on, and new threads cannot be started on the missing paragraph.
    expect((await reply(author, thread.id, { text: 'It was removed; see section 2.' })).status).toBe(201);
    expect((await startThread(c1, { blockId: 'p1', text: 'Again?' })).status).toBe(404);

    // Undo brings the paragraph (and its id) back: the thread attaches again.
    const fragment = docFragment(writer.doc);
    writer.doc.transact(() => {
      const p = new Y.XmlElement('paragraph');
      p.setAttribute('id', 'p1');
      p.insert(0, [new Y.XmlText('Rents should be capped.')]);
      fragment.insert(1, [p]);
    });
    await waitFor(() => blockCount() === 3, 30_000, 'restore reaches the server');
    const again = (await listThreads(observer)).body.threads as { id: string; detached: boolean }[];
    expect(again.find((t) => t.id === thread.id)!.detached).toBe(false);
  });

  it('pushes comment.changed to connected Concord clients', async () => {
    const listener = { events: await liveEvents(server.url, docId, observer.cookie, cleanup) };
    const thread = await newThread(c1);
    await waitFor(() => listener.events.some((e) => e.type === 'comment.changed'), 30_000, 'comment event');
    expect(listener.events.find((e) => e.type === 'comment.changed')).toEqual({
      type: 'comment.changed',
      threadId: thread.id,
      blockId: 'p1',
    });
    await resolve(c1, thread.id);
    await waitFor(() => listener.events.filter((e) => e.type === 'comment.changed').length === 2, 30_000, 'resolve event');
  });
});
