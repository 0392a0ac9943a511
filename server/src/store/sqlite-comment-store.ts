import type { CommentStore, NewAuditEntry, StoredComment, StoredThread } from './types.js';
import { StoreError } from './types.js';
import type { SqliteDb } from './sqlite-database.js';
import type { SqliteAuditWriter } from './sqlite-audit-writer.js';
import { toComment, toThread, type CommentRow, type ThreadRow } from './comment-rows.js';

const isConstraint = (err: unknown) => String((err as { code?: string }).code).startsWith('SQLITE_CONSTRAINT');
const isForeignKey = (err: unknown) => (err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY';

export class SqliteCommentStore implements CommentStore {
  private readonly stmt;
  /** Comment rows read so far: lets tests check that a request's reads do not grow with the document. */
  commentRowsRead = 0;

  constructor(
    db: SqliteDb,
    private readonly audit: SqliteAuditWriter,
  ) {
    this.stmt = {
      insertThread: db.prepare(
        `INSERT INTO comment_threads (id, doc_id, block_id, quote, anchor_text, created_by, created_at, status, resolved_by, resolved_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertComment: db.prepare(
        'INSERT INTO comments (id, thread_id, doc_id, author_id, text, created_at, edited_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      thread: db.prepare<[string, string], ThreadRow>('SELECT * FROM comment_threads WHERE doc_id = ? AND id = ?'),
      comment: db.prepare<[string, string], CommentRow>('SELECT * FROM comments WHERE doc_id = ? AND id = ?'),
      threads: db.prepare<[string], ThreadRow>('SELECT * FROM comment_threads WHERE doc_id = ? ORDER BY seq'),
      comments: db.prepare<[string], CommentRow>('SELECT * FROM comments WHERE doc_id = ? ORDER BY seq'),
      threadComments: db.prepare<[string, string], CommentRow>(
        'SELECT * FROM comments WHERE doc_id = ? AND thread_id IN (SELECT value FROM json_each(?)) ORDER BY seq',
      ),
      count: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM comments WHERE doc_id = ?'),
      commentedBy: db.prepare<[string, string], { thread_id: string }>(
        'SELECT DISTINCT thread_id FROM comments WHERE doc_id = ? AND author_id = ?',
      ),
      edit: db.prepare('UPDATE comments SET text = ?, edited_at = ? WHERE doc_id = ? AND id = ? AND deleted_at IS NULL'),
      remove: db.prepare("UPDATE comments SET text = '', deleted_at = ? WHERE doc_id = ? AND id = ? AND deleted_at IS NULL"),
      status: db.prepare('UPDATE comment_threads SET status = ?, resolved_by = ?, resolved_at = ? WHERE doc_id = ? AND id = ?'),
    };
  }

  async createThread(t: StoredThread, first: StoredComment, audit?: NewAuditEntry): Promise<void> {
    try {
      this.audit.withAudit(audit, () => {
        this.stmt.insertThread.run(
          t.id,
          t.docId,
          t.blockId,
          t.quote,
          t.anchorText,
          t.createdBy,
          t.createdAt,
          t.status,
          t.resolvedBy,
          t.resolvedAt,
        );
        this.insertComment({ ...first, threadId: t.id, docId: t.docId });
      });
    } catch (err) {
      if (isForeignKey(err)) throw new StoreError('unknown document', 'not_found');
      if (isConstraint(err)) throw new StoreError('thread or comment id taken', 'conflict');
      throw err;
    }
  }

  async addComment(c: StoredComment, audit?: NewAuditEntry): Promise<void> {
    if (!this.stmt.thread.get(c.docId, c.threadId)) throw new StoreError('no such thread in this document', 'not_found');
    try {
      this.audit.withAudit(audit, () => this.insertComment(c));
    } catch (err) {
      if (isConstraint(err)) throw new StoreError('comment id taken', 'conflict');
      throw err;
    }
  }

  async getThread(docId: string, threadId: string): Promise<StoredThread | undefined> {
    const row = this.stmt.thread.get(docId, threadId);
    return row ? toThread(row) : undefined;
  }

  async getComment(docId: string, commentId: string): Promise<StoredComment | undefined> {
    const row = this.stmt.comment.get(docId, commentId);
    return row ? this.read([row])[0] : undefined;
  }

  async listThreads(docId: string): Promise<StoredThread[]> {
    return this.stmt.threads.all(docId).map(toThread);
  }

  async listComments(docId: string): Promise<StoredComment[]> {
    return this.read(this.stmt.comments.all(docId));
  }

  async listThreadComments(docId: string, threadIds: readonly string[]): Promise<StoredComment[]> {
    if (threadIds.length === 0) return [];
    return this.read(this.stmt.threadComments.all(docId, JSON.stringify(threadIds)));
  }

  async countComments(docId: string): Promise<number> {
    return this.stmt.count.get(docId)?.n ?? 0;
  }

  async threadIdsCommentedBy(docId: string, userId: string): Promise<Set<string>> {
    return new Set(this.stmt.commentedBy.all(docId, userId).map((r) => r.thread_id));
  }

  private read(rows: CommentRow[]): StoredComment[] {
    this.commentRowsRead += rows.length;
    return rows.map(toComment);
  }

  async editComment(docId: string, commentId: string, text: string, at: string, audit?: NewAuditEntry): Promise<StoredComment | undefined> {
    if (
      !this.audit.withAudit(
        audit,
        () => this.stmt.edit.run(text, at, docId, commentId).changes > 0,
        (changed) => changed,
      )
    )
      return undefined;
    return this.getComment(docId, commentId);
  }

  async deleteComment(docId: string, commentId: string, at: string, audit?: NewAuditEntry): Promise<StoredComment | undefined> {
    if (
      !this.audit.withAudit(
        audit,
        () => this.stmt.remove.run(at, docId, commentId).changes > 0,
        (changed) => changed,
      )
    )
      return undefined;
    return this.getComment(docId, commentId);
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
    const changed = this.audit.withAudit(
      audit,
      () => this.stmt.status.run(status, resolved ? by : null, resolved ? at : null, docId, threadId).changes > 0,
      (c) => c,
    );
    if (!changed) return undefined;
    return this.getThread(docId, threadId);
  }

  private insertComment(c: StoredComment): void {
    this.stmt.insertComment.run(c.id, c.threadId, c.docId, c.authorId, c.text, c.createdAt, c.editedAt, c.deletedAt);
  }
}
