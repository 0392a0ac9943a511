/** NotificationStore contract: per recipient, newest first, de-duplicated by key within a document, read state kept. */
import { describe, expect, it } from 'vitest';
import { StoreError, type StoredNotification, type Stores } from '../../src/store/types.js';
import { storesPerTest, T0, type StoreFactory } from '../store/factory.js';

let seq = 0;
const note = (over: Partial<StoredNotification> = {}): StoredNotification => ({
  id: `n${++seq}`,
  userId: 'u1',
  docId: 'd1',
  kind: 'reply',
  blockId: 'b1',
  threadId: 't1',
  actorId: 'u2',
  text: 'U2 replied',
  createdAt: T0.toISOString(),
  readAt: null,
  dedupeKey: null,
  ...over,
});

export function notificationStoreContract(factory: StoreFactory): void {
  describe(`NotificationStore contract (${factory.name})`, () => {
    let stores: Stores;

    storesPerTest(factory, { users: ['u1', 'u2'], docs: true }, (s) => (stores = s));

    it("lists a user's notifications newest first, bounded, and only theirs", async () => {
      const [a, b, c] = [note(), note({ kind: 'mention' }), note({ userId: 'u2', actorId: 'u1' })];
      expect(await stores.notifications.add([a, b, c])).toEqual([a, b, c]);
      expect(await stores.notifications.list('u1', { limit: 10 })).toEqual([b, a]);
      expect(await stores.notifications.list('u1', { limit: 1 })).toEqual([b]);
      expect(await stores.notifications.list('u2', { limit: 10 })).toEqual([c]);
      expect(await stores.notifications.list('nobody', { limit: 10 })).toEqual([]);
    });

    it('keeps a record of the recipient’s own action (actor = recipient) for de-duplication, but never lists or counts it', async () => {
      const own = note({ actorId: 'u1', dedupeKey: 'agreement_stale:b1:abc', readAt: T0.toISOString() });
      const other = note();
      expect(await stores.notifications.add([own, other])).toEqual([own, other]);
      expect(await stores.notifications.list('u1', { limit: 10 })).toEqual([other]);
      expect(await stores.notifications.unreadCount('u1')).toBe(1);
      // Someone else's later edit of the same agreed text is not announced: the record holds the key.
      expect(await stores.notifications.add([note({ dedupeKey: 'agreement_stale:b1:abc' })])).toEqual([]);
    });

    it('skips a notification whose key the recipient already has, even within one batch', async () => {
      const first = note({ dedupeKey: 'stale:b1:abc' });
      expect(await stores.notifications.add([first])).toEqual([first]);
      const again = note({ dedupeKey: 'stale:b1:abc' });
      const otherUser = note({ userId: 'u2', dedupeKey: 'stale:b1:abc' });
      const twice = note({ dedupeKey: 'k2' });
      expect(await stores.notifications.add([again, otherUser, twice, note({ dedupeKey: 'k2' }), note(), note()])).toHaveLength(4);
      expect((await stores.notifications.list('u1', { limit: 10 })).filter((n) => n.dedupeKey === 'stale:b1:abc')).toEqual([first]);
    });

    it('de-duplicates per document: the same key in another document (a copied report) is its own notice', async () => {
      const inOne = note({ dedupeKey: 'agreement_stale:b1:abc' });
      const inTwo = note({ docId: 'd2', dedupeKey: 'agreement_stale:b1:abc' });
      expect(await stores.notifications.add([inOne, inTwo])).toEqual([inOne, inTwo]);
      expect(await stores.notifications.add([note({ docId: 'd2', dedupeKey: 'agreement_stale:b1:abc' })])).toEqual([]);
      expect(await stores.notifications.list('u1', { limit: 10 })).toEqual([inTwo, inOne]);
    });

    it('marks chosen notifications read, ignoring ids of other users, and counts unread', async () => {
      const [a, b, theirs] = [note(), note(), note({ userId: 'u2', actorId: 'u1' })];
      await stores.notifications.add([a, b, theirs]);
      expect(await stores.notifications.unreadCount('u1')).toBe(2);
      const at = new Date(T0.getTime() + 1000).toISOString();
      expect(await stores.notifications.markRead('u1', [a.id, theirs.id, 'nope'], at)).toBe(1);
      expect(await stores.notifications.markRead('u1', [a.id], at)).toBe(0);
      expect(await stores.notifications.unreadCount('u1')).toBe(1);
      expect(await stores.notifications.unreadCount('u2')).toBe(1);
      expect(await stores.notifications.list('u1', { limit: 10, unreadOnly: true })).toEqual([b]);
      expect((await stores.notifications.list('u1', { limit: 10 })).find((n) => n.id === a.id)!.readAt).toBe(at);
    });

    it('marks all read', async () => {
      await stores.notifications.add([note(), note(), note({ userId: 'u2', actorId: 'u1' })]);
      expect(await stores.notifications.markRead('u1', 'all', T0.toISOString())).toBe(2);
      expect(await stores.notifications.unreadCount('u1')).toBe(0);
      expect(await stores.notifications.unreadCount('u2')).toBe(1);
    });

    it('filters by document', async () => {
      const [one, two] = [note(), note({ docId: 'd2' })];
      await stores.notifications.add([one, two]);
      expect(await stores.notifications.list('u1', { limit: 10, docIds: ['d2'] })).toEqual([two]);
      expect(await stores.notifications.list('u1', { limit: 10, docIds: [] })).toEqual([]);
      expect(await stores.notifications.unreadCount('u1', { docIds: ['d1'] })).toBe(1);
      expect(await stores.notifications.unreadCount('u1', { docIds: [] })).toBe(0);
    });

    it('refuses the whole batch when a user or document is unknown', async () => {
      await expect(stores.notifications.add([note(), note({ userId: 'nobody' })])).rejects.toBeInstanceOf(StoreError);
      await expect(stores.notifications.add([note(), note({ docId: 'nope' })])).rejects.toBeInstanceOf(StoreError);
      expect(await stores.notifications.list('u1', { limit: 10 })).toEqual([]);
    });

    it('forgets the notifications of a deleted document', async () => {
      const keep = note({ docId: 'd2' });
      await stores.notifications.add([note(), keep]);
      await stores.docs.deleteDoc('d1');
      expect(await stores.notifications.list('u1', { limit: 10 })).toEqual([keep]);
      expect(await stores.notifications.unreadCount('u1')).toBe(1);
    });
  });
}
