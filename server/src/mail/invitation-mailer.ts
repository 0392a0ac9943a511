/**
 * The email an invitation sends when SMTP_URL is set: who invited them, to which
 * report, with which role, and the link that signs them in and opens it. The same
 * email whether or not the address has an account — nothing about the address is
 * looked up, and it is made with the same store calls either way — and written to
 * the outbox in the invitation's own transaction (InvitationService hands it to
 * the member store), so a crash after the answer cannot lose it
 * (docs/RELIABILITY.md, "Email"). Without SMTP nothing is made or queued.
 */
import { ROLE_DESCRIPTIONS, type Role } from '@concord/shared';
import { displayName } from '../auth/people.js';
import type { StoredMail } from '../store/mail-types.js';
import type { Stores } from '../store/types.js';
import type { MailService } from './mail-service.js';

interface NewInvitation {
  id: string;
  /** As the author typed it. */
  email: string;
  role: Role;
}

export class InvitationMailer {
  constructor(
    private readonly stores: Stores,
    private readonly mail: MailService,
  ) {}

  /** The invitation's email as an outbox row, for the store to write with the invitation; undefined without SMTP. */
  async outboxRow(docId: string, inviterId: string, invitation: NewInvitation): Promise<StoredMail | undefined> {
    if (!this.mail.configured) return undefined;
    const [doc, inviter] = await Promise.all([this.stores.docs.getDoc(docId), this.stores.accounts.getUser(inviterId)]);
    if (!doc) return undefined;
    const who = displayName(inviterId, inviter);
    const { email, role } = invitation;
    return this.mail.invitationRow({
      docId,
      invitationId: invitation.id,
      to: email,
      subject: `${who} invited you to “${doc.title}” on Concord`,
      parts: [
        { text: `${who} invited you to the report “${doc.title}” on Concord, as ${role} (${ROLE_DESCRIPTIONS[role]}).` },
        { link: this.mail.docUrl(docId), label: `Sign in and open “${doc.title}”` },
        {
          text:
            `Sign in with this address, ${email}: the report is in your list. ` +
            `No account for it yet? Ask the administrator of this Concord server to create one for ${email}; the invitation waits for it.`,
        },
      ],
    });
  }

  /** The invitation and its email are committed: the worker sends it after this turn (the answer goes first). */
  committed(): void {
    this.mail.wake();
  }
}
