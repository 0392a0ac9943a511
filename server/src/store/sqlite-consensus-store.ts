import type { AuditEntry, ConsensusStore, StoredVote, VoteBatch } from './types.js';
import type { SqliteDb } from './sqlite-database.js';
import { toVote, toAudit, type VoteRow, type AuditRow } from './consensus-rows.js';

import { batchAuditEntry, voteAuditEntry } from './vote-audit.js';

/** Documents whose votes are kept in memory (most recently read last). */
const CACHED_DOCS = 32;

export class SqliteConsensusStore implements ConsensusStore {
  private readonly stmt;
  /**
   * Each document's votes as last read, with the `vote_generations` counter they were read at.
   * The consensus view, the stale-agreement check, threads and synthesis all read a document's
   * votes — 24,000 rows with their voted text on a reviewed 150-page report, ~0.1 s and megabytes
   * of garbage per read, several reads a second while people type (issues 11, 21). The counter is
   * bumped by triggers on every change to the votes table, from any path or connection, so a
   * cached list is returned only while it is exactly what the table holds. Frozen: callers share it.
   */
  private readonly cached = new Map<string, { generation: number; votes: StoredVote[] }>();

  constructor(private readonly db: SqliteDb) {
    this.stmt = {
      upsertVote: db.prepare(
        `INSERT INTO votes (doc_id, block_id, user_id, stance, reason, fingerprint, text, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(doc_id, block_id, user_id) DO UPDATE SET stance = excluded.stance, reason = excluded.reason,
           fingerprint = excluded.fingerprint, text = excluded.text, at = excluded.at`,
      ),
      deleteVote: db.prepare('DELETE FROM votes WHERE doc_id = ? AND block_id = ? AND user_id = ?'),
      votes: db.prepare<[string], VoteRow>('SELECT * FROM votes WHERE doc_id = ? ORDER BY block_id, user_id'),
      generation: db.prepare<[string], { generation: number }>('SELECT generation FROM vote_generations WHERE doc_id = ?'),
      rule: db.prepare<[string], { rule: string }>('SELECT rule FROM doc_rules WHERE doc_id = ?'),
      upsertRule: db.prepare('INSERT INTO doc_rules (doc_id, rule) VALUES (?, ?) ON CONFLICT(doc_id) DO UPDATE SET rule = excluded.rule'),
      audit: db.prepare('INSERT INTO audit_log (doc_id, at, actor_id, action, block_id, details) VALUES (?, ?, ?, ?, ?, ?)'),
      listAudit: db.prepare<[string, number, number], AuditRow>(
        'SELECT * FROM audit_log WHERE doc_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      ),
      auditAfter: db.prepare<[number, number], AuditRow>('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?'),
      lastAuditSeq: db.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM audit_log'),
    };
  }

  async putVote(v: StoredVote): Promise<void> {
    this.db.transaction(() => {
      this.stmt.upsertVote.run(v.docId, v.blockId, v.userId, v.stance, v.reason, v.fingerprint, v.text, v.at);
      this.insertAudit(voteAuditEntry(v));
    })();
  }

  async putVotes(votes: readonly StoredVote[], batch: VoteBatch): Promise<void> {
    this.db.transaction(() => {
      const batchSeq = Number(this.insertAudit(batchAuditEntry(votes, batch)));
      for (const v of votes) {
        this.stmt.upsertVote.run(v.docId, v.blockId, v.userId, v.stance, v.reason, v.fingerprint, v.text, v.at);
        this.insertAudit(voteAuditEntry(v, batchSeq));
      }
    })();
  }

  async withdrawVote(docId: string, blockId: string, userId: string, at: string): Promise<boolean> {
    return this.db.transaction(() => {
      const removed = this.stmt.deleteVote.run(docId, blockId, userId).changes > 0;
      if (removed) this.insertAudit({ docId, at, actorId: userId, action: 'vote.withdrawn', blockId, details: {} });
      return removed;
    })();
  }

  async listVotes(docId: string): Promise<StoredVote[]> {
    // Counter first: a change landing between the two reads only makes the next call read again.
    const generation = this.stmt.generation.get(docId)?.generation ?? 0;
    const hit = this.cached.get(docId);
    if (hit?.generation === generation) {
      this.cached.delete(docId);
      this.cached.set(docId, hit);
      return hit.votes;
    }
    const votes = Object.freeze(this.stmt.votes.all(docId).map((row) => Object.freeze(toVote(row)))) as StoredVote[];
    this.cached.delete(docId);
    this.cached.set(docId, { generation, votes });
    if (this.cached.size > CACHED_DOCS) this.cached.delete(this.cached.keys().next().value!);
    return votes;
  }

  async getRule(docId: string): Promise<unknown> {
    const row = this.stmt.rule.get(docId);
    return row ? (JSON.parse(row.rule) as unknown) : undefined;
  }

  async setRule(docId: string, rule: unknown, actorId: string, at: string): Promise<void> {
    this.db.transaction(() => {
      this.stmt.upsertRule.run(docId, JSON.stringify(rule));
      this.insertAudit({ docId, at, actorId, action: 'rule.changed', blockId: null, details: { rule } });
    })();
  }

  async appendAudit(entry: Omit<AuditEntry, 'seq'>): Promise<void> {
    this.insertAudit(entry);
  }

  async listAudit(docId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    return this.stmt.listAudit.all(docId, options.afterSeq ?? 0, Math.min(options.limit ?? 1000, 10_000)).map(toAudit);
  }

  async listAuditAfter(afterSeq: number, options: { limit?: number } = {}): Promise<AuditEntry[]> {
    return this.stmt.auditAfter.all(afterSeq, Math.min(options.limit ?? 1000, 10_000)).map(toAudit);
  }

  async lastAuditSeq(): Promise<number> {
    return this.stmt.lastAuditSeq.get()?.seq ?? 0;
  }

  /** Returns the entry's seq. */
  private insertAudit(e: Omit<AuditEntry, 'seq'>): number | bigint {
    return this.stmt.audit.run(e.docId, e.at, e.actorId, e.action, e.blockId, JSON.stringify(e.details)).lastInsertRowid;
  }
}
