/**
 * ConsensusStore contract: one current vote per person and block, the rule as
 * JSON, and the audit log — an entry written with each change in the same
 * transaction (votes, rule, members, comments), never without the change.
 */
import { describe, expect, it } from 'vitest';
import { StoreError, type NewAuditEntry, type StoredVote, type Stores } from '../../src/store/types.js';
import { storesPerTest, T0, type StoreFactory } from './factory.js';

const at = (s: number) => new Date(T0.getTime() + s * 1000).toISOString();

function vote(over: Partial<StoredVote> = {}): StoredVote {
  return {
    docId: 'd1',
    blockId: 'b1',
    userId: 'u1',
    stance: 'agree',
    reason: null,
    fingerprint: 'f'.repeat(16),
    text: 'Text.',
    at: at(0),
    ...over,
  };
}

function entry(over: Partial<NewAuditEntry> = {}): NewAuditEntry {
  return { docId: 'd1', at: at(0), actorId: 'u1', action: 'vote.cast', blockId: 'b1', details: {}, ...over };
}

export function consensusStoreContract(factory: StoreFactory): void {
  describe(`ConsensusStore contract (${factory.name})`, () => {
    let stores: Stores;

    storesPerTest(factory, { users: ['u1', 'u2'], docs: true, clock: false }, (s) => (stores = s));

    it('keeps one current vote per person and block, replacing it on a new vote', async () => {
      await stores.consensus.putVote(vote());
      await stores.consensus.putVote(vote({ userId: 'u2', blockId: 'b0' }));
      await stores.consensus.putVote(vote({ stance: 'dispute', reason: 'no', at: at(5) }));
      // Listed by block, then user.
      expect(await stores.consensus.listVotes('d1')).toEqual([
        vote({ userId: 'u2', blockId: 'b0' }),
        vote({ stance: 'dispute', reason: 'no', at: at(5) }),
      ]);
      expect(await stores.consensus.listVotes('d2')).toEqual([]);
    });

    it('lists votes as they are after every kind of change, however often it was read before', async () => {
      const list = () => stores.consensus.listVotes('d1');
      expect(await list()).toEqual([]);
      await stores.consensus.putVote(vote());
      expect(await list()).toEqual([vote()]);
      expect(await list()).toEqual([vote()]);
      await stores.consensus.putVote(vote({ stance: 'dispute', reason: 'no', at: at(1) }));
      expect(await list()).toEqual([vote({ stance: 'dispute', reason: 'no', at: at(1) })]);
      const batch = [vote({ blockId: 'b2', userId: 'u2' }), vote({ blockId: 'b3', userId: 'u2' })];
      await stores.consensus.putVotes(batch, { docId: 'd1', actorId: 'u2', at: at(2), sectionId: null });
      expect((await list()).map((v) => v.blockId)).toEqual(['b1', 'b2', 'b3']);
      await stores.consensus.withdrawVote('d1', 'b2', 'u2', at(3));
      expect((await list()).map((v) => v.blockId)).toEqual(['b1', 'b3']);
      // Another document's changes leave this one's list as it was.
      await stores.consensus.putVote(vote({ docId: 'd2' }));
      expect((await list()).map((v) => v.blockId)).toEqual(['b1', 'b3']);
      await stores.docs.deleteDoc('d1');
      expect(await list()).toEqual([]);
    });

    it('audits votes and rule changes with the change, numbered in order', async () => {
      await stores.consensus.putVote(vote());
      await stores.consensus.setRule('d1', { kind: 'unanimous' }, 'u2', at(3));
      expect(await stores.consensus.withdrawVote('d1', 'b1', 'u1', at(9))).toBe(true);
      const log = await stores.consensus.listAudit('d1');
      expect(log.map((e) => [e.action, e.actorId, e.at])).toEqual([
        ['vote.cast', 'u1', at(0)],
        ['rule.changed', 'u2', at(3)],
        ['vote.withdrawn', 'u1', at(9)],
      ]);
      expect(log[0]!.details).toMatchObject({ stance: 'agree', fingerprint: 'f'.repeat(16), text: 'Text.' });
      expect(log[1]!.details).toEqual({ rule: { kind: 'unanimous' } });
      expect(log[1]!.seq).toBeGreaterThan(log[0]!.seq);
      expect(log[2]!.seq).toBeGreaterThan(log[1]!.seq);
      expect(await stores.consensus.listVotes('d1')).toEqual([]);
    });

    it('writes no audit entry when a withdrawal finds no vote', async () => {
      expect(await stores.consensus.withdrawVote('d1', 'b1', 'u1', at(1))).toBe(false);
      expect(await stores.consensus.listAudit('d1')).toEqual([]);
    });

    it('stores the rule as JSON per document', async () => {
      expect(await stores.consensus.getRule('d1')).toBeUndefined();
      const rule = { kind: 'threshold', share: 0.75, minVotes: 2 };
      await stores.consensus.setRule('d1', rule, 'u1', at(0));
      rule.share = 0.5; // the store keeps its own copy
      expect(await stores.consensus.getRule('d1')).toEqual({ kind: 'threshold', share: 0.75, minVotes: 2 });
      expect(await stores.consensus.getRule('d2')).toBeUndefined();
    });

    it('audits membership changes with the change, and only when something changed', async () => {
      await stores.members.setMember('d1', 'u1', 'author', entry({ action: 'member.added', blockId: null, details: { userId: 'u1' } }));
      expect(await stores.members.removeMember('d1', 'u2', entry({ action: 'member.removed', blockId: null }))).toBe(false);
      expect(
        await stores.members.removeMember('d1', 'u1', entry({ action: 'member.removed', blockId: null, details: { userId: 'u1' } })),
      ).toBe(true);
      expect((await stores.consensus.listAudit('d1')).map((e) => [e.action, e.details.userId])).toEqual([
        ['member.added', 'u1'],
        ['member.removed', 'u1'],
      ]);
    });

    it('audits a rename with the change, and nothing for a document that does not exist', async () => {
      const renamed = entry({ action: 'doc.renamed', blockId: null, details: { title: 'New', previousTitle: 'Old' } });
      expect((await stores.docs.renameDoc('d1', 'New', renamed))?.title).toBe('New');
      expect(await stores.docs.renameDoc('nope', 'New', { ...renamed, docId: 'nope' })).toBeUndefined();
      expect((await stores.consensus.listAudit('d1')).map((e) => [e.action, e.details])).toEqual([
        ['doc.renamed', { title: 'New', previousTitle: 'Old' }],
      ]);
      expect(await stores.consensus.listAudit('nope')).toEqual([]);
    });

    it('audits comment changes with the change, and only when something changed', async () => {
      const thread = {
        id: 't1',
        docId: 'd1',
        blockId: 'b1',
        quote: null,
        anchorText: 'Text.',
        createdBy: 'u1',
        createdAt: at(0),
        status: 'open' as const,
        resolvedBy: null,
        resolvedAt: null,
      };
      const comment = {
        id: 'c1',
        threadId: 't1',
        docId: 'd1',
        authorId: 'u1',
        text: 'Hi',
        createdAt: at(0),
        editedAt: null,
        deletedAt: null,
      };
      const audited = (action: NewAuditEntry['action']) => entry({ action, details: { action } });
      await stores.comments.createThread(thread, comment, audited('comment.created'));
      await stores.comments.addComment({ ...comment, id: 'c2' }, audited('comment.created'));
      await stores.comments.editComment('d1', 'c1', 'Hello', at(1), audited('comment.edited'));
      await stores.comments.deleteComment('d1', 'c2', at(2), audited('comment.deleted'));
      // Nothing to change: nothing audited.
      expect(await stores.comments.deleteComment('d1', 'c2', at(3), audited('comment.deleted'))).toBeUndefined();
      expect(await stores.comments.editComment('d1', 'c2', 'x', at(3), audited('comment.edited'))).toBeUndefined();
      expect(await stores.comments.setThreadStatus('d1', 'nope', 'resolved', 'u1', at(4), audited('thread.resolved'))).toBeUndefined();
      await stores.comments.setThreadStatus('d1', 't1', 'resolved', 'u1', at(4), audited('thread.resolved'));
      await expect(
        stores.comments.addComment({ ...comment, id: 'c3', threadId: 'nope' }, audited('comment.created')),
      ).rejects.toBeInstanceOf(StoreError);
      expect((await stores.consensus.listAudit('d1')).map((e) => e.action)).toEqual([
        'comment.created',
        'comment.created',
        'comment.edited',
        'comment.deleted',
        'thread.resolved',
      ]);
    });

    it('writes no audit entry when the change fails', async () => {
      await expect(
        stores.members.setMember('d1', 'ghost', 'author', entry({ action: 'member.added', blockId: null })),
      ).rejects.toBeInstanceOf(StoreError);
      expect(await stores.consensus.listAudit('d1')).toEqual([]);
    });

    it('lists every document’s entries after a sequence number, for other processes’ changes', async () => {
      expect(await stores.consensus.lastAuditSeq()).toBe(0);
      await stores.consensus.appendAudit(entry({ docId: 'd1', action: 'review.requested' }));
      const mark = await stores.consensus.lastAuditSeq();
      await stores.consensus.appendAudit(entry({ docId: 'd2', action: 'review.requested', at: at(1) }));
      await stores.consensus.appendAudit(entry({ docId: 'd1', action: 'review.requested', at: at(2) }));
      const after = await stores.consensus.listAuditAfter(mark);
      expect(after.map((e) => [e.docId, e.at])).toEqual([
        ['d2', at(1)],
        ['d1', at(2)],
      ]);
      expect(await stores.consensus.listAuditAfter(mark, { limit: 1 })).toHaveLength(1);
      expect(await stores.consensus.lastAuditSeq()).toBe(after.at(-1)!.seq);
      expect(await stores.consensus.listAudit('d1', { afterSeq: mark })).toHaveLength(1);
    });

    it('forgets votes, rule and audit entries with their document', async () => {
      await stores.consensus.putVote(vote());
      await stores.consensus.setRule('d1', { kind: 'unanimous' }, 'u1', at(0));
      await stores.consensus.putVote(vote({ docId: 'd2' }));
      await stores.docs.deleteDoc('d1');
      expect(await stores.consensus.listVotes('d1')).toEqual([]);
      expect(await stores.consensus.getRule('d1')).toBeUndefined();
      expect(await stores.consensus.listAudit('d1')).toEqual([]);
      expect(await stores.consensus.listVotes('d2')).toHaveLength(1);
      expect(await stores.consensus.listAudit('d2')).toHaveLength(1);
    });

    it("writes a document's creation entry with it, and its deletion entry with the deletion — the one entry that outlives it", async () => {
      const created = entry({ docId: 'd3', action: 'doc.created', blockId: null, details: { title: 'New' } });
      await stores.docs.createDoc({ id: 'd3', title: 'New' }, created);
      expect((await stores.consensus.listAudit('d3')).map((e) => [e.action, e.details])).toEqual([['doc.created', { title: 'New' }]]);
      // A refused creation (the id is taken) writes no entry.
      const before = await stores.consensus.lastAuditSeq();
      await expect(stores.docs.createDoc({ id: 'd3', title: 'Again' }, created)).rejects.toThrow(StoreError);
      expect(await stores.consensus.lastAuditSeq()).toBe(before);

      await stores.consensus.putVote(vote({ docId: 'd3' }));
      const deleted = entry({ docId: 'd3', action: 'doc.deleted', blockId: null, at: at(9), details: { title: 'New' } });
      expect(await stores.docs.deleteDoc('d3', deleted)).toBe(true);
      const log = await stores.consensus.listAudit('d3');
      expect(log.map((e) => [e.action, e.actorId, e.at, e.details])).toEqual([['doc.deleted', 'u1', at(9), { title: 'New' }]]);
      expect(log[0]!.seq).toBeGreaterThan(before);
      expect((await stores.consensus.listAuditAfter(before)).map((e) => e.action)).toContain('doc.deleted');
      // Deleting what is not there writes nothing.
      const last = await stores.consensus.lastAuditSeq();
      expect(await stores.docs.deleteDoc('d3', deleted)).toBe(false);
      expect(await stores.consensus.lastAuditSeq()).toBe(last);
    });
  });
}
