import type { CommentStore, ConsensusStore, DocStore, NewAuditEntry, StoredComment, StoredThread } from './types.js';
import { StoreError } from './types.js';

/** Mirrors the SQLite store, including its foreign keys (via `docs`) and cascade (`forgetDoc`). */
export class MemoryCommentStore implements CommentStore {
  private readonly threads = new Map<string, StoredThread>();
  private readonly comments = new Map<string, StoredComment>();

  constructor(
    private readonly docs: Pick<DocStore, 'getDoc'>,
    /** Where audit entries go (the consensus store's log); its append runs synchronously, so nothing comes between. */
    private readonly auditLog: Pick<ConsensusStore, 'appendAudit'>,
  ) {}

  async createThread(thread: StoredThread, first: StoredComment, audit?: NewAuditEntry): Promise<void> {
    if (!(await this.docs.getDoc(thread.docId))) throw new StoreError('unknown document', 'not_found');
    if (this.threads.has(thread.id) || this.comments.has(first.id)) throw new StoreError('thread or comment id taken', 'conflict');
    this.threads.set(thread.id, { ...thread });
    this.comments.set(first.id, { ...first, threadId: thread.id, docId: thread.docId });
    if (audit) void this.auditLog.appendAudit(audit);
  }

  async addComment(comment: StoredComment, audit?: NewAuditEntry): Promise<void> {
    const thread = this.threads.get(comment.threadId);
    if (!thread || thread.docId !== comment.docId) throw new StoreError('no such thread in this document', 'not_found');
    if (this.comments.has(comment.id)) throw new StoreError('comment id taken', 'conflict');
    this.comments.set(comment.id, { ...comment });
    if (audit) void this.auditLog.appendAudit(audit);
  }

  async getThread(docId: string, threadId: string): Promise<StoredThread | undefined> {
    const t = this.threads.get(threadId);
    return t && t.docId === docId ? { ...t } : undefined;
  }

  async getComment(docId: string, commentId: string): Promise<StoredComment | undefined> {
    const c = this.comments.get(commentId);
    return c && c.docId === docId ? { ...c } : undefined;
  }

  async listThreads(docId: string): Promise<StoredThread[]> {
    return [...this.threads.values()].filter((t) => t.docId === docId).map((t) => ({ ...t }));
  }

  async listComments(docId: string): Promise<StoredComment[]> {
    return [...this.comments.values()].filter((c) => c.docId === docId).map((c) => ({ ...c }));
  }

  async listThreadComments(docId: string, threadIds: readonly string[]): Promise<StoredComment[]> {
    const wanted = new Set(threadIds);
    return [...this.comments.values()].filter((c) => c.docId === docId && wanted.has(c.threadId)).map((c) => ({ ...c }));
  }

  async countComments(docId: string): Promise<number> {
    return [...this.comments.values()].filter((c) => c.docId === docId).length;
  }

  async threadIdsCommentedBy(docId: string, userId: string): Promise<Set<string>> {
    return new Set([...this.comments.values()].filter((c) => c.docId === docId && c.authorId === userId).map((c) => c.threadId));
  }

  async editComment(docId: string, commentId: string, text: string, at: string, audit?: NewAuditEntry): Promise<StoredComment | undefined> {
    const c = this.comments.get(commentId);
    if (!c || c.docId !== docId || c.deletedAt !== null) return undefined;
    const edited = { ...c, text, editedAt: at };
    this.comments.set(commentId, edited);
    if (audit) void this.auditLog.appendAudit(audit);
    return { ...edited };
  }

  async deleteComment(docId: string, commentId: string, at: string, audit?: NewAuditEntry): Promise<StoredComment | undefined> {
    const c = this.comments.get(commentId);
    if (!c || c.docId !== docId || c.deletedAt !== null) return undefined;
    const deleted = { ...c, text: '', deletedAt: at };
    this.comments.set(commentId, deleted);
    if (audit) void this.auditLog.appendAudit(audit);
    return { ...deleted };
  }

  async setThreadStatus(
    docId: string,
    threadId: string,
    status: StoredThread['status'],
    by: string | null,
    at: string | null,
    audit?: NewAuditEntry,
  ): Promise<StoredThread | undefined> {
    const t = this.threads.get(threadId);
    if (!t || t.docId !== docId) return undefined;
    const resolved = status === 'resolved';
    const next: StoredThread = { ...t, status, resolvedBy: resolved ? by : null, resolvedAt: resolved ? at : null };
    this.threads.set(threadId, next);
    if (audit) void this.auditLog.appendAudit(audit);
    return { ...next };
  }

  /** Documents are deleted elsewhere; the memory store mirrors SQLite's cascade. */
  forgetDoc(docId: string): void {
    for (const [k, t] of this.threads) if (t.docId === docId) this.threads.delete(k);
    for (const [k, c] of this.comments) if (c.docId === docId) this.comments.delete(k);
  }
}
