import type { AuditEntry, ConsensusStore, StoredVote } from './types.js';

export class MemoryConsensusStore implements ConsensusStore {
  private readonly votes = new Map<string, StoredVote>();
  private readonly rules = new Map<string, unknown>();
  private readonly audit: AuditEntry[] = [];

  async putVote(v: StoredVote): Promise<void> {
    this.votes.set(key(v.docId, v.blockId, v.userId), { ...v });
    await this.appendAudit({
      docId: v.docId,
      at: v.at,
      actorId: v.userId,
      action: 'vote.cast',
      blockId: v.blockId,
      details: { stance: v.stance, reason: v.reason, fingerprint: v.fingerprint, text: v.text },
    });
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

  async getRule(docId: string): Promise<unknown | undefined> {
    return this.rules.get(docId);
  }

  async setRule(docId: string, rule: unknown, actorId: string, at: string): Promise<void> {
    this.rules.set(docId, structuredClone(rule));
    await this.appendAudit({ docId, at, actorId, action: 'rule.changed', blockId: null, details: { rule } });
  }

  async appendAudit(entry: Omit<AuditEntry, 'seq'>): Promise<void> {
    this.audit.push({ ...entry, seq: this.audit.length + 1, details: structuredClone(entry.details) });
  }

  async listAudit(docId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    return this.audit.filter((e) => e.docId === docId && e.seq > (options.afterSeq ?? 0)).slice(0, Math.min(options.limit ?? 1000, 10_000));
  }

  forgetDoc(docId: string): void {
    for (const [k, v] of this.votes) if (v.docId === docId) this.votes.delete(k);
    this.rules.delete(docId);
    for (let i = this.audit.length - 1; i >= 0; i--) if (this.audit[i]!.docId === docId) this.audit.splice(i, 1);
  }
}

const key = (docId: string, blockId: string, userId: string) => `${docId}\u0000${blockId}\u0000${userId}`;
