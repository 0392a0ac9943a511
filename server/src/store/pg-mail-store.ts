/** The email outbox and preferences on PostgreSQL: a mail's key is unique, so an event queued twice (by any process) is mailed once. */
import type { EmailMode } from '@concord/shared';
import { StoreError } from './types.js';
import type { MailStore, StoredMail } from './mail-types.js';
import { insertAudit, PG_FOREIGN_KEY_VIOLATION, pgCode, type PgQuery, type PgSql } from './pg-database.js';
import type { NewAuditEntry } from './audit-types.js';
import { toMail, type MailRow } from './mail-rows.js';

export class PgMailStore implements MailStore {
  constructor(private readonly sql: PgSql) {}

  async enqueue(list: readonly StoredMail[]): Promise<StoredMail[]> {
    return foreignKeys(() =>
      this.sql.begin(async (tx) => {
        const queued: StoredMail[] = [];
        for (const m of list) if (await insertMail(tx, m)) queued.push(m);
        return queued;
      }),
    );
  }

  async due(now: string, limit: number): Promise<StoredMail[]> {
    const rows = await this.sql<MailRow[]>`
      SELECT * FROM mail_outbox WHERE state = 'pending' AND next_attempt_at COLLATE "C" <= ${now} ORDER BY seq LIMIT ${limit}`;
    return rows.map(toMail);
  }

  async held(limit: number): Promise<StoredMail[]> {
    return (await this.sql<MailRow[]>`SELECT * FROM mail_outbox WHERE state = 'held' ORDER BY seq LIMIT ${limit}`).map(toMail);
  }

  async fold(digest: StoredMail, heldIds: readonly string[]): Promise<boolean> {
    return foreignKeys(() =>
      this.sql.begin(async (tx) => {
        if (!(await insertMail(tx, digest))) return false;
        if (heldIds.length > 0) await tx`UPDATE mail_outbox SET state = 'digested' WHERE id IN ${tx([...heldIds])} AND state = 'held'`;
        return true;
      }),
    );
  }

  async update(id: string, change: Parameters<MailStore['update']>[1]): Promise<void> {
    const columns = {
      state: 'state',
      attempts: 'attempts',
      nextAttemptAt: 'next_attempt_at',
      sentAt: 'sent_at',
      lastError: 'last_error',
    } as const;
    const set = Object.fromEntries(
      Object.entries(change)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [columns[k as keyof typeof columns], v as string | number | null]),
    );
    if (Object.keys(set).length === 0) return;
    await this.sql`UPDATE mail_outbox SET ${this.sql(set)} WHERE id = ${id}`;
  }

  async failed(docId: string, limit: number): Promise<StoredMail[]> {
    const rows = await this.sql<MailRow[]>`
      SELECT * FROM mail_outbox WHERE doc_id = ${docId} AND state = 'failed' ORDER BY seq DESC LIMIT ${limit}`;
    return rows.map(toMail);
  }

  async byKey(key: string): Promise<StoredMail | undefined> {
    const [row] = await this.sql<MailRow[]>`SELECT * FROM mail_outbox WHERE key = ${key}`;
    return row ? toMail(row) : undefined;
  }

  async modes(userId: string): Promise<Map<string, EmailMode>> {
    const rows = await this.sql<{ doc_id: string; mode: EmailMode }[]>`SELECT doc_id, mode FROM mail_settings WHERE user_id = ${userId}`;
    return new Map(rows.map((r) => [r.doc_id, r.mode]));
  }

  async setMode(userId: string, docId: string, mode: EmailMode, audit?: NewAuditEntry): Promise<void> {
    await foreignKeys(() =>
      this.sql.begin(async (tx) => {
        await tx`INSERT INTO mail_settings (user_id, doc_id, mode) VALUES (${userId}, ${docId}, ${mode})
                 ON CONFLICT (user_id, doc_id) DO UPDATE SET mode = excluded.mode`;
        if (audit) await insertAudit(tx, audit);
      }),
    );
  }
}

/**
 * Queues one mail in the transaction `tx`; true when it is new (its key was not
 * queued before). Other stores queue through it what they owe with their change
 * (an invitation's email).
 */
export async function insertMail(tx: PgQuery, m: StoredMail): Promise<boolean> {
  const result = await tx`
    INSERT INTO mail_outbox (id, key, user_id, doc_id, kind, to_addr, subject, text_body, html_body, digest_line, state,
      attempts, next_attempt_at, created_at, sent_at, last_error)
    VALUES (${m.id}, ${m.key}, ${m.userId}, ${m.docId}, ${m.kind}, ${m.to}, ${m.subject}, ${m.text}, ${m.html}, ${m.digestLine},
      ${m.state}, ${m.attempts}, ${m.nextAttemptAt}, ${m.createdAt}, ${m.sentAt}, ${m.lastError})
    ON CONFLICT (key) DO NOTHING`;
  return result.count > 0;
}

async function foreignKeys<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (pgCode(err) === PG_FOREIGN_KEY_VIOLATION) throw new StoreError('unknown user or document', 'not_found');
    throw err;
  }
}
