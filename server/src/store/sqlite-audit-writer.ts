/**
 * Writes audit entries inside other SQLite stores' transactions, so a change and
 * its audit entry are committed together or not at all.
 */
import type { NewAuditEntry } from './types.js';
import type { SqliteDb } from './sqlite-database.js';

export class SqliteAuditWriter {
  private readonly insertStmt;

  constructor(private readonly db: SqliteDb) {
    this.insertStmt = db.prepare('INSERT INTO audit_log (doc_id, at, actor_id, action, block_id, details) VALUES (?, ?, ?, ?, ?, ?)');
  }

  /** Runs `change` and, when given and `changed(result)` says so, inserts `audit`, in one transaction. */
  withAudit<T>(audit: NewAuditEntry | undefined, change: () => T, changed: (result: T) => boolean = () => true): T {
    return this.db.transaction(() => {
      const result = change();
      if (audit && changed(result))
        this.insertStmt.run(audit.docId, audit.at, audit.actorId, audit.action, audit.blockId, JSON.stringify(audit.details));
      return result;
    })();
  }
}
