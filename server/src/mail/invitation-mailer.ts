/**
 * The email an invitation sends when SMTP_URL is set: who invited them, to which
 * report, with which role, and the link that signs them in and opens it. The same
 * email whether or not the address has an account — nothing about the address is
 * looked up — and queued only after the answer has gone (member-routes.ts), so
 * neither the answer nor its timing depends on it, and a mail failure never fails
 * the invitation. Without SMTP nothing is queued.
 */
import { ROLE_DESCRIPTIONS, type Role } from '@concord/shared';
import { displayName } from '../auth/people.js';
import type { Logger } from '../logger.js';
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
    private readonly log: Logger,
  ) {}

  /** Queues the invitation's email on the next turn of the event loop, after the answer; never throws. */
  later(docId: string, inviterId: string, invitation: NewInvitation): void {
    if (!this.mail.configured) return;
    setImmediate(() => {
      this.send(docId, inviterId, invitation).catch((err: unknown) => this.log.error({ err }, 'could not queue an invitation email'));
    });
  }

  private async send(docId: string, inviterId: string, invitation: NewInvitation): Promise<void> {
    const [doc, inviter] = await Promise.all([this.stores.docs.getDoc(docId), this.stores.accounts.getUser(inviterId)]);
    if (!doc) return;
    const who = displayName(inviterId, inviter);
    const { email, role } = invitation;
    await this.mail.queueInvitation({
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
}
