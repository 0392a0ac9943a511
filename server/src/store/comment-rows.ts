/** Threads and comments as both SQL backends store them (same columns), and the one mapping to the store's shapes. */
import type { StoredComment, StoredThread } from './types.js';

export interface ThreadRow {
  id: string;
  doc_id: string;
  block_id: string;
  quote: string | null;
  anchor_text: string;
  created_by: string;
  created_at: string;
  status: StoredThread['status'];
  resolved_by: string | null;
  resolved_at: string | null;
}
export interface CommentRow {
  id: string;
  thread_id: string;
  doc_id: string;
  author_id: string;
  text: string;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
}

export const toThread = (r: ThreadRow): StoredThread => ({
  id: r.id,
  docId: r.doc_id,
  blockId: r.block_id,
  quote: r.quote,
  anchorText: r.anchor_text,
  createdBy: r.created_by,
  createdAt: r.created_at,
  status: r.status,
  resolvedBy: r.resolved_by,
  resolvedAt: r.resolved_at,
});
export const toComment = (r: CommentRow): StoredComment => ({
  id: r.id,
  threadId: r.thread_id,
  docId: r.doc_id,
  authorId: r.author_id,
  text: r.text,
  createdAt: r.created_at,
  editedAt: r.edited_at,
  deletedAt: r.deleted_at,
});
