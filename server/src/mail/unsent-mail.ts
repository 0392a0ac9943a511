/**
 * The one constructor of a new outbox row (store/mail-types.ts): every mail is
 * queued never tried, due when made, with nothing sent or failed yet. The mail
 * service makes its rows (members' mail, digests, invitations) here, and tests
 * that fill the outbox make theirs here too, so a field added to the row is set
 * in one place.
 */
import type { StoredMail } from '../store/mail-types.js';

/** What differs between new mails: who, what, and whether it waits for a digest. */
export type NewMail = Pick<StoredMail, 'id' | 'key' | 'userId' | 'docId' | 'kind' | 'to' | 'subject' | 'text' | 'html'> &
  Partial<Pick<StoredMail, 'digestLine'>> & { state?: 'pending' | 'held' };

/** A new outbox row made at `at` (ISO time): pending (or held for a digest), due at once, never tried. */
export function unsentMail(mail: NewMail, at: string): StoredMail {
  return {
    digestLine: '',
    ...mail,
    state: mail.state ?? 'pending',
    attempts: 0,
    nextAttemptAt: at,
    createdAt: at,
    sentAt: null,
    lastError: null,
  };
}
