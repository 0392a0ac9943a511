/** Proposals on PostgreSQL: each change and its audit entry (proposal-audit.ts) in one transaction; adoption conditional on state. */
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
import { insertAudit, PG_FOREIGN_KEY_VIOLATION, pgCode, type PgQuery, type PgSql } from './pg-database.js';
import { upsertVote } from './pg-consensus-store.js';
import { toProposal, toVote, type ProposalRow, type VoteRow } from './proposal-rows.js';

export class PgProposalStore implements ProposalStore {
  constructor(private readonly sql: PgSql) {}

  async create(p: StoredProposal): Promise<void> {
    try {
      await this.sql.begin(async (tx) => {
        await tx`
          INSERT INTO proposals (id, doc_id, block_id, author_id, content, text, fingerprint, rationale, base, base_text, revision,
            state, closed_as, forced, created_at, updated_at, resolved_by, resolved_at)
          VALUES (${p.id}, ${p.docId}, ${p.blockId}, ${p.authorId}, ${JSON.stringify(p.content)}, ${p.text}, ${p.fingerprint},
            ${p.rationale}, ${p.base}, ${p.baseText}, ${p.revision}, ${p.state}, ${p.closedAs}, ${p.forced}, ${p.createdAt},
            ${p.updatedAt}, ${p.resolvedBy}, ${p.resolvedAt})`;
        await audit(tx, entries.proposalCreatedEntry(p));
      });
    } catch (err) {
      if (pgCode(err) === PG_FOREIGN_KEY_VIOLATION) throw new StoreError('unknown document', 'not_found');
      throw err;
    }
  }

  async get(docId: string, proposalId: string): Promise<StoredProposal | undefined> {
    return getProposal(this.sql, docId, proposalId);
  }

  async list(docId: string, filter: { state?: StoredProposal['state']; blockId?: string } = {}): Promise<StoredProposal[]> {
    const rows = await this.sql<ProposalRow[]>`SELECT * FROM proposals WHERE doc_id = ${docId} ORDER BY seq`;
    return rows
      .map(toProposal)
      .filter(
        (p) => (filter.state === undefined || p.state === filter.state) && (filter.blockId === undefined || p.blockId === filter.blockId),
      );
  }

  async listVotes(docId: string): Promise<StoredProposalVote[]> {
    const rows = await this.sql<VoteRow[]>`
      SELECT * FROM proposal_votes WHERE doc_id = ${docId} ORDER BY at COLLATE "C", user_id COLLATE "C"`;
    return rows.map(toVote);
  }

  async revise(docId: string, proposalId: string, r: ProposalRevision, actorId: string, at: string): Promise<StoredProposal | undefined> {
    return this.sql.begin(async (tx) => {
      const [row] = await tx<ProposalRow[]>`
        UPDATE proposals SET content = ${JSON.stringify(r.content)}, text = ${r.text}, fingerprint = ${r.fingerprint},
          rationale = ${r.rationale}, base = ${r.base}, base_text = ${r.baseText}, revision = revision + 1, updated_at = ${at}
        WHERE doc_id = ${docId} AND id = ${proposalId} AND state = 'open' RETURNING *`;
      if (!row) return undefined;
      const p = toProposal(row);
      await audit(tx, entries.proposalRevisedEntry(p, r, actorId, at));
      return p;
    });
  }

  async putVote(v: StoredProposalVote): Promise<boolean> {
    return this.sql.begin(async (tx) => {
      // Locked: a revision or closing waits for this vote, or this vote sees it.
      const [row] = await tx<ProposalRow[]>`SELECT * FROM proposals WHERE doc_id = ${v.docId} AND id = ${v.proposalId} FOR UPDATE`;
      if (!row || row.state !== 'open' || row.revision !== v.revision) return false;
      await tx`
        INSERT INTO proposal_votes (proposal_id, doc_id, user_id, stance, reason, revision, at)
        VALUES (${v.proposalId}, ${v.docId}, ${v.userId}, ${v.stance}, ${v.reason}, ${v.revision}, ${v.at})
        ON CONFLICT (proposal_id, user_id, revision) DO UPDATE SET stance = excluded.stance, reason = excluded.reason, at = excluded.at`;
      await audit(tx, entries.proposalVotedEntry(v, row.block_id));
      return true;
    });
  }

  async withdrawVote(docId: string, proposalId: string, userId: string, at: string): Promise<boolean> {
    return this.sql.begin(async (tx) => {
      const [row] = await tx<ProposalRow[]>`SELECT * FROM proposals WHERE doc_id = ${docId} AND id = ${proposalId} FOR UPDATE`;
      if (!row || row.state !== 'open') return false;
      const removed =
        (await tx`DELETE FROM proposal_votes WHERE proposal_id = ${proposalId} AND user_id = ${userId} AND revision = ${row.revision}`)
          .count > 0;
      if (removed) await audit(tx, entries.proposalVoteWithdrawnEntry(docId, proposalId, row.block_id, userId, at));
      return removed;
    });
  }

  async close(
    docId: string,
    proposalId: string,
    closedAs: ProposalClosedAs,
    actorId: string,
    at: string,
  ): Promise<StoredProposal | undefined> {
    return this.sql.begin(async (tx) => {
      const [row] = await tx<ProposalRow[]>`
        UPDATE proposals SET state = 'closed', closed_as = ${closedAs}, resolved_by = ${actorId}, resolved_at = ${at}, updated_at = ${at}
        WHERE doc_id = ${docId} AND id = ${proposalId} AND state = 'open' RETURNING *`;
      if (!row) return undefined;
      const p = toProposal(row);
      await audit(tx, entries.proposalClosedEntry(p, closedAs, actorId, at));
      return p;
    });
  }

  async adopt(a: ProposalAdoption): Promise<StoredProposal | undefined> {
    return this.sql.begin(async (tx) => {
      const [row] = await tx<ProposalRow[]>`
        UPDATE proposals SET state = 'adopted', forced = ${a.forced}, resolved_by = ${a.actorId}, resolved_at = ${a.at}, updated_at = ${a.at}
        WHERE doc_id = ${a.docId} AND id = ${a.proposalId} AND state = 'open' AND revision = ${a.revision} RETURNING *`;
      if (!row) return undefined;
      const p = toProposal(row);
      await audit(tx, entries.proposalAdoptedEntry(a, p));
      for (const v of a.blockVotes) {
        await upsertVote(tx, v);
        await audit(tx, entries.adoptionVoteEntry(v, p.id));
      }
      return p;
    });
  }
}

async function getProposal(sql: PgQuery, docId: string, proposalId: string): Promise<StoredProposal | undefined> {
  const [row] = await sql<ProposalRow[]>`SELECT * FROM proposals WHERE doc_id = ${docId} AND id = ${proposalId}`;
  return row ? toProposal(row) : undefined;
}

async function audit(tx: PgQuery, e: NewAuditEntry): Promise<void> {
  await insertAudit(tx, e);
}
