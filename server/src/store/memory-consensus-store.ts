import type { AuditEntry, ConsensusStore, NewAuditEntry, StoredVote, VoteBatch } from './types.js';
import { batchAuditEntry, voteAuditEntry } from './vote-audit.js';

export class MemoryConsensusStore implements ConsensusStore {
  private readonly votes = new Map<string, StoredVote>();
  private readonly rules = new Map<string, unknown>();
  private readonly audit: AuditEntry[] = [];
  /** Never reused, even after a document's entries are forgotten (like SQLite's AUTOINCREMENT). */
  private seq = 0;

  /** `audit` lets the proposal store record a vote an adoption made (store/proposal-audit.ts), as SQLite does. */
  async putVote(v: StoredVote, audit: NewAuditEntry = voteAuditEntry(v)): Promise<void> {
    this.votes.set(key(v.docId, v.blockId, v.userId), { ...v });
    await this.appendAudit(audit);
  }

  async putVotes(votes: readonly StoredVote[], batch: VoteBatch): Promise<void> {
    // Nothing here can fail half-way: no await between the first write and the last.
    const batchSeq = ++this.seq;
    this.audit.push({ ...batchAuditEntry(votes, batch), seq: batchSeq });
    for (const v of votes) {
      this.votes.set(key(v.docId, v.blockId, v.userId), { ...v });
      this.audit.push({ ...voteAuditEntry(v, batchSeq), seq: ++this.seq });
    }
  }

  async withdrawVote(docId: string, blockId: string, userId: string, at: string): Promise<boolean> {
    const removed = this.votes.delete(key(docId, blockId, userId));
    if (removed) await this.appendAudit({ docId, at, actorId: userId, action: 'vote.withdrawn', blockId, details: {} });
    return removed;
  }

  async listVotes(docId: string): Promise<StoredVote[]> {
    return [...this.votes.values()]
      .filter((v) => v.docId === docId)
      .map((v) => ({ ...v }))
      .sort((a, b) => a.blockId.localeCompare(b.blockId) || a.userId.localeCompare(b.userId));
  }

  async getRule(docId: string): Promise<unknown> {
    return this.rules.get(docId);
  }

  async setRule(docId: string, rule: unknown, actorId: string, at: string): Promise<void> {
    this.rules.set(docId, structuredClone(rule));
    await this.appendAudit({ docId, at, actorId, action: 'rule.changed', blockId: null, details: { rule } });
  }

  async appendAudit(entry: Omit<AuditEntry, 'seq'>): Promise<void> {
    this.audit.push({ ...entry, seq: ++this.seq, details: structuredClone(entry.details) });
  }

  async listAudit(docId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    return this.audit.filter((e) => e.docId === docId && e.seq > (options.afterSeq ?? 0)).slice(0, Math.min(options.limit ?? 1000, 10_000));
  }

  async listAuditAfter(afterSeq: number, options: { limit?: number } = {}): Promise<AuditEntry[]> {
    return this.audit.filter((e) => e.seq > afterSeq).slice(0, Math.min(options.limit ?? 1000, 10_000));
  }

  async lastAuditSeq(): Promise<number> {
    return this.seq;
  }

  forgetDoc(docId: string): void {
    for (const [k, v] of this.votes) if (v.docId === docId) this.votes.delete(k);
    this.rules.delete(docId);
    for (let i = this.audit.length - 1; i >= 0; i--) if (this.audit[i]!.docId === docId) this.audit.splice(i, 1);
  }
}

const key = (docId: string, blockId: string, userId: string) => `${docId}\u0000${blockId}\u0000${userId}`;
