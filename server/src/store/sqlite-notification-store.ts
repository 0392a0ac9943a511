import type { NotificationKind, NotificationStore, StoredNotification } from './types.js';
import { StoreError } from './types.js';
import type { SqliteDb } from './sqlite-database.js';
import { toNotification, type NotificationRow } from './notification-rows.js';

/** `doc_id IN (…)` with one placeholder per id; an empty filter matches nothing. */
/** A notice whose actor is its recipient is a record of their own action: kept for de-duplication, never listed or counted. */
const NOT_OWN = ' AND (actor_id IS NULL OR actor_id <> user_id)';

function docFilter(docIds: readonly string[] | undefined): { sql: string; params: string[] } {
  if (!docIds) return { sql: '', params: [] };
  if (docIds.length === 0) return { sql: ' AND 0', params: [] };
  return { sql: ` AND doc_id IN (${docIds.map(() => '?').join(', ')})`, params: [...docIds] };
}

export class SqliteNotificationStore implements NotificationStore {
  private readonly stmt;

  constructor(private readonly db: SqliteDb) {
    this.stmt = {
      insert: db.prepare(
        `INSERT INTO notifications (id, user_id, doc_id, kind, block_id, thread_id, actor_id, text, created_at, read_at, dedupe_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id, doc_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING`,
      ),
      readAll: db.prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL'),
      readOne: db.prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL'),
      ofDoc: db.prepare<[string, string], NotificationRow>('SELECT * FROM notifications WHERE doc_id = ? AND kind = ? ORDER BY seq'),
      remove: db.prepare('DELETE FROM notifications WHERE id = ?'),
    };
  }

  async add(list: StoredNotification[]): Promise<StoredNotification[]> {
    try {
      return this.db.transaction(() =>
        list.filter(
          (n) =>
            this.stmt.insert.run(
              n.id,
              n.userId,
              n.docId,
              n.kind,
              n.blockId,
              n.threadId,
              n.actorId,
              n.text,
              n.createdAt,
              n.readAt,
              n.dedupeKey,
            ).changes > 0,
        ),
      )();
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new StoreError('unknown user or document', 'not_found');
      throw err;
    }
  }

  async list(userId: string, options: { unreadOnly?: boolean; limit: number; docIds?: readonly string[] }): Promise<StoredNotification[]> {
    const docs = docFilter(options.docIds);
    const sql = `SELECT * FROM notifications WHERE user_id = ?${NOT_OWN}${options.unreadOnly ? ' AND read_at IS NULL' : ''}${docs.sql} ORDER BY seq DESC LIMIT ?`;
    return this.db
      .prepare<unknown[], NotificationRow>(sql)
      .all(userId, ...docs.params, Math.max(0, Math.floor(options.limit)))
      .map(toNotification);
  }

  async unreadCount(userId: string, options: { docIds?: readonly string[] } = {}): Promise<number> {
    const docs = docFilter(options.docIds);
    const sql = `SELECT COUNT(*) AS n FROM notifications WHERE user_id = ?${NOT_OWN} AND read_at IS NULL${docs.sql}`;
    return this.db.prepare<unknown[], { n: number }>(sql).get(userId, ...docs.params)!.n;
  }

  async markRead(userId: string, ids: readonly string[] | 'all', at: string): Promise<number> {
    if (ids === 'all') return this.stmt.readAll.run(at, userId).changes;
    return this.db.transaction(() => ids.reduce((n, id) => n + this.stmt.readOne.run(at, userId, id).changes, 0))();
  }

  async listOfDoc(docId: string, kind: NotificationKind): Promise<StoredNotification[]> {
    return this.stmt.ofDoc.all(docId, kind).map(toNotification);
  }

  async remove(ids: readonly string[]): Promise<number> {
    return this.db.transaction(() => ids.reduce((n, id) => n + this.stmt.remove.run(id).changes, 0))();
  }
}
