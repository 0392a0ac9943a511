/** Review rounds in memory, for tests and the contract suite; mirrors the SQLite store. */
import { StoreError, type NewAuditEntry } from './types.js';
import type { RoundClosing, RoundStore, StoredRound } from './round-types.js';
import type { MemoryConsensusStore } from './memory-consensus-store.js';
import type { MemoryDocStore } from './memory-doc-store.js';

export class MemoryRoundStore implements RoundStore {
  /** Oldest first. */
  private readonly rounds: StoredRound[] = [];

  constructor(
    private readonly docs: MemoryDocStore,
    private readonly consensus: MemoryConsensusStore,
  ) {}

  async create(round: StoredRound, audit: NewAuditEntry): Promise<void> {
    if (!(await this.docs.getDoc(round.docId))) throw new StoreError('unknown document', 'not_found');
    if (this.rounds.some((r) => r.id === round.id)) throw new StoreError('round exists', 'conflict');
    this.rounds.push(structuredClone(round));
    await this.consensus.appendAudit(audit);
  }

  async get(docId: string, roundId: string): Promise<StoredRound | undefined> {
    const r = this.find(docId, roundId);
    return r ? structuredClone(r) : undefined;
  }

  async list(docId: string): Promise<StoredRound[]> {
    return this.rounds
      .filter((r) => r.docId === docId)
      .reverse()
      .map((r) => structuredClone(r));
  }

  async listOpen(): Promise<StoredRound[]> {
    return this.rounds
      .filter((r) => r.state === 'open')
      .sort((a, b) => a.deadline.localeCompare(b.deadline))
      .map((r) => structuredClone(r));
  }

  async close(docId: string, roundId: string, closing: RoundClosing, audit: NewAuditEntry): Promise<StoredRound | undefined> {
    const r = this.find(docId, roundId);
    // Checked and set before any await: two closings cannot both pass.
    if (!r || r.state !== 'open') return undefined;
    Object.assign(r, { state: 'closed', ...structuredClone(closing) });
    await this.consensus.appendAudit(audit);
    return structuredClone(r);
  }

  async markReminded(docId: string, roundId: string, at: string): Promise<boolean> {
    const r = this.find(docId, roundId);
    if (!r || r.state !== 'open' || r.remindedAt !== null) return false;
    r.remindedAt = at;
    return true;
  }

  forgetDoc(docId: string): void {
    for (let i = this.rounds.length - 1; i >= 0; i--) if (this.rounds[i]!.docId === docId) this.rounds.splice(i, 1);
  }

  private find(docId: string, roundId: string): StoredRound | undefined {
    return this.rounds.find((r) => r.id === roundId && r.docId === docId);
  }
}
