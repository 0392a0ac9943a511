/** Comment threads on PostgreSQL; every change with its audit entry in one transaction (as sqlite-comment-store.ts). */
import type { CommentStore, NewAuditEntry, StoredComment, StoredThread } from './types.js';
import { StoreError } from './types.js';
import { insertAudit, PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION, pgCode, type PgQuery, type PgSql } from './pg-database.js';
import { toComment, toThread, type CommentRow, type ThreadRow } from './comment-rows.js';

export class PgCommentStore implements CommentStore {
  /** Comment rows read so far: lets tests check that a request's reads do not grow with the document. */
  commentRowsRead = 0;

  constructor(private readonly sql: PgSql) {}

  async createThread(t: StoredThread, first: StoredComment, audit?: NewAuditEntry): Promise<void> {
    try {
      await this.sql.begin(async (tx) => {
        await tx`
          INSERT INTO comment_threads (id, doc_id, block_id, quote, anchor_text, created_by, created_at, status, resolved_by, resolved_at)
          VALUES (${t.id}, ${t.docId}, ${t.blockId}, ${t.quote}, ${t.anchorText}, ${t.createdBy}, ${t.createdAt}, ${t.status},
                  ${t.resolvedBy}, ${t.resolvedAt})`;
        await insertComment(tx, { ...first, threadId: t.id, docId: t.docId });
        if (audit) await insertAudit(tx, audit);
      });
    } catch (err) {
      if (pgCode(err) === PG_FOREIGN_KEY_VIOLATION) throw new StoreError('unknown document', 'not_found');
      if (pgCode(err) === PG_UNIQUE_VIOLATION) throw new StoreError('thread or comment id taken', 'conflict');
      throw err;
    }
  }

  async addComment(c: StoredComment, audit?: NewAuditEntry): Promise<void> {
    if (!(await this.getThread(c.docId, c.threadId))) throw new StoreError('no such thread in this document', 'not_found');
    try {
      await this.sql.begin(async (tx) => {
        await insertComment(tx, c);
        if (audit) await insertAudit(tx, audit);
      });
    } catch (err) {
      if (pgCode(err) === PG_UNIQUE_VIOLATION) throw new StoreError('comment id taken', 'conflict');
      if (pgCode(err) === PG_FOREIGN_KEY_VIOLATION) throw new StoreError('no such thread in this document', 'not_found');
      throw err;
    }
  }

  async getThread(docId: string, threadId: string): Promise<StoredThread | undefined> {
    const [row] = await this.sql<ThreadRow[]>`SELECT * FROM comment_threads WHERE doc_id = ${docId} AND id = ${threadId}`;
    return row ? toThread(row) : undefined;
  }

  async getComment(docId: string, commentId: string): Promise<StoredComment | undefined> {
    const rows = await this.sql<CommentRow[]>`SELECT * FROM comments WHERE doc_id = ${docId} AND id = ${commentId}`;
    return this.read(rows)[0];
  }

  async listThreads(docId: string): Promise<StoredThread[]> {
    return (await this.sql<ThreadRow[]>`SELECT * FROM comment_threads WHERE doc_id = ${docId} ORDER BY seq`).map(toThread);
  }

  async listComments(docId: string): Promise<StoredComment[]> {
    return this.read(await this.sql<CommentRow[]>`SELECT * FROM comments WHERE doc_id = ${docId} ORDER BY seq`);
  }

  async listThreadComments(docId: string, threadIds: readonly string[]): Promise<StoredComment[]> {
    if (threadIds.length === 0) return [];
    return this.read(
      await this.sql<CommentRow[]>`
        SELECT * FROM comments WHERE doc_id = ${docId} AND thread_id IN ${this.sql([...threadIds])} ORDER BY seq`,
    );
  }

  async countComments(docId: string): Promise<number> {
    const [row] = await this.sql<{ n: number }[]>`SELECT COUNT(*) AS n FROM comments WHERE doc_id = ${docId}`;
    return row?.n ?? 0;
  }

  async threadIdsCommentedBy(docId: string, userId: string): Promise<Set<string>> {
    const rows = await this.sql<{ thread_id: string }[]>`
      SELECT DISTINCT thread_id FROM comments WHERE doc_id = ${docId} AND author_id = ${userId}`;
    return new Set(rows.map((r) => r.thread_id));
  }

  private read(rows: readonly CommentRow[]): StoredComment[] {
    this.commentRowsRead += rows.length;
    return rows.map(toComment);
  }

  async editComment(docId: string, commentId: string, text: string, at: string, audit?: NewAuditEntry): Promise<StoredComment | undefined> {
    const rows = await this.changeWithAudit(
      audit,
      (tx) => tx<CommentRow[]>`
        UPDATE comments SET text = ${text}, edited_at = ${at}
        WHERE doc_id = ${docId} AND id = ${commentId} AND deleted_at IS NULL RETURNING *`,
    );
    return this.read(rows)[0];
  }

  async deleteComment(docId: string, commentId: string, at: string, audit?: NewAuditEntry): Promise<StoredComment | undefined> {
    const rows = await this.changeWithAudit(
      audit,
      (tx) => tx<CommentRow[]>`
        UPDATE comments SET text = '', deleted_at = ${at}
        WHERE doc_id = ${docId} AND id = ${commentId} AND deleted_at IS NULL RETURNING *`,
    );
    return this.read(rows)[0];
  }

  async setThreadStatus(
    docId: string,
    threadId: string,
    status: StoredThread['status'],
    by: string | null,
    at: string | null,
    audit?: NewAuditEntry,
  ): Promise<StoredThread | undefined> {
    const resolved = status === 'resolved';
    const rows = await this.changeWithAudit(
      audit,
      (tx) => tx<ThreadRow[]>`
        UPDATE comment_threads SET status = ${status}, resolved_by = ${resolved ? by : null}, resolved_at = ${resolved ? at : null}
        WHERE doc_id = ${docId} AND id = ${threadId} RETURNING *`,
    );
    return rows[0] ? toThread(rows[0]) : undefined;
  }

  /** Runs an UPDATE … RETURNING and, when it changed a row, writes `audit`, in one transaction. */
  private async changeWithAudit<R>(audit: NewAuditEntry | undefined, change: (tx: PgQuery) => Promise<readonly R[]>): Promise<R[]> {
    return this.sql.begin(async (tx) => {
      const rows = [...(await change(tx))];
      if (rows.length > 0 && audit) await insertAudit(tx, audit);
      return rows;
    }) as Promise<R[]>;
  }
}

async function insertComment(tx: PgQuery, c: StoredComment): Promise<void> {
  await tx`
    INSERT INTO comments (id, thread_id, doc_id, author_id, text, created_at, edited_at, deleted_at)
    VALUES (${c.id}, ${c.threadId}, ${c.docId}, ${c.authorId}, ${c.text}, ${c.createdAt}, ${c.editedAt}, ${c.deletedAt})`;
}
