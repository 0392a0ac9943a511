/**
 * The email outbox and each member's email preference per document (issue 19).
 * Mail is rendered when queued and sent by the worker (mail/mail-worker.ts); the
 * outbox is the durable record of what is owed to whom (docs/RELIABILITY.md, "Email").
 */
import type { EmailMode } from '@concord/shared';
import type { NewAuditEntry } from './audit-types.js';

export type MailState =
  /** Waiting to be sent (now, or at `nextAttemptAt` after a failure). */
  | 'pending'
  /** Waiting for the recipient's daily digest. */
  | 'held'
  | 'sent'
  /** Given up: refused by the server (5xx) or too many attempts; reported to the author. */
  | 'failed'
  /** Folded into a digest mail. */
  | 'digested'
  /** Not sent: the recipient left the document or chose no email before it went out. */
  | 'cancelled';

export interface StoredMail {
  id: string;
  /** Idempotency key, one per recipient and event: a second mail with the same key is never queued. */
  key: string;
  /**
   * The recipient's account; null for an invitation email, addressed to the email the
   * author typed, which may have no account (and whose row must not tell whether it has).
   */
  userId: string | null;
  /** null for a digest (it may cover several documents). */
  docId: string | null;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The line a digest shows for it (text; the link on its own line). */
  digestLine: string;
  state: MailState;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  sentAt: string | null;
  lastError: string | null;
}

export interface MailStore {
  /** Queues mails, skipping any whose key is already queued; returns those queued. */
  enqueue(mails: readonly StoredMail[]): Promise<StoredMail[]>;
  /** Pending mails due at `now`, oldest first. */
  due(now: string, limit: number): Promise<StoredMail[]>;
  /** Held mails (every recipient), oldest first. */
  held(limit: number): Promise<StoredMail[]>;
  /** Queues a digest and marks the mails it folds in `digested`, together; false (nothing written) if its key is taken. */
  fold(digest: StoredMail, heldIds: readonly string[]): Promise<boolean>;
  /** Moves a pending mail on: sent, retry later, failed or cancelled. */
  update(
    id: string,
    change: { state: MailState; attempts?: number; nextAttemptAt?: string; sentAt?: string; lastError?: string | null },
  ): Promise<void>;
  /** The document's failed mails, newest first. */
  failed(docId: string, limit: number): Promise<StoredMail[]>;
  /** The mail queued under this idempotency key, if any. */
  byKey(key: string): Promise<StoredMail | undefined>;
  /** The user's email preference per document (only those set). */
  modes(userId: string): Promise<Map<string, EmailMode>>;
  /** Sets the user's preference for the document; `audit` is appended in the same transaction. */
  setMode(userId: string, docId: string, mode: EmailMode, audit?: NewAuditEntry): Promise<void>;
}
