/**
 * Adding people by email, as invitations (issue 12): any signed-in account can
 * create a document and add people to it, so adding must not tell whether an email
 * has an account. Both kinds answer alike — same status, same shape, the same
 * number of store calls — and list alike (invited-entry.ts):
 *
 * - an email with an account: a member at once (nothing that worked before stops
 *   working for them), listed as invited until they first open the document;
 * - an email with none: a pending invitation, made a membership (still invited)
 *   when that account is created (auth/accounts.ts addUser) or signs in.
 *
 * A new invitation's email (with SMTP) is written to the outbox in the invitation's
 * own transaction, never for a re-invitation: a crash after the answer cannot lose it.
 *
 * Who may see more: the invitee themselves, and the CLI (a trusted administrator),
 * which still adds by name (MemberService.addByEmail).
 */
import type { InvitationJson, Role } from '@concord/shared';
import type { EventBus } from '../events/event-bus.js';
import { badRequest, notFound } from '../domain/domain-error.js';
import { StoreError, type AuditEntry, type FoundInvitation, type NewAuditEntry, type Stores } from '../store/types.js';
import type { StoredMail } from '../store/mail-types.js';
import { isEmailAddress, newId } from '../auth/accounts.js';
import { memberAudit, type ActorRef, type MemberService } from './member-service.js';

/**
 * New invitations an account may make per hour (429 beyond): against spam. Every
 * invitation counts, with an account or not — counting only emails with no account
 * would tell which those were.
 */
export const INVITATIONS_PER_HOUR = 50;

/**
 * An invitation's email (mail/invitation-mailer.ts): made before the invitation is
 * stored, alike for either kind, and written by the store in the same transaction.
 */
export interface InvitationEmails {
  /** Undefined when no email is sent (no SMTP). */
  outboxRow(docId: string, inviterId: string, invitation: { id: string; email: string; role: Role }): Promise<StoredMail | undefined>;
  /** Called once a new invitation (and its email) is committed. */
  committed(): void;
}

const NO_SUCH_INVITATION = 'no such invitation (once accepted, the person is a member: change or remove them as one)';

export class InvitationService {
  constructor(
    private readonly stores: Stores,
    private readonly bus: EventBus,
    private readonly members: MemberService,
    private readonly emails?: InvitationEmails,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Invites `email` with `role`; `created` is false when the email was invited
   * already (its role is changed) or is an accepted member's (their role is changed,
   * as adding did before: the author sees that email in the list already).
   */
  async invite(docId: string, actor: ActorRef, email: string, role: Role): Promise<{ invitation: InvitationJson; created: boolean }> {
    const invited = await this.inviteRacing(docId, actor, email, role);
    if (invited.created) this.emails?.committed();
    return invited;
  }

  private async inviteRacing(
    docId: string,
    actor: ActorRef,
    email: string,
    role: Role,
  ): Promise<{ invitation: InvitationJson; created: boolean }> {
    try {
      return await this.inviteOnce(docId, actor, email, role);
    } catch (err) {
      // Two invitations of the same email at once: the other one added the membership between
      // our lookup and our insert (the store's unique key refused ours). Now it is there, and
      // this one answers as a re-invitation does (its role set, created false), not as a failure.
      if (err instanceof StoreError && err.reason === 'conflict') return this.inviteOnce(docId, actor, email, role);
      throw err;
    }
  }

