/** Proposals in SQLite: each change and its audit entry (store/proposal-audit.ts) in one transaction; adoption conditional on state. */
import { StoreError, type NewAuditEntry } from './types.js';
import * as entries from './proposal-audit.js';
import type {
  ProposalAdoption,
  ProposalClosedAs,
  ProposalRevision,
  ProposalStore,
  StoredProposal,
  StoredProposalVote,
} from './proposal-types.js';
import type { SqliteDb } from './sqlite-database.js';
import { toProposal, toVote, type ProposalRow, type VoteRow } from './proposal-rows.js';

export class SqliteProposalStore implements ProposalStore {
  private readonly stmt;

  constructor(private readonly db: SqliteDb) {
    this.stmt = {
      insert: db.prepare(
        `INSERT INTO proposals (id, doc_id, block_id, author_id, content, text, fingerprint, rationale, base, base_text, revision, state, closed_as, forced, created_at, updated_at, resolved_by, resolved_at)
         VALUES (@id, @docId, @blockId, @authorId, @content, @text, @fingerprint, @rationale, @base, @baseText, @revision, @state, @closedAs, @forced, @createdAt, @updatedAt, @resolvedBy, @resolvedAt)`,
      ),
      docExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM documents WHERE id = ?'),
      get: db.prepare<[string, string], ProposalRow>('SELECT * FROM proposals WHERE doc_id = ? AND id = ?'),
      list: db.prepare<[string], ProposalRow>('SELECT * FROM proposals WHERE doc_id = ? ORDER BY seq'),
      votes: db.prepare<[string], VoteRow>('SELECT * FROM proposal_votes WHERE doc_id = ? ORDER BY at, user_id'),
      revise: db.prepare(
        `UPDATE proposals SET content = @content, text = @text, fingerprint = @fingerprint, rationale = @rationale, base = @base, base_text = @baseText,
           revision = revision + 1, updated_at = @at WHERE doc_id = @docId AND id = @id AND state = 'open'`,
      ),
      upsertVote: db.prepare(
        `INSERT INTO proposal_votes (proposal_id, doc_id, user_id, stance, reason, revision, at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(proposal_id, user_id, revision) DO UPDATE SET stance = excluded.stance, reason = excluded.reason, at = excluded.at`,
      ),
      deleteVote: db.prepare(
        `DELETE FROM proposal_votes WHERE proposal_id = ? AND user_id = ? AND revision =
           (SELECT revision FROM proposals WHERE id = ? AND doc_id = ? AND state = 'open')`,
      ),
      close: db.prepare(
        `UPDATE proposals SET state = 'closed', closed_as = ?, resolved_by = ?, resolved_at = ?, updated_at = ? WHERE doc_id = ? AND id = ? AND state = 'open'`,
      ),
      adopt: db.prepare(
        `UPDATE proposals SET state = 'adopted', forced = ?, resolved_by = ?, resolved_at = ?, updated_at = ? WHERE doc_id = ? AND id = ? AND state = 'open' AND revision = ?`,
      ),
      upsertBlockVote: db.prepare(
        `INSERT INTO votes (doc_id, block_id, user_id, stance, reason, fingerprint, text, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(doc_id, block_id, user_id) DO UPDATE SET stance = excluded.stance, reason = excluded.reason,
           fingerprint = excluded.fingerprint, text = excluded.text, at = excluded.at`,
      ),
      audit: db.prepare('INSERT INTO audit_log (doc_id, at, actor_id, action, block_id, details) VALUES (?, ?, ?, ?, ?, ?)'),
    };
  }

  async create(p: StoredProposal): Promise<void> {
    this.db.transaction(() => {
      if (!this.stmt.docExists.get(p.docId)) throw new StoreError('unknown document', 'not_found');
      this.stmt.insert.run({ ...p, content: JSON.stringify(p.content), forced: p.forced ? 1 : 0 });
      this.audit(entries.proposalCreatedEntry(p));
    })();
  }

  async get(docId: string, proposalId: string): Promise<StoredProposal | undefined> {
    const row = this.stmt.get.get(docId, proposalId);
    return row ? toProposal(row) : undefined;
  }

  async list(docId: string, filter: { state?: StoredProposal['state']; blockId?: string } = {}): Promise<StoredProposal[]> {
    return this.stmt.list
      .all(docId)
      .map(toProposal)
      .filter(
        (p) => (filter.state === undefined || p.state === filter.state) && (filter.blockId === undefined || p.blockId === filter.blockId),
      );
  }

  async listVotes(docId: string): Promise<StoredProposalVote[]> {
    return this.stmt.votes.all(docId).map(toVote);
  }

  async revise(docId: string, proposalId: string, r: ProposalRevision, actorId: string, at: string): Promise<StoredProposal | undefined> {
    return this.db.transaction(() => {
      const changed = this.stmt.revise.run({ ...r, content: JSON.stringify(r.content), at, docId, id: proposalId }).changes > 0;
      if (!changed) return undefined;
      const p = toProposal(this.stmt.get.get(docId, proposalId)!);
      this.audit(entries.proposalRevisedEntry(p, r, actorId, at));
      return p;
    })();
  }

  async putVote(v: StoredProposalVote): Promise<boolean> {
    return this.db.transaction(() => {
      const row = this.stmt.get.get(v.docId, v.proposalId);
      if (!row || row.state !== 'open' || row.revision !== v.revision) return false;
      this.stmt.upsertVote.run(v.proposalId, v.docId, v.userId, v.stance, v.reason, v.revision, v.at);
      this.audit(entries.proposalVotedEntry(v, row.block_id));
      return true;
    })();
  }

  async withdrawVote(docId: string, proposalId: string, userId: string, at: string): Promise<boolean> {
    return this.db.transaction(() => {
      const removed = this.stmt.deleteVote.run(proposalId, userId, proposalId, docId).changes > 0;
      if (removed)
        this.audit(entries.proposalVoteWithdrawnEntry(docId, proposalId, this.stmt.get.get(docId, proposalId)!.block_id, userId, at));
      return removed;
    })();
  }

  async close(
    docId: string,
    proposalId: string,
    closedAs: ProposalClosedAs,
    actorId: string,
    at: string,
  ): Promise<StoredProposal | undefined> {
    return this.db.transaction(() => {
      if (this.stmt.close.run(closedAs, actorId, at, at, docId, proposalId).changes === 0) return undefined;
      const p = toProposal(this.stmt.get.get(docId, proposalId)!);
      this.audit(entries.proposalClosedEntry(p, closedAs, actorId, at));
      return p;
    })();
  }

  async adopt(a: ProposalAdoption): Promise<StoredProposal | undefined> {
    return this.db.transaction(() => {
      if (this.stmt.adopt.run(a.forced ? 1 : 0, a.actorId, a.at, a.at, a.docId, a.proposalId, a.revision).changes === 0) return undefined;
      const p = toProposal(this.stmt.get.get(a.docId, a.proposalId)!);
      this.audit(entries.proposalAdoptedEntry(a, p));
      for (const v of a.blockVotes) {
        this.stmt.upsertBlockVote.run(v.docId, v.blockId, v.userId, v.stance, v.reason, v.fingerprint, v.text, v.at);
        this.audit(entries.adoptionVoteEntry(v, p.id));
      }
      return p;
    })();
  }

  private audit(e: NewAuditEntry): void {
    this.stmt.audit.run(e.docId, e.at, e.actorId, e.action, e.blockId, JSON.stringify(e.details));
  }
}
