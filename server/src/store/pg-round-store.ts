/** Review rounds on PostgreSQL: opening and closing each written with its audit entry in one transaction; closing only once. */
import { StoreError, type NewAuditEntry } from './types.js';
import type { RoundClosing, RoundStore, StoredRound } from './round-types.js';
import { insertAudit, PG_FOREIGN_KEY_VIOLATION, pgCode, type PgSql } from './pg-database.js';
import { toRound, type RoundRow } from './round-rows.js';

export class PgRoundStore implements RoundStore {
  constructor(private readonly sql: PgSql) {}

  async create(r: StoredRound, audit: NewAuditEntry): Promise<void> {
    try {
      await this.sql.begin(async (tx) => {
        await tx`
          INSERT INTO review_rounds (id, doc_id, created_by, created_at, deadline, message, section_ids, reminder_hours, reminded_at, state)
          VALUES (${r.id}, ${r.docId}, ${r.createdBy}, ${r.createdAt}, ${r.deadline}, ${r.message},
                  ${r.sectionIds === null ? null : JSON.stringify(r.sectionIds)}, ${r.reminderHours}, ${r.remindedAt}, 'open')`;
        await insertAudit(tx, audit);
      });
    } catch (err) {
      if (pgCode(err) === PG_FOREIGN_KEY_VIOLATION) throw new StoreError('unknown document', 'not_found');
      throw err;
    }
  }

  async get(docId: string, roundId: string): Promise<StoredRound | undefined> {
    const [row] = await this.sql<RoundRow[]>`SELECT * FROM review_rounds WHERE doc_id = ${docId} AND id = ${roundId}`;
    return row ? toRound(row) : undefined;
  }

  async list(docId: string): Promise<StoredRound[]> {
    return (await this.sql<RoundRow[]>`SELECT * FROM review_rounds WHERE doc_id = ${docId} ORDER BY seq DESC`).map(toRound);
  }

  async listOpen(): Promise<StoredRound[]> {
    return (await this.sql<RoundRow[]>`SELECT * FROM review_rounds WHERE state = 'open' ORDER BY deadline COLLATE "C", seq`).map(toRound);
  }

  async close(docId: string, roundId: string, c: RoundClosing, audit: NewAuditEntry): Promise<StoredRound | undefined> {
    return this.sql.begin(async (tx) => {
      const [row] = await tx<RoundRow[]>`
        UPDATE review_rounds SET state = 'closed', closed_at = ${c.closedAt}, closed_by = ${c.closedBy},
          closed_reason = ${c.closedReason}, outcome = ${JSON.stringify(c.outcome)}
        WHERE doc_id = ${docId} AND id = ${roundId} AND state = 'open' RETURNING *`;
      if (!row) return undefined;
      await insertAudit(tx, audit);
      return toRound(row);
    });
  }

  async markReminded(docId: string, roundId: string, at: string): Promise<boolean> {
    const result = await this.sql`
      UPDATE review_rounds SET reminded_at = ${at}
      WHERE doc_id = ${docId} AND id = ${roundId} AND state = 'open' AND reminded_at IS NULL`;
    return result.count > 0;
  }
}
