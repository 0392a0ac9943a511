/** CommentStore contract: threads keep their comments in order; deletion is soft; threads go with their document. */
import { describe, expect, it } from 'vitest';
import { StoreError, type StoredComment, type StoredThread, type Stores } from '../../src/store/types.js';
import { storesPerTest, T0, type StoreFactory } from '../store/factory.js';

const thread = (id: string, over: Partial<StoredThread> = {}): StoredThread => ({
  id,
  docId: 'd1',
  blockId: 'b1',
  quote: null,
  anchorText: 'The paragraph.',
  createdBy: 'u1',
  createdAt: T0.toISOString(),
  status: 'open',
  resolvedBy: null,
  resolvedAt: null,
  ...over,
});
const comment = (id: string, threadId: string, over: Partial<StoredComment> = {}): StoredComment => ({
  id,
  threadId,
  docId: 'd1',
  authorId: 'u1',
  text: `text of ${id}`,
  createdAt: T0.toISOString(),
  editedAt: null,
  deletedAt: null,
  ...over,
});

export function commentStoreContract(factory: StoreFactory): void {
  describe(`CommentStore contract (${factory.name})`, () => {
    let stores: Stores;

    storesPerTest(factory, { docs: true }, (s) => (stores = s));

    it('creates a thread with its first comment and reads both back', async () => {
      const t = thread('t1', { quote: 'para' });
      await stores.comments.createThread(t, comment('c1', 't1'));
      expect(await stores.comments.getThread('d1', 't1')).toEqual(t);
      expect(await stores.comments.getComment('d1', 'c1')).toEqual(comment('c1', 't1'));
      expect(await stores.comments.listThreads('d1')).toEqual([t]);
      expect(await stores.comments.listComments('d1')).toEqual([comment('c1', 't1')]);
    });

    it('lists threads and comments oldest first, per document', async () => {
      await stores.comments.createThread(thread('t1'), comment('c1', 't1'));
      await stores.comments.createThread(thread('t2', { blockId: 'b2' }), comment('c2', 't2'));
      await stores.comments.addComment(comment('c3', 't1', { authorId: 'u2' }));
      await stores.comments.createThread(thread('t3', { docId: 'd2' }), comment('c4', 't3', { docId: 'd2' }));
      expect((await stores.comments.listThreads('d1')).map((t) => t.id)).toEqual(['t1', 't2']);
      expect((await stores.comments.listComments('d1')).map((c) => c.id)).toEqual(['c1', 'c2', 'c3']);
      expect((await stores.comments.listComments('d2')).map((c) => c.id)).toEqual(['c4']);
      expect(await stores.comments.listThreads('nope')).toEqual([]);
    });

    it('does not find a thread or comment through another document', async () => {
      await stores.comments.createThread(thread('t1'), comment('c1', 't1'));
      expect(await stores.comments.getThread('d2', 't1')).toBeUndefined();
      expect(await stores.comments.getComment('d2', 'c1')).toBeUndefined();
      expect(await stores.comments.editComment('d2', 'c1', 'x', T0.toISOString())).toBeUndefined();
      expect(await stores.comments.deleteComment('d2', 'c1', T0.toISOString())).toBeUndefined();
      expect(await stores.comments.setThreadStatus('d2', 't1', 'resolved', 'u1', T0.toISOString())).toBeUndefined();
      await expect(stores.comments.addComment(comment('c2', 't1', { docId: 'd2' }))).rejects.toBeInstanceOf(StoreError);
      expect((await stores.comments.listComments('d1')).map((c) => c.id)).toEqual(['c1']);
    });

    it('refuses threads on unknown documents and replies to unknown threads', async () => {
      await expect(
        stores.comments.createThread(thread('t1', { docId: 'nope' }), comment('c1', 't1', { docId: 'nope' })),
      ).rejects.toBeInstanceOf(StoreError);
      await expect(stores.comments.addComment(comment('c2', 'no-thread'))).rejects.toBeInstanceOf(StoreError);
      expect(await stores.comments.listComments('d1')).toEqual([]);
      expect(await stores.comments.listComments('nope')).toEqual([]);
    });

    it('edits a comment in place, recording when', async () => {
      await stores.comments.createThread(thread('t1'), comment('c1', 't1'));
      const at = new Date(T0.getTime() + 5000).toISOString();
      const edited = await stores.comments.editComment('d1', 'c1', 'better words', at);
      expect(edited).toEqual(comment('c1', 't1', { text: 'better words', editedAt: at }));
      expect(await stores.comments.getComment('d1', 'c1')).toEqual(edited);
    });

    it('deletes softly: the comment keeps its place with no text, and cannot be edited or deleted again', async () => {
      await stores.comments.createThread(thread('t1'), comment('c1', 't1'));
      await stores.comments.addComment(comment('c2', 't1'));
      const at = new Date(T0.getTime() + 1000).toISOString();
      const deleted = await stores.comments.deleteComment('d1', 'c1', at);
      expect(deleted).toEqual(comment('c1', 't1', { text: '', deletedAt: at }));
      expect((await stores.comments.listComments('d1')).map((c) => [c.id, c.text])).toEqual([
        ['c1', ''],
        ['c2', 'text of c2'],
      ]);
      expect(await stores.comments.editComment('d1', 'c1', 'back', at)).toBeUndefined();
      expect(await stores.comments.deleteComment('d1', 'c1', at)).toBeUndefined();
      expect((await stores.comments.getComment('d1', 'c1'))!.text).toBe('');
    });

    it('resolves and reopens a thread', async () => {
      await stores.comments.createThread(thread('t1'), comment('c1', 't1'));
      const at = new Date(T0.getTime() + 1000).toISOString();
      expect(await stores.comments.setThreadStatus('d1', 't1', 'resolved', 'u2', at)).toEqual(
        thread('t1', { status: 'resolved', resolvedBy: 'u2', resolvedAt: at }),
      );
      expect(await stores.comments.setThreadStatus('d1', 't1', 'open', null, null)).toEqual(thread('t1'));
      expect(await stores.comments.getThread('d1', 't1')).toEqual(thread('t1'));
      expect(await stores.comments.setThreadStatus('d1', 'nope', 'resolved', 'u2', at)).toBeUndefined();
    });

    it('forgets the threads and comments of a deleted document', async () => {
      await stores.comments.createThread(thread('t1'), comment('c1', 't1'));
      await stores.comments.createThread(thread('t2', { docId: 'd2' }), comment('c2', 't2', { docId: 'd2' }));
      await stores.docs.deleteDoc('d1');
      expect(await stores.comments.listThreads('d1')).toEqual([]);
      expect(await stores.comments.listComments('d1')).toEqual([]);
      expect(await stores.comments.getComment('d1', 'c1')).toBeUndefined();
      expect((await stores.comments.listThreads('d2')).map((t) => t.id)).toEqual(['t2']);
    });
  });
}
