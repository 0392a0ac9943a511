/**
 * Issue 14 #6 against a real server: deleting a paragraph someone agreed to or
 * disputed tells them so, quoting the words they voted on (the paragraph is
 * gone); undoing the deletion takes the notice back (store and live socket);
 * deleting it again tells them again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docFragment, replaceDocContent } from '@concord/shared';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, createDocWithMembers, signedInUser, type SignedIn } from '../helpers/users.js';
import { stockClient, synced, waitFor, type StockClient } from '../helpers/yclient.js';
import { liveEvents } from './support/concord-messages.js';

let server: TestServer;
let author: SignedIn, agreer: SignedIn, disputer: SignedIn, bystander: SignedIn;
let docId: string;
let writer: StockClient;
const cleanup: (() => void)[] = [];
const EDIT = { byAuthor: true };

interface Note {
  id: string;
  kind: string;
  blockId: string | null;
  actor: { userId: string; name: string } | null;
  text: string;
  read: boolean;
}

const para = (id: string, text: string) => ({ type: 'paragraph', attrs: { id }, content: [{ type: 'text', text }] });

beforeEach(async () => {
  server = await startTestServer();
  [author, agreer, disputer, bystander] = await Promise.all(
    ['Author', 'Ines Garcia', 'Tom Becker', 'Rosa'].map((n) => signedInUser(server, n)),
  );
  docId = await createDocWithMembers(server, author, [
    { user: agreer.user, role: 'commissioner' },
    { user: disputer.user, role: 'commissioner' },
    { user: bystander.user, role: 'commissioner' },
  ]);
  writer = stockClient(server.url, docId, author.cookie);
  cleanup.push(() => writer.destroy());
  await synced(writer);
  replaceDocContent(writer.doc, { type: 'doc', content: [para('p1', 'Rents should be capped.'), para('p2', 'Second paragraph.')] });
  await waitFor(() => serverBlockIds().includes('p2'), 30_000, 'content on the server');
});
afterEach(async () => {
  for (const fn of cleanup.splice(0)) fn();
  await server.dispose();
});

function serverBlockIds(): string[] {
  const room = server.services.rooms.get(docId);
  if (!room) return [];
  return docFragment(room.doc)
    .toArray()
    .map((n) => (n instanceof Y.XmlElement ? String(n.getAttribute('id')) : ''));
}

const notes = async (who: SignedIn) => {
  const res = await api(server, who.cookie, 'GET', '/api/notifications');
  expect(res.status).toBe(200);
  return res.body as { notifications: Note[]; unread: number };
};

async function vote(who: SignedIn, blockId: string, stance: 'agree' | 'dispute'): Promise<void> {
  const view = await api(server, author.cookie, 'GET', `/api/docs/${docId}/consensus`);
  const block = view.body.blocks.find((b: { id: string }) => b.id === blockId);
  const body =
    stance === 'agree' ? { stance, fingerprint: block.fingerprint } : { stance, fingerprint: block.fingerprint, reason: 'Too vague.' };
  const res = await api(server, who.cookie, 'PUT', `/api/docs/${docId}/blocks/${blockId}/vote`, body);
  expect(res.status).toBe(200);
}

/** Polls the API until `fn` holds (the check runs at most every 2 s per document). */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The Concord events one person's socket hears. */
const listen = (who: SignedIn) => liveEvents(server.url, docId, who.cookie, cleanup);

describe('a deleted paragraph that people voted on', () => {
  it('notifies its voters with the words they voted on, withdraws on undo, notifies again on a second deletion', async () => {
    await vote(agreer, 'p1', 'agree');
    await vote(disputer, 'p1', 'dispute');
    const agreerEvents = await listen(agreer);
    const fragment = docFragment(writer.doc);
    const undo = new Y.UndoManager(fragment, { trackedOrigins: new Set([EDIT]) });
    writer.doc.transact(() => fragment.delete(0, 1), EDIT);
    await waitFor(() => !serverBlockIds().includes('p1'), 30_000, 'deletion on the server');

    const forAgreer = await eventually(
      () => notes(agreer),
      (n) => n.notifications.length > 0,
      'the agreer’s notice',
    );
    expect(forAgreer.notifications).toEqual([
      expect.objectContaining({
        kind: 'block_deleted',
        blockId: 'p1',
        actor: { userId: author.user.id, name: 'Author' },
        text: 'A paragraph you agreed to was deleted: “Rents should be capped.”',
        read: false,
      }),
    ]);
    expect(forAgreer.unread).toBe(1);
    const forDisputer = await eventually(
      () => notes(disputer),
      (n) => n.notifications.length > 0,
      'the disputer’s notice',
    );
    expect(forDisputer.notifications.map((n) => n.text)).toEqual(['A paragraph you disputed was deleted: “Rents should be capped.”']);
    expect((await notes(bystander)).notifications).toEqual([]); // never voted on it
    expect((await notes(author)).notifications).toEqual([]); // deleted it
    const noticeId = forAgreer.notifications[0]!.id;

    // Undo brings the paragraph (same id, same words) back: the notice no longer holds.
    undo.undo();
    await waitFor(() => serverBlockIds().includes('p1'), 30_000, 'the paragraph back on the server');
    await eventually(
      () => notes(agreer),
      (n) => n.notifications.length === 0 && n.unread === 0,
      'the withdrawal',
    );
    await eventually(
      () => notes(disputer),
      (n) => n.notifications.length === 0,
      'the disputer’s withdrawal',
    );
    await waitFor(() => agreerEvents.some((e) => e.type === 'notification.withdrawn'), 30_000, 'live withdrawal');
    expect(agreerEvents.find((e) => e.type === 'notification.withdrawn')).toEqual({
      type: 'notification.withdrawn',
      id: noticeId,
      unread: 0,
    });
    // The votes count again, on the same words.
    const view = await api(server, author.cookie, 'GET', `/api/docs/${docId}/consensus`);
    expect(view.body.blocks.find((b: { id: string }) => b.id === 'p1')).toBeDefined();

    // Deleted a second time: told again.
    writer.doc.transact(() => fragment.delete(0, 1), EDIT);
    await eventually(
      () => notes(agreer),
      (n) => n.notifications.length === 1,
      'the second notice',
    );
  });

  it('a voter who deleted the paragraph themselves is not notified about it (issue 14 #8)', async () => {
    await vote(agreer, 'p2', 'agree');
    await vote(disputer, 'p2', 'agree');
    const own = stockClient(server.url, docId, agreer.cookie);
    cleanup.push(() => own.destroy());
    await synced(own);
    await waitFor(() => docFragment(own.doc).length === 2, 30_000, 'content');
    docFragment(own.doc).delete(1, 1);
    const forDisputer = await eventually(
      () => notes(disputer),
      (n) => n.notifications.length > 0,
      'the other voter’s notice',
    );
    expect(forDisputer.notifications).toEqual([
      expect.objectContaining({ kind: 'block_deleted', actor: { userId: agreer.user.id, name: 'Ines Garcia' }, read: false }),
    ]);
    // Decided in the same check as the disputer's notice: the deleter is not notified of their own deletion (issue 14 #8).
    const mine = await notes(agreer);
    expect(mine.notifications).toEqual([]);
    expect(mine.unread).toBe(0);
  });
});
