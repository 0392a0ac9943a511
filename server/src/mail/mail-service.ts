/**
 * Email (issue 19): queues mail durably in the store's outbox, honouring each
 * member's preference per document, and sends it from a background worker with
 * retries and back-off. The rules (docs/RELIABILITY.md, "Email"):
 * - one outbox row per recipient and event (its idempotency key): an event
 *   announced twice, or re-announced after a restart, is queued once;
 * - a row is marked sent only after the SMTP server accepted it; a crash or an
 *   outage before that leaves it pending, and it is sent after the restart;
 * - a 5xx answer, or MAX_MAIL_ATTEMPTS failures, gives up (state `failed`) and
 *   the document's authors see it; nothing is retried forever;
 * - membership and preference are checked when queueing and again just before
 *   sending: nobody removed from a document, or who unsubscribed, gets its mail.
 * Invitation emails (invitationRow) go to the email the author typed, account or
 * not, and are queued in the invitation's own transaction; they are sent while the
 * invitation waits (revoked or accepted: cancelled).
 * Without SMTP_URL nothing is queued or sent.
 */
import { createHash } from 'node:crypto';
import { lastDailyMoment, type EmailMode, type MailFailureJson } from '@concord/shared';
import { newId } from '../auth/accounts.js';
import { peopleById } from '../auth/people.js';
import type { Logger } from '../logger.js';
import type { StoredMail } from '../store/mail-types.js';
import type { Stores } from '../store/types.js';
import { runExclusive } from '../store/exclusive-job.js';
import { renderHtml, renderText, type MailContent, type MailPart } from './mail-render.js';
import { SendError, type MailSender } from './mail-sender.js';
import { signUnsubscribe } from './unsubscribe-token.js';
import { unsentMail } from './unsent-mail.js';

/** Failures before an email is given up as undeliverable (with back-off doubling up to an hour: about 10 h). */
export const MAX_MAIL_ATTEMPTS = 15;
const MAX_BACKOFF_MS = 3600_000;
/** How often the worker looks for due mail (it is also woken when mail is queued). */
const MAIL_POLL_MS = 2000;
/** Mails sent per batch; the worker goes on while there are more due. */
const MAIL_BATCH = 50;
/** The idempotency key of an invitation's email; the worker reads the invitation id back from it. */
const INVITATION_KEY = 'invitation:';
/** The default for a member who never chose (issue 19: "Defaults: digest"). */
const DEFAULT_EMAIL_MODE: EmailMode = 'digest';

/** A mail's subject and both its renderings, as its outbox row keeps them. */
function rendered(content: MailContent): Pick<StoredMail, 'subject' | 'text' | 'html'> {
  return { subject: content.subject, text: renderText(content), html: renderHtml(content) };
}

export interface QueuedMail {
  userId: string;
  docId: string;
  kind: string;
  /** Idempotency key: one per recipient and event. */
  key: string;
  subject: string;
  parts: MailPart[];
  /** One line for the digest. */
  digestLine: string;
  /** Deadline-bound (a reminder): sent at once to digest readers too, or it would come too late. */
  urgent?: boolean;
}

/** An invitation's email: to the address typed, whether or not it has an account (nothing here says which). */
export interface InvitationMail {
  docId: string;
  invitationId: string;
  to: string;
  subject: string;
  parts: MailPart[];
}

export interface MailOptions {
  signingKey: Buffer;
  /** Where people open Concord (links in emails); known once the server listens. */
  baseUrl: () => string;
  retryMs: number;
  /** Digests go out once a day at this hour (0–23) on the commission's wall clock… */
  digestHour: number;
  /** …in this IANA time zone (TIME_ZONE), which also writes the dates in emails. */
  timeZone: string;
  /** For Message-IDs. */
  from: string | null;
}

