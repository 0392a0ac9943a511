/** Proposals in memory, for tests and the contract suite; mirrors the SQLite store's conditions and audit (store/proposal-audit.ts). */
import { StoreError, type ProposalStore } from './types.js';
import type { ProposalAdoption, ProposalRevision, StoredProposal, StoredProposalVote } from './proposal-types.js';
import type { MemoryConsensusStore } from './memory-consensus-store.js';
import * as entries from './proposal-audit.js';
import type { MemoryDocStore } from './memory-doc-store.js';

export class MemoryProposalStore implements ProposalStore {
  private readonly proposals = new Map<string, StoredProposal>();
  private readonly votes: StoredProposalVote[] = [];

  constructor(
    private readonly docs: MemoryDocStore,
    private readonly consensus: MemoryConsensusStore,
  ) {}

  async create(p: StoredProposal): Promise<void> {
    if (!(await this.docs.getDoc(p.docId))) throw new StoreError('unknown document', 'not_found');
    this.proposals.set(p.id, structuredClone(p));
    await this.consensus.appendAudit(entries.proposalCreatedEntry(p));
  }

  async get(docId: string, proposalId: string): Promise<StoredProposal | undefined> {
    const p = this.find(docId, proposalId);
    return p ? structuredClone(p) : undefined;
  }

  async list(docId: string, filter: { state?: StoredProposal['state']; blockId?: string } = {}): Promise<StoredProposal[]> {
    return [...this.proposals.values()]
      .filter(
        (p) =>
          p.docId === docId &&
          (filter.state === undefined || p.state === filter.state) &&
          (filter.blockId === undefined || p.blockId === filter.blockId),
      )
      .map((p) => structuredClone(p));
  }

  async listVotes(docId: string): Promise<StoredProposalVote[]> {
    return this.votes
      .filter((v) => v.docId === docId)
      .map((v) => ({ ...v }))
      .sort((a, b) => a.at.localeCompare(b.at) || a.userId.localeCompare(b.userId));
  }

  async revise(docId: string, proposalId: string, r: ProposalRevision, actorId: string, at: string): Promise<StoredProposal | undefined> {
    const p = this.find(docId, proposalId);
    if (!p || p.state !== 'open') return undefined;
    Object.assign(p, structuredClone(r), { revision: p.revision + 1, updatedAt: at });
    await this.consensus.appendAudit(entries.proposalRevisedEntry(p, r, actorId, at));
    return structuredClone(p);
  }

  async putVote(v: StoredProposalVote): Promise<boolean> {
    const p = this.find(v.docId, v.proposalId);
    if (!p || p.state !== 'open' || p.revision !== v.revision) return false;
    const i = this.votes.findIndex((x) => x.proposalId === v.proposalId && x.userId === v.userId && x.revision === v.revision);
    if (i >= 0) this.votes.splice(i, 1);
    this.votes.push({ ...v });
    await this.consensus.appendAudit(entries.proposalVotedEntry(v, p.blockId));
    return true;
  }

  async withdrawVote(docId: string, proposalId: string, userId: string, at: string): Promise<boolean> {
    const p = this.find(docId, proposalId);
    if (!p || p.state !== 'open') return false;
    const i = this.votes.findIndex((x) => x.proposalId === proposalId && x.userId === userId && x.revision === p.revision);
    if (i < 0) return false;
    this.votes.splice(i, 1);
    await this.consensus.appendAudit(entries.proposalVoteWithdrawnEntry(docId, proposalId, p.blockId, userId, at));
    return true;
  }

  async close(...[docId, proposalId, closedAs, actorId, at]: Parameters<ProposalStore['close']>): ReturnType<ProposalStore['close']> {
    const p = this.find(docId, proposalId);
    if (!p || p.state !== 'open') return undefined;
    Object.assign(p, { state: 'closed', closedAs, resolvedBy: actorId, resolvedAt: at, updatedAt: at });
    await this.consensus.appendAudit(entries.proposalClosedEntry(p, closedAs, actorId, at));
    return structuredClone(p);
  }

  async adopt(a: ProposalAdoption): Promise<StoredProposal | undefined> {
    const p = this.find(a.docId, a.proposalId);
    // Checked and set before any await, so two adoptions cannot both pass.
    if (!p || p.state !== 'open' || p.revision !== a.revision) return undefined;
    Object.assign(p, { state: 'adopted', forced: a.forced, resolvedBy: a.actorId, resolvedAt: a.at, updatedAt: a.at });
    await this.consensus.appendAudit(entries.proposalAdoptedEntry(a, p));
    for (const v of a.blockVotes) await this.consensus.putVote(v, entries.adoptionVoteEntry(v, p.id));
    return structuredClone(p);
  }

  forgetDoc(docId: string): void {
    for (const [id, p] of this.proposals) if (p.docId === docId) this.proposals.delete(id);
    for (let i = this.votes.length - 1; i >= 0; i--) if (this.votes[i]!.docId === docId) this.votes.splice(i, 1);
  }

  private find(docId: string, proposalId: string): StoredProposal | undefined {
    const p = this.proposals.get(proposalId);
    return p && p.docId === docId ? p : undefined;
  }
}
