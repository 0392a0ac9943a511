/** ProposalStore contract: state changes are conditional on the proposal being open, and each is audited. */
import { describe, expect, it, vi } from 'vitest';
import { StoreError, type Stores, type StoredVote } from '../../src/store/types.js';
import type { ProposalAdoption, StoredProposal, StoredProposalVote } from '../../src/store/proposal-types.js';
import { storesPerTest, T0, type StoreFactory } from './factory.js';

const FP0 = '0'.repeat(64);
const FP1 = '1'.repeat(64);

function proposal(id: string, overrides: Partial<StoredProposal> = {}): StoredProposal {
  const at = new Date().toISOString();
  return {
    id,
    docId: 'd1',
    blockId: 'b1',
    authorId: 'u1',
    content: { type: 'paragraph', content: [{ type: 'text', text: `words of ${id}` }] },
    text: `words of ${id}`,
    fingerprint: FP1,
    rationale: 'clearer',
    base: FP0,
    baseText: 'old words',
    revision: 1,
    state: 'open',
    closedAs: null,
    forced: false,
    createdAt: at,
    updatedAt: at,
    resolvedBy: null,
    resolvedAt: null,
    ...overrides,
  };
}

export function proposalStoreContract(factory: StoreFactory): void {
  describe(`ProposalStore contract (${factory.name})`, () => {
    let stores: Stores;
    const advance = (ms = 1000) => vi.setSystemTime(new Date(Date.now() + ms));
    const now = () => new Date().toISOString();
    const actions = async () => (await stores.consensus.listAudit('d1')).map((e) => e.action);
    /** `userId` supports proposal p1 of d1 on its first revision, now, unless `over` says otherwise. */
    const proposalVote = (userId: string, over: Partial<StoredProposalVote> = {}): StoredProposalVote => ({
      docId: 'd1',
      proposalId: 'p1',
      userId,
      stance: 'support',
      reason: null,
      revision: 1,
      at: now(),
      ...over,
    });
    /** u1 adopts revision 1 of p1 now, unforced, moving no votes, unless `over` says otherwise. */
    const adoption = (over: Partial<ProposalAdoption> = {}): ProposalAdoption => ({
      docId: 'd1',
      proposalId: 'p1',
      revision: 1,
      actorId: 'u1',
      at: now(),
      forced: false,
      blockVotes: [],
      previousText: '',
      ...over,
    });

    storesPerTest(factory, { users: ['u1', 'u2', 'u3'], docs: true }, (s) => (stores = s));

    it('creates, reads and lists proposals per document, oldest first, with filters', async () => {
      await stores.proposals.create(proposal('p1'));
      advance();
      await stores.proposals.create(proposal('p2', { blockId: 'b2' }));
      await stores.proposals.create(proposal('p3', { docId: 'd2' }));
      expect(await stores.proposals.get('d1', 'p1')).toEqual(proposal('p1', { createdAt: T0.toISOString(), updatedAt: T0.toISOString() }));
      expect(await stores.proposals.get('d2', 'p1')).toBeUndefined();
      expect((await stores.proposals.list('d1')).map((p) => p.id)).toEqual(['p1', 'p2']);
      expect((await stores.proposals.list('d1', { blockId: 'b2' })).map((p) => p.id)).toEqual(['p2']);
      expect(await stores.proposals.list('d1', { state: 'adopted' })).toEqual([]);
      expect(await actions()).toEqual(['proposal.created', 'proposal.created']);
    });

    it('refuses a proposal on an unknown document, storing nothing', async () => {
      await expect(stores.proposals.create(proposal('p1', { docId: 'nope' }))).rejects.toBeInstanceOf(StoreError);
      expect(await stores.proposals.list('nope')).toEqual([]);
    });

    it('keeps one vote per person per revision; a revision keeps old votes as history', async () => {
      await stores.proposals.create(proposal('p1'));
      expect(await stores.proposals.putVote(proposalVote('u2', { stance: 'object', reason: 'no' }))).toBe(true);
      advance();
      expect(await stores.proposals.putVote(proposalVote('u2'))).toBe(true);
      expect(await stores.proposals.putVote(proposalVote('u3', { revision: 2 }))).toBe(false);
      const revised = await stores.proposals.revise(
        'd1',
        'p1',
        { content: { type: 'paragraph' }, text: '', fingerprint: FP0, rationale: null, base: FP1, baseText: 'x' },
        'u1',
        now(),
      );
      expect(revised).toMatchObject({ revision: 2, text: '', base: FP1, rationale: null });
      expect(await stores.proposals.putVote(proposalVote('u3', { revision: 2 }))).toBe(true);
      expect((await stores.proposals.listVotes('d1')).map((v) => [v.userId, v.stance, v.revision])).toEqual([
        ['u2', 'support', 1],
        ['u3', 'support', 2],
      ]);
    });

    it('withdraws only a vote on the current revision', async () => {
      await stores.proposals.create(proposal('p1'));
      await stores.proposals.putVote(proposalVote('u2'));
      expect(await stores.proposals.withdrawVote('d1', 'p1', 'u3', now())).toBe(false);
      expect(await stores.proposals.withdrawVote('d2', 'p1', 'u2', now())).toBe(false);
      expect(await stores.proposals.withdrawVote('d1', 'p1', 'u2', now())).toBe(true);
      expect(await stores.proposals.listVotes('d1')).toEqual([]);
      expect(await actions()).toEqual(['proposal.created', 'proposal.voted', 'proposal.vote_withdrawn']);
    });

    it('closes an open proposal once; a closed one takes no votes, revisions or adoption', async () => {
      await stores.proposals.create(proposal('p1'));
      advance();
      expect(await stores.proposals.close('d1', 'p1', 'withdrawn', 'u1', now())).toMatchObject({
        state: 'closed',
        closedAs: 'withdrawn',
        resolvedBy: 'u1',
      });
      expect(await stores.proposals.close('d1', 'p1', 'rejected', 'u2', now())).toBeUndefined();
      expect(await stores.proposals.putVote(proposalVote('u2'))).toBe(false);
      expect(
        await stores.proposals.revise(
          'd1',
          'p1',
          { content: {}, text: '', fingerprint: FP0, rationale: null, base: FP0, baseText: '' },
          'u1',
          now(),
        ),
      ).toBeUndefined();
      expect(await stores.proposals.adopt(adoption())).toBeUndefined();
      expect(await actions()).toEqual(['proposal.created', 'proposal.withdrawn']);
    });

    it('adopts atomically: state, block votes and audit together; only once, only at the expected revision', async () => {
      await stores.proposals.create(proposal('p1'));
      const vote: StoredVote = {
        docId: 'd1',
        blockId: 'b1',
        userId: 'u2',
        stance: 'agree',
        reason: null,
        fingerprint: FP1,
        text: 'words of p1',
        at: now(),
      };
      const dispute: StoredVote = { ...vote, userId: 'u3', stance: 'dispute', reason: 'prefer old' };
      await stores.consensus.putVote({ ...vote, fingerprint: FP0, text: 'old words' });
      expect(await stores.proposals.adopt(adoption({ revision: 2, blockVotes: [vote], previousText: 'old words' }))).toBeUndefined();
      const adopted = await stores.proposals.adopt(adoption({ forced: true, blockVotes: [vote, dispute], previousText: 'old words' }));
      expect(adopted).toMatchObject({ state: 'adopted', forced: true, resolvedBy: 'u1' });
      expect(await stores.proposals.adopt(adoption({ blockVotes: [vote] }))).toBeUndefined();
      // The supporter's earlier vote on the old text is replaced by an agree on the new text.
      expect(await stores.consensus.listVotes('d1')).toEqual([vote, dispute]);
      const audit = await stores.consensus.listAudit('d1');
      expect(audit.map((e) => e.action)).toEqual(['proposal.created', 'vote.cast', 'proposal.adopted', 'vote.cast', 'vote.cast']);
      expect(audit[2]!.details).toMatchObject({ proposalId: 'p1', forced: true, previousText: 'old words', text: 'words of p1' });
      expect(audit[3]!.details).toMatchObject({ viaProposal: 'p1', stance: 'agree', fingerprint: FP1 });
    });

    it('forgets proposals and their votes with their document', async () => {
      await stores.proposals.create(proposal('p1'));
      await stores.proposals.putVote(proposalVote('u2'));
      await stores.docs.deleteDoc('d1');
      expect(await stores.proposals.list('d1')).toEqual([]);
      expect(await stores.proposals.listVotes('d1')).toEqual([]);
    });
  });
}