export class MailService {
  readonly configured: boolean;
  readonly defaultMode = DEFAULT_EMAIL_MODE;
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly stores: Stores,
    private readonly sender: MailSender | null,
    private readonly options: MailOptions,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.configured = sender !== null;
  }

  get timeZone(): string {
    return this.options.timeZone;
  }

  get signingKey(): Buffer {
    return this.options.signingKey;
  }

  docUrl(docId: string, blockId?: string | null): string {
    const base = `${this.options.baseUrl()}/d/${encodeURIComponent(docId)}`;
    return blockId ? `${base}#block-${encodeURIComponent(blockId)}` : base;
  }

  unsubscribeUrl(userId: string, docId: string): string {
    return `${this.options.baseUrl()}/api/unsubscribe?token=${signUnsubscribe(this.options.signingKey, userId, docId)}`;
  }

  async modeOf(userId: string, docId: string): Promise<EmailMode> {
    return (await this.stores.mail.modes(userId)).get(docId) ?? DEFAULT_EMAIL_MODE;
  }

  /** The document's undeliverable emails, newest first (shown to its authors with the rounds). */
  async failures(docId: string, limit: number): Promise<MailFailureJson[]> {
    const failed = await this.stores.mail.failed(docId, limit);
    const person = await peopleById(
      this.stores.accounts,
      failed.flatMap((m) => (m.userId === null ? [] : [m.userId])),
    );
    return failed.map((m) => ({
      // An invitation's email shows by the address typed, as the invitation does in the member list.
      recipient: m.userId === null ? { userId: '', name: m.to } : person(m.userId),
      subject: m.subject,
      error: m.lastError ?? '',
      at: m.sentAt ?? m.nextAttemptAt,
    }));
  }

  /** Queues mail for members who want it; never throws (the event it reports has happened). */
  async queue(list: readonly QueuedMail[]): Promise<void> {
    if (!this.configured || list.length === 0) return;
    try {
      const at = this.now().toISOString();
      const rows: StoredMail[] = [];
      for (const q of list) {
        if (!(await this.stores.members.roleOf(q.docId, q.userId))) continue;
        const mode = await this.modeOf(q.userId, q.docId);
        if (mode === 'none') continue;
        const user = await this.stores.accounts.getUser(q.userId);
        if (!user) continue;
        const content: MailContent = { subject: q.subject, parts: q.parts, unsubscribeUrl: this.unsubscribeUrl(q.userId, q.docId) };
        const state = mode === 'digest' && !q.urgent ? 'held' : 'pending';
        rows.push(
          unsentMail(
            {
              id: newId('m'),
              key: q.key,
              userId: q.userId,
              docId: q.docId,
              kind: q.kind,
              to: user.email,
              ...rendered(content),
              digestLine: q.digestLine,
              state,
            },
            at,
          ),
        );
      }
      if (rows.length === 0) return;
      const added = await this.stores.mail.enqueue(rows);
      if (added.some((m) => m.state === 'pending')) void this.runOnce();
    } catch (err) {
      this.log.error({ err }, 'could not queue email');
    }
  }

  /**
   * An invitation's email as an outbox row, to be sent at once (no digest, no
   * preference: the invitee may not be a member yet); undefined without SMTP. The
   * member store writes it in the invitation's own transaction (a transactional
   * outbox: the invitation and its email are stored together or not at all), so
   * its key makes it once per invitation.
   */
  invitationRow(invitation: InvitationMail): StoredMail | undefined {
    if (!this.configured) return undefined;
    const at = this.now().toISOString();
    const content: MailContent = { subject: invitation.subject, parts: invitation.parts, unsubscribeUrl: null };
    return unsentMail(
      {
        id: newId('m'),
        key: `${INVITATION_KEY}${invitation.invitationId}`,
        userId: null,
        docId: invitation.docId,
        kind: 'invitation',
        to: invitation.to,
        ...rendered(content),
      },
      at,
    );
  }

  /** Mail was queued by another store's transaction: sent now, after this turn, rather than at the next poll. */
  wake(): void {
    if (this.configured) setImmediate(() => void this.runOnce());
  }

  start(): void {
    if (!this.configured) return;
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), MAIL_POLL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    this.sender?.close();
  }

  /**
   * Folds due digests and sends due mail, after any run in progress (runs never overlap: nothing is sent twice by two runs).
   * With several processes on one database, one runs at a time across them (runExclusive); the others skip their turn.
   */
  runOnce(now?: Date): Promise<void> {
    this.running = this.running.then(async () => {
      if (this.stopped || !this.sender) return;
      try {
        await runExclusive(this.stores, 'mail-outbox', async () => {
          const at = now ?? this.now();
          await this.foldDigests(at);
          for (let batch = 0; batch < 20; batch++) {
            const due = await this.stores.mail.due(at.toISOString(), MAIL_BATCH);
            for (const m of due) await this.deliver(m, at);
            if (due.length < MAIL_BATCH) break;
          }
        });
      } catch (err) {
        this.log.error({ err }, 'email worker run failed');
      }
    });
    return this.running;
  }

  private async deliver(m: StoredMail, at: Date): Promise<void> {
    const unwanted =
      m.docId === null
        ? undefined
        : m.userId === null
          ? !(await this.invitationWaits(m.docId, m.key)) && 'the invitation was revoked or accepted'
          : !(await this.stillWanted(m.userId, m.docId)) && 'recipient left the document or chose no email';
    if (unwanted) {
      await this.stores.mail.update(m.id, { state: 'cancelled', lastError: unwanted });
      return;
    }
    try {
      await this.sender!.send({
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        messageId: this.messageId(m.key),
        unsubscribeUrl: m.docId && m.userId ? this.unsubscribeUrl(m.userId, m.docId) : null,
      });
      await this.stores.mail.update(m.id, { state: 'sent', sentAt: this.now().toISOString(), attempts: m.attempts + 1, lastError: null });
    } catch (err) {
      const attempts = m.attempts + 1;
      const message = err instanceof Error ? err.message : String(err);
      const permanent = err instanceof SendError && err.permanent;
      if (permanent || attempts >= MAX_MAIL_ATTEMPTS) {
        this.log.warn({ mailId: m.id, kind: m.kind, attempts, error: message }, 'email given up as undeliverable');
        await this.stores.mail.update(m.id, { state: 'failed', attempts, sentAt: at.toISOString(), lastError: message });
      } else {
        const delay = Math.min(this.options.retryMs * 2 ** (attempts - 1), MAX_BACKOFF_MS);
        this.log.info({ mailId: m.id, attempts, delayMs: delay, error: message }, 'email not sent; will retry');
        await this.stores.mail.update(m.id, {
          state: 'pending',
          attempts,
          nextAttemptAt: new Date(at.getTime() + delay).toISOString(),
          lastError: message,
        });
      }
    }
  }

  /**
   * One digest per person a day: at the digest hour (MAIL_DIGEST_HOUR on the TIME_ZONE
   * wall clock) everything held from before it is folded into one email; what
   * happens after it waits for the next day's. A server that was down at the hour
   * sends the digest when it runs again.
   */
  private async foldDigests(at: Date): Promise<void> {
    const cutoff = lastDailyMoment(at, this.options.digestHour, this.options.timeZone).toISOString();
    const byUser = new Map<string, StoredMail[]>();
    // Only members' mail is held (an invitation's is sent at once), so every held mail has its account.
    for (const m of await this.stores.mail.held(5000)) if (m.userId) byUser.set(m.userId, [...(byUser.get(m.userId) ?? []), m]);
    for (const [userId, all] of byUser) {
      const held = all.filter((m) => m.createdAt <= cutoff);
      if (held.length === 0) continue;
      const keep: StoredMail[] = [];
      for (const m of held) {
        if (m.docId !== null && (await this.stillWanted(userId, m.docId))) keep.push(m);
        else await this.stores.mail.update(m.id, { state: 'cancelled', lastError: 'recipient left the document or chose no email' });
      }
      if (keep.length === 0) continue;
      const digest = await this.digestOf(userId, keep, at);
      await this.stores.mail.fold(
        digest,
        keep.map((m) => m.id),
      );
    }
  }

  private async digestOf(userId: string, held: StoredMail[], at: Date): Promise<StoredMail> {
    const parts: MailPart[] = [{ text: `What happened in Concord since your last digest (${held.length}):` }];
    for (const docId of [...new Set(held.map((m) => m.docId!))]) {
      const title = (await this.stores.docs.getDoc(docId))?.title ?? '';
      parts.push({ text: `“${title}”` });
      for (const m of held.filter((x) => x.docId === docId)) parts.push({ text: m.digestLine });
      parts.push({ link: this.unsubscribeUrl(userId, docId), label: `No more email about “${title}”` });
    }
    const subject = `Concord digest: ${held.length} update${held.length === 1 ? '' : 's'}`;
    return unsentMail(
      {
        id: newId('m'),
        key: `digest:${userId}:${held[0]!.id}`,
        userId,
        docId: null,
        kind: 'digest',
        to: held[held.length - 1]!.to,
        ...rendered({ subject, parts, unsubscribeUrl: null }),
      },
      at.toISOString(),
    );
  }

  /** The invitation an invitation email is about still waits to be accepted (found alike whether or not the email has an account). */
  private async invitationWaits(docId: string, key: string): Promise<boolean> {
    if (!key.startsWith(INVITATION_KEY)) return false;
    return (await this.stores.members.findInvitation(docId, key.slice(INVITATION_KEY.length))) !== undefined;
  }

  private async stillWanted(userId: string, docId: string): Promise<boolean> {
    return (await this.stores.members.roleOf(docId, userId)) !== undefined && (await this.modeOf(userId, docId)) !== 'none';
  }

  private messageId(key: string): string {
    const domain = /@([^>\s]+)>?\s*$/.exec(this.options.from ?? '')?.[1] ?? 'concord.invalid';
    return `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@${domain}>`;
  }
}
