/**
 * Votes, rules and the audit log on PostgreSQL. Votes are kept in memory per
 * document and read again only when the document's vote generation moved (a
 * trigger bumps it on every change, from any process): as sqlite-consensus-store.ts.
 */
import type { AuditEntry, ConsensusStore, StoredVote, VoteBatch } from './types.js';
import { insertAudit, type PgQuery, type PgSql } from './pg-database.js';
import { batchAuditEntry, voteAuditEntry } from './vote-audit.js';
import { toVote, toAudit, type VoteRow, type AuditRow } from './consensus-rows.js';

/** Documents whose votes are kept in memory (most recently read last). */
const CACHED_DOCS = 32;

/** Records (or replaces) a user's vote on a block, inside the caller's transaction. */
export async function upsertVote(tx: PgQuery, v: StoredVote): Promise<void> {
  await tx`
    INSERT INTO votes (doc_id, block_id, user_id, stance, reason, fingerprint, text, at)
    VALUES (${v.docId}, ${v.blockId}, ${v.userId}, ${v.stance}, ${v.reason}, ${v.fingerprint}, ${v.text}, ${v.at})
    ON CONFLICT (doc_id, block_id, user_id) DO UPDATE SET stance = excluded.stance, reason = excluded.reason,
      fingerprint = excluded.fingerprint, text = excluded.text, at = excluded.at`;
}

export class PgConsensusStore implements ConsensusStore {
  /** Each document's votes as last read, with the generation they were read at. Frozen: callers share them. */
  private readonly cached = new Map<string, { generation: number; votes: StoredVote[] }>();

  constructor(private readonly sql: PgSql) {}

  async putVote(v: StoredVote): Promise<void> {
    await this.sql.begin(async (tx) => {
      await upsertVote(tx, v);
      await insertAudit(tx, voteAuditEntry(v));
    });
  }

  async putVotes(votes: readonly StoredVote[], batch: VoteBatch): Promise<void> {
    await this.sql.begin(async (tx) => {
      const batchSeq = await insertAudit(tx, batchAuditEntry(votes, batch));
      for (const v of votes) {
        await upsertVote(tx, v);
        await insertAudit(tx, voteAuditEntry(v, batchSeq));
      }
    });
  }

  async withdrawVote(docId: string, blockId: string, userId: string, at: string): Promise<boolean> {
    return this.sql.begin(async (tx) => {
      const removed = (await tx`DELETE FROM votes WHERE doc_id = ${docId} AND block_id = ${blockId} AND user_id = ${userId}`).count > 0;
      if (removed) await insertAudit(tx, { docId, at, actorId: userId, action: 'vote.withdrawn', blockId, details: {} });
      return removed;
    });
  }

  async listVotes(docId: string): Promise<StoredVote[]> {
    // Counter first: a change landing between the two reads only makes the next call read again.
    const [gen] = await this.sql<{ generation: number }[]>`SELECT generation FROM vote_generations WHERE doc_id = ${docId}`;
    const generation = gen?.generation ?? 0;
    const hit = this.cached.get(docId);
    if (hit?.generation === generation) {
      this.cached.delete(docId);
      this.cached.set(docId, hit);
      return hit.votes;
    }
    const rows = await this.sql<VoteRow[]>`
      SELECT * FROM votes WHERE doc_id = ${docId} ORDER BY block_id COLLATE "C", user_id COLLATE "C"`;
    const votes = Object.freeze(rows.map((row) => Object.freeze(toVote(row)))) as StoredVote[];
    this.cached.delete(docId);
    this.cached.set(docId, { generation, votes });
    if (this.cached.size > CACHED_DOCS) this.cached.delete(this.cached.keys().next().value!);
    return votes;
  }

  async getRule(docId: string): Promise<unknown> {
    const [row] = await this.sql<{ rule: string }[]>`SELECT rule FROM doc_rules WHERE doc_id = ${docId}`;
    return row ? (JSON.parse(row.rule) as unknown) : undefined;
  }

  async setRule(docId: string, rule: unknown, actorId: string, at: string): Promise<void> {
    await this.sql.begin(async (tx) => {
      await tx`INSERT INTO doc_rules (doc_id, rule) VALUES (${docId}, ${JSON.stringify(rule)})
               ON CONFLICT (doc_id) DO UPDATE SET rule = excluded.rule`;
      await insertAudit(tx, { docId, at, actorId, action: 'rule.changed', blockId: null, details: { rule } });
    });
  }

  async appendAudit(entry: Omit<AuditEntry, 'seq'>): Promise<void> {
    await insertAudit(this.sql, entry);
  }

  async listAudit(docId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    const rows = await this.sql<AuditRow[]>`
      SELECT * FROM audit_log WHERE doc_id = ${docId} AND seq > ${options.afterSeq ?? 0}
      ORDER BY seq LIMIT ${Math.min(options.limit ?? 1000, 10_000)}`;
    return rows.map(toAudit);
  }

  async listAuditAfter(afterSeq: number, options: { limit?: number } = {}): Promise<AuditEntry[]> {
    const rows = await this.sql<AuditRow[]>`
      SELECT * FROM audit_log WHERE seq > ${afterSeq} ORDER BY seq LIMIT ${Math.min(options.limit ?? 1000, 10_000)}`;
    return rows.map(toAudit);
  }

  async lastAuditSeq(): Promise<number> {
    const [row] = await this.sql<{ seq: number | null }[]>`SELECT MAX(seq) AS seq FROM audit_log`;
    return row?.seq ?? 0;
  }
}
