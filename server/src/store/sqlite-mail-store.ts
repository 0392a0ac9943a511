/** The email outbox and preferences in SQLite: a mail's key is unique, so an event queued twice is mailed once. */
import type { EmailMode } from '@concord/shared';
import { StoreError } from './types.js';
import type { MailStore, StoredMail } from './mail-types.js';
import type { SqliteDb } from './sqlite-database.js';
import type { SqliteAuditWriter } from './sqlite-audit-writer.js';
import type { NewAuditEntry } from './audit-types.js';
import { toMail, type MailRow } from './mail-rows.js';

/**
 * Queues one mail, inside the caller's transaction if there is one (better-sqlite3
 * runs it there); true when it is new (its key was not queued before). Other stores
 * queue through it what they owe with their change (an invitation's email).
 */
export function outboxInsert(db: SqliteDb): (m: StoredMail) => boolean {
  const insert = db.prepare(
    `INSERT INTO mail_outbox (id, key, user_id, doc_id, kind, to_addr, subject, text_body, html_body, digest_line, state,
       attempts, next_attempt_at, created_at, sent_at, last_error)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
  );
  return (m) =>
    insert.run(
      m.id,
      m.key,
      m.userId,
      m.docId,
      m.kind,
      m.to,
      m.subject,
      m.text,
      m.html,
      m.digestLine,
      m.state,
      m.attempts,
      m.nextAttemptAt,
      m.createdAt,
      m.sentAt,
      m.lastError,
    ).changes > 0;
}

export class SqliteMailStore implements MailStore {
  private readonly stmt;
  private readonly insert: (m: StoredMail) => boolean;

  constructor(
    private readonly db: SqliteDb,
    private readonly audit: SqliteAuditWriter,
  ) {
    this.insert = outboxInsert(db);
    this.stmt = {
      due: db.prepare<[string, number], MailRow>(
        "SELECT * FROM mail_outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY seq LIMIT ?",
      ),
      held: db.prepare<[number], MailRow>("SELECT * FROM mail_outbox WHERE state = 'held' ORDER BY seq LIMIT ?"),
      digested: db.prepare("UPDATE mail_outbox SET state = 'digested' WHERE id = ? AND state = 'held'"),
      failed: db.prepare<[string, number], MailRow>(
        "SELECT * FROM mail_outbox WHERE doc_id = ? AND state = 'failed' ORDER BY seq DESC LIMIT ?",
      ),
      byKey: db.prepare<[string], MailRow>('SELECT * FROM mail_outbox WHERE key = ?'),
      modes: db.prepare<[string], { doc_id: string; mode: EmailMode }>('SELECT doc_id, mode FROM mail_settings WHERE user_id = ?'),
      setMode: db.prepare(
        'INSERT INTO mail_settings (user_id, doc_id, mode) VALUES (?, ?, ?) ON CONFLICT (user_id, doc_id) DO UPDATE SET mode = excluded.mode',
      ),
    };
  }

  async enqueue(list: readonly StoredMail[]): Promise<StoredMail[]> {
    return this.foreignKeys(() => this.db.transaction(() => list.filter((m) => this.insert(m)))());
  }

  async due(now: string, limit: number): Promise<StoredMail[]> {
    return this.stmt.due.all(now, limit).map(toMail);
  }

  async held(limit: number): Promise<StoredMail[]> {
    return this.stmt.held.all(limit).map(toMail);
  }

  async fold(digest: StoredMail, heldIds: readonly string[]): Promise<boolean> {
    return this.foreignKeys(() =>
      this.db.transaction(() => {
        if (!this.insert(digest)) return false;
        for (const id of heldIds) this.stmt.digested.run(id);
        return true;
      })(),
    );
  }

  async update(id: string, change: Parameters<MailStore['update']>[1]): Promise<void> {
    const columns: Record<string, string> = {
      state: 'state',
      attempts: 'attempts',
      nextAttemptAt: 'next_attempt_at',
      sentAt: 'sent_at',
      lastError: 'last_error',
    };
    const set = Object.entries(change).filter(([, v]) => v !== undefined);
    const sql = `UPDATE mail_outbox SET ${set.map(([k]) => `${columns[k]} = ?`).join(', ')} WHERE id = ?`;
    this.db.prepare(sql).run(...set.map(([, v]) => v), id);
  }

  async failed(docId: string, limit: number): Promise<StoredMail[]> {
    return this.stmt.failed.all(docId, limit).map(toMail);
  }

  async byKey(key: string): Promise<StoredMail | undefined> {
    const row = this.stmt.byKey.get(key);
    return row ? toMail(row) : undefined;
  }

  async modes(userId: string): Promise<Map<string, EmailMode>> {
    return new Map(this.stmt.modes.all(userId).map((r) => [r.doc_id, r.mode]));
  }

  async setMode(userId: string, docId: string, mode: EmailMode, audit?: NewAuditEntry): Promise<void> {
    this.foreignKeys(() => this.audit.withAudit(audit, () => this.stmt.setMode.run(userId, docId, mode)));
  }

  private foreignKeys<T>(work: () => T): T {
    try {
      return work();
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new StoreError('unknown user or document', 'not_found');
      throw err;
    }
  }
}
