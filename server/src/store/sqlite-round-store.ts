/** Review rounds in SQLite: opening and closing each written with its audit entry in one transaction; closing only once. */
import { StoreError, type NewAuditEntry } from './types.js';
import type { RoundClosing, RoundStore, StoredRound } from './round-types.js';
import type { SqliteDb } from './sqlite-database.js';
import type { SqliteAuditWriter } from './sqlite-audit-writer.js';
import { toRound, type RoundRow } from './round-rows.js';

export class SqliteRoundStore implements RoundStore {
  private readonly stmt;

  constructor(
    db: SqliteDb,
    private readonly audit: SqliteAuditWriter,
  ) {
    this.stmt = {
      insert: db.prepare(
        `INSERT INTO review_rounds (id, doc_id, created_by, created_at, deadline, message, section_ids, reminder_hours, reminded_at, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')`,
      ),
      get: db.prepare<[string, string], RoundRow>('SELECT * FROM review_rounds WHERE doc_id = ? AND id = ?'),
      list: db.prepare<[string], RoundRow>('SELECT * FROM review_rounds WHERE doc_id = ? ORDER BY seq DESC'),
      open: db.prepare<[], RoundRow>("SELECT * FROM review_rounds WHERE state = 'open' ORDER BY deadline, seq"),
      close: db.prepare(
        `UPDATE review_rounds SET state = 'closed', closed_at = ?, closed_by = ?, closed_reason = ?, outcome = ?
         WHERE doc_id = ? AND id = ? AND state = 'open'`,
      ),
      remind: db.prepare("UPDATE review_rounds SET reminded_at = ? WHERE doc_id = ? AND id = ? AND state = 'open' AND reminded_at IS NULL"),
    };
  }

  async create(r: StoredRound, audit: NewAuditEntry): Promise<void> {
    try {
      this.audit.withAudit(audit, () =>
        this.stmt.insert.run(
          r.id,
          r.docId,
          r.createdBy,
          r.createdAt,
          r.deadline,
          r.message,
          r.sectionIds === null ? null : JSON.stringify(r.sectionIds),
          r.reminderHours,
          r.remindedAt,
        ),
      );
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new StoreError('unknown document', 'not_found');
      throw err;
    }
  }

  async get(docId: string, roundId: string): Promise<StoredRound | undefined> {
    const row = this.stmt.get.get(docId, roundId);
    return row ? toRound(row) : undefined;
  }

  async list(docId: string): Promise<StoredRound[]> {
    return this.stmt.list.all(docId).map(toRound);
  }

  async listOpen(): Promise<StoredRound[]> {
    return this.stmt.open.all().map(toRound);
  }

  async close(docId: string, roundId: string, c: RoundClosing, audit: NewAuditEntry): Promise<StoredRound | undefined> {
    const changed = this.audit.withAudit(
      audit,
      () => this.stmt.close.run(c.closedAt, c.closedBy, c.closedReason, JSON.stringify(c.outcome), docId, roundId).changes,
      (n) => n > 0,
    );
    return changed > 0 ? this.get(docId, roundId) : undefined;
  }

  async markReminded(docId: string, roundId: string, at: string): Promise<boolean> {
    return this.stmt.remind.run(at, docId, roundId).changes > 0;
  }
}
