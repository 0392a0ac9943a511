/** A notification as both SQL backends store it (same columns), and the one mapping to the store's shape. */
import type { NotificationKind, StoredNotification } from './types.js';

export interface NotificationRow {
  id: string;
  user_id: string;
  doc_id: string;
  kind: NotificationKind;
  block_id: string | null;
  thread_id: string | null;
  actor_id: string | null;
  text: string;
  created_at: string;
  read_at: string | null;
  dedupe_key: string | null;
}

export const toNotification = (r: NotificationRow): StoredNotification => ({
  id: r.id,
  userId: r.user_id,
  docId: r.doc_id,
  kind: r.kind,
  blockId: r.block_id,
  threadId: r.thread_id,
  actorId: r.actor_id,
  text: r.text,
  createdAt: r.created_at,
  readAt: r.read_at,
  dedupeKey: r.dedupe_key,
});
