/** Notifications on PostgreSQL; (user, document, dedupe key) unique, as sqlite-notification-store.ts. */
import type { NotificationKind, NotificationStore, StoredNotification } from './types.js';
import { StoreError } from './types.js';
import { PG_FOREIGN_KEY_VIOLATION, pgCode, type PgSql } from './pg-database.js';
import { toNotification, type NotificationRow } from './notification-rows.js';

export class PgNotificationStore implements NotificationStore {
  constructor(private readonly sql: PgSql) {}

  async add(list: StoredNotification[]): Promise<StoredNotification[]> {
    try {
      return await this.sql.begin(async (tx) => {
        const stored: StoredNotification[] = [];
        for (const n of list) {
          const result = await tx`
            INSERT INTO notifications (id, user_id, doc_id, kind, block_id, thread_id, actor_id, text, created_at, read_at, dedupe_key)
            VALUES (${n.id}, ${n.userId}, ${n.docId}, ${n.kind}, ${n.blockId}, ${n.threadId}, ${n.actorId}, ${n.text},
                    ${n.createdAt}, ${n.readAt}, ${n.dedupeKey})
            ON CONFLICT (user_id, doc_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING`;
          if (result.count > 0) stored.push(n);
        }
        return stored;
      });
    } catch (err) {
      if (pgCode(err) === PG_FOREIGN_KEY_VIOLATION) throw new StoreError('unknown user or document', 'not_found');
      throw err;
    }
  }

  // A notice whose actor is its recipient is a record of their own action: kept for de-duplication, never listed or counted.
  async list(userId: string, options: { unreadOnly?: boolean; limit: number; docIds?: readonly string[] }): Promise<StoredNotification[]> {
    if (options.docIds?.length === 0) return [];
    const sql = this.sql;
    const rows = await sql<NotificationRow[]>`
      SELECT * FROM notifications WHERE user_id = ${userId} AND (actor_id IS NULL OR actor_id <> user_id)
      ${options.unreadOnly ? sql`AND read_at IS NULL` : sql``}
      ${options.docIds ? sql`AND doc_id IN ${sql([...options.docIds])}` : sql``}
      ORDER BY seq DESC LIMIT ${Math.max(0, Math.floor(options.limit))}`;
    return rows.map(toNotification);
  }

  async unreadCount(userId: string, options: { docIds?: readonly string[] } = {}): Promise<number> {
    if (options.docIds?.length === 0) return 0;
    const sql = this.sql;
    const [row] = await sql<{ n: number }[]>`
      SELECT COUNT(*) AS n FROM notifications WHERE user_id = ${userId} AND (actor_id IS NULL OR actor_id <> user_id) AND read_at IS NULL
      ${options.docIds ? sql`AND doc_id IN ${sql([...options.docIds])}` : sql``}`;
    return row?.n ?? 0;
  }

  async markRead(userId: string, ids: readonly string[] | 'all', at: string): Promise<number> {
    if (ids === 'all')
      return (await this.sql`UPDATE notifications SET read_at = ${at} WHERE user_id = ${userId} AND read_at IS NULL`).count;
    if (ids.length === 0) return 0;
    const result = await this.sql`
      UPDATE notifications SET read_at = ${at} WHERE user_id = ${userId} AND id IN ${this.sql([...ids])} AND read_at IS NULL`;
    return result.count;
  }

  async listOfDoc(docId: string, kind: NotificationKind): Promise<StoredNotification[]> {
    const rows = await this.sql<NotificationRow[]>`SELECT * FROM notifications WHERE doc_id = ${docId} AND kind = ${kind} ORDER BY seq`;
    return rows.map(toNotification);
  }

  async remove(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return (await this.sql`DELETE FROM notifications WHERE id IN ${this.sql([...ids])}`).count;
  }
}