  private async inviteOnce(
    docId: string,
    actor: ActorRef,
    email: string,
    role: Role,
  ): Promise<{ invitation: InvitationJson; created: boolean }> {
    const typed = email.trim();
    // Refused before any lookup: an address no account could have is refused whoever asks.
    if (!isEmailAddress(typed.toLowerCase())) throw badRequest(`"${typed}" is not an email address`);
    const user = await this.stores.accounts.getUserByEmail(typed.toLowerCase());
    if (user) {
      const member = await this.stores.members.getMember(docId, user.id);
      if (member && !member.invitation) {
        await this.members.changeRole(docId, actor, user.id, role);
        return { invitation: { id: null, email: typed, role, status: 'member', addedAt: member.addedAt }, created: false };
      }
      if (member?.invitation) {
        const found = { ...member.invitation, docId, role: member.role, invitedAt: member.addedAt, userId: user.id };
        return { invitation: await this.rerole(found, actor, role), created: false };
      }
      const id = newId('inv');
      const made = await this.stores.members.inviteMember(
        docId,
        user.id,
        role,
        { id, email: typed },
        this.invitedAudit(docId, actor, id, typed, role),
        await this.emails?.outboxRow(docId, actor.id, { id, email: typed, role }),
      );
      await this.bus.publish({ type: 'member.changed', docId, userId: user.id, role, previousRole: null });
      return { invitation: invitationJson({ id, email: typed, role, invitedAt: made.addedAt }), created: true };
    }
    const pending = await this.stores.members.invitationForEmail(docId, typed);
    if (pending) return { invitation: await this.rerole({ ...pending, userId: null }, actor, role), created: false };
    const id = newId('inv');
    const stored = await this.stores.members.putInvitation(
      { id, docId, email: typed, role, invitedAt: this.now().toISOString() },
      this.invitedAudit(docId, actor, id, typed, role),
      // Written only if this invitation is stored: not when another of the email won the race.
      await this.emails?.outboxRow(docId, actor.id, { id, email: typed, role }),
    );
    // Another invitation of this email won the race: the store kept its row as it was and wrote
    // no entry for our id (which was never stored). This one is a re-invitation, as above.
    if (stored.id !== id) return { invitation: await this.rerole({ ...stored, userId: null }, actor, role), created: false };
    await this.bus.publish({ type: 'invitation.changed', docId });
    return { invitation: invitationJson(stored), created: true };
  }

  async changeRole(docId: string, actor: ActorRef, invitationId: string, role: Role): Promise<InvitationJson> {
    const found = await this.stores.members.findInvitation(docId, invitationId);
    if (!found) throw notFound(NO_SUCH_INVITATION);
    return this.rerole(found, actor, role);
  }

  /** Revokes an invitation; an invitee who has an account loses the access it gave at once (like a removed member). */
  async revoke(docId: string, actor: ActorRef, invitationId: string): Promise<void> {
    const found = await this.stores.members.findInvitation(docId, invitationId);
    if (!found) throw notFound(NO_SUCH_INVITATION);
    const audit = this.audit(docId, actor, 'invitation.revoked', { invitationId, email: found.email, previousRole: found.role });
    if (found.userId === null) {
      await this.stores.members.removeInvitation(docId, invitationId, audit);
      await this.bus.publish({ type: 'invitation.changed', docId });
      return;
    }
    await this.stores.members.removeMember(docId, found.userId, audit);
    await this.bus.publish({ type: 'member.changed', docId, userId: found.userId, role: null, previousRole: found.role });
  }

  private async rerole(found: FoundInvitation, actor: ActorRef, role: Role): Promise<InvitationJson> {
    if (found.role !== role) {
      const audit = this.audit(found.docId, actor, 'invitation.changed', {
        invitationId: found.id,
        email: found.email,
        role,
        previousRole: found.role,
      });
      if (found.userId === null) {
        await this.stores.members.putInvitation({ ...found, role }, audit);
        await this.bus.publish({ type: 'invitation.changed', docId: found.docId });
      } else {
        await this.stores.members.setMember(found.docId, found.userId, role, audit);
        await this.bus.publish({ type: 'member.changed', docId: found.docId, userId: found.userId, role, previousRole: found.role });
      }
    }
    return invitationJson({ ...found, role });
  }

  /** The same entry for both kinds: never the user id. */
  private invitedAudit(docId: string, actor: ActorRef, invitationId: string, email: string, role: Role): NewAuditEntry {
    return this.audit(docId, actor, 'member.invited', { invitationId, email, role });
  }

  private audit(docId: string, actor: ActorRef, action: AuditEntry['action'], details: Record<string, unknown>): NewAuditEntry {
    return memberAudit(this.now(), docId, actor, action, details);
  }
}

function invitationJson(i: { id: string; email: string; role: Role; invitedAt: string }): InvitationJson {
  return { id: i.id, email: i.email, role: i.role, status: 'invited', addedAt: i.invitedAt };
}
