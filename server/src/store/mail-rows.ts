/** An outbox email as both SQL backends store it (same columns), and the one mapping to the store's shape. */
import type { MailState, StoredMail } from './mail-types.js';

export interface MailRow {
  id: string;
  key: string;
  user_id: string | null;
  doc_id: string | null;
  kind: string;
  to_addr: string;
  subject: string;
  text_body: string;
  html_body: string;
  digest_line: string;
  state: MailState;
  attempts: number;
  next_attempt_at: string;
  created_at: string;
  sent_at: string | null;
  last_error: string | null;
}

export const toMail = (r: MailRow): StoredMail => ({
  id: r.id,
  key: r.key,
  userId: r.user_id,
  docId: r.doc_id,
  kind: r.kind,
  to: r.to_addr,
  subject: r.subject,
  text: r.text_body,
  html: r.html_body,
  digestLine: r.digest_line,
  state: r.state,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  createdAt: r.created_at,
  sentAt: r.sent_at,
  lastError: r.last_error,
});
