/**
 * Members of a document: the one place that changes them, for the web and the
 * CLI alike. Checks the rule (a document keeps at least one author), writes the
 * change and its audit entry in one store transaction, and announces it on the
 * bus (the sync layer then closes sockets opened with the old role).
 *
 * Invitations (issue 12): the web adds people by email as invitations, which look
 * the same whether or not the email has an account (invitation-service.ts).
 */
import type { MemberJson, Role } from '@concord/shared';
import type { EventBus } from '../events/event-bus.js';
import { conflict, notFound } from '../domain/domain-error.js';
import type { AuditEntry, NewAuditEntry, Stores } from '../store/types.js';
import { CLI_ACTOR_ID, displayName, usersById } from '../auth/people.js';
import { invitedEntry } from './invited-entry.js';

/** Who made a change, as the audit log records it. */
export interface ActorRef {
  id: string;
  /** Set for changes made outside the web app, e.g. 'cli'. */
  via?: 'cli';
}

/** Changes made with the `concord` CLI (by a server administrator). */
export const CLI_ACTOR: ActorRef = { id: CLI_ACTOR_ID, via: 'cli' };

/** A member as clients see it, declared once in @concord/shared (api/doc-responses.ts). */
export type { MemberJson };

export const LAST_AUTHOR_MESSAGE = 'a document needs at least one author: make someone else author first';

export class MemberService {
  constructor(
    private readonly stores: Stores,
    private readonly bus: EventBus,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The user's role on the document; undefined when they are not a member (or it does not exist). */
  async roleOf(docId: string, userId: string): Promise<Role | undefined> {
    return this.stores.members.roleOf(docId, userId);
  }

  /**
   * The role of a user opening the document (a request about it, a sync socket);
   * undefined when they are not a member. Opening it accepts an invitation (issue 12).
   */
  async roleOnOpening(docId: string, userId: string): Promise<Role | undefined> {
    const member = await this.stores.members.getMember(docId, userId);
    if (!member) return undefined;
    if (member.invitation) await this.accept(docId, userId);
    return member.role;
  }

  /** Members, then invitations (which show only what the author typed), each by when they were added. */
  async list(docId: string): Promise<MemberJson[]> {
    const [members, pending] = await Promise.all([this.stores.members.listMembers(docId), this.stores.members.listInvitations(docId)]);
    const accepted = members.filter((m) => !m.invitation);
    const users = await usersById(
      this.stores.accounts,
      accepted.map((m) => m.userId),
    );
    const joined: MemberJson[] = accepted.map((m) => ({
      userId: m.userId,
      name: displayName(m.userId, users.get(m.userId)),
      email: users.get(m.userId)?.email ?? '',
      color: users.get(m.userId)?.color ?? '#888',
      role: m.role,
      addedAt: m.addedAt,
      status: 'member',
      invitationId: null,
    }));
    const invited = [
      ...members.flatMap((m) => (m.invitation ? [invitedEntry({ ...m.invitation, role: m.role, invitedAt: m.addedAt })] : [])),
      ...pending.map(invitedEntry),
    ].sort((a, b) => compare(a.addedAt, b.addedAt) || compare(a.invitationId ?? '', b.invitationId ?? ''));
    return [...joined, ...invited];
  }

  /**
   * Adds the user with this email at once, as a member listed by name (the CLI: a
   * trusted administrator), or changes their role. Returns the role they had before
   * (undefined: newly added). An invitation they had not accepted counts as accepted.
   */
  async addByEmail(docId: string, actor: ActorRef, email: string, role: Role): Promise<{ userId: string; previousRole: Role | undefined }> {
    const user = await this.stores.accounts.getUserByEmail(email.trim().toLowerCase());
    if (!user) throw notFound(`no user with email ${email.trim()}; ask the server administrator to create the account`);
    const previousRole = await this.put(docId, actor, user.id, role);
    await this.accept(docId, user.id, actor);
    return { userId: user.id, previousRole };
  }

  /** Changes an existing member's role. */
  async changeRole(docId: string, actor: ActorRef, userId: string, role: Role): Promise<void> {
    if (!(await this.stores.members.roleOf(docId, userId))) throw notFound('not a member of this document');
    await this.put(docId, actor, userId, role);
  }

  async remove(docId: string, actor: ActorRef, userId: string): Promise<Role> {
    const existing = await this.stores.members.roleOf(docId, userId);
    if (!existing) throw notFound('not a member of this document');
    if (existing === 'author') await this.assertNotLastAuthor(docId, userId);
    await this.stores.members.removeMember(docId, userId, this.audit(docId, actor, 'member.removed', { userId, previousRole: existing }));
    await this.bus.publish({ type: 'member.changed', docId, userId, role: null, previousRole: existing });
    return existing;
  }

  /**
   * An invited member who opens the document accepts: from then on the list shows
   * their name, and they count (as a commissioner, as an author). False when there
   * was nothing to accept — the common case, one indexed read.
   */
  async accept(docId: string, userId: string, actor: ActorRef = { id: userId }): Promise<boolean> {
    const member = await this.stores.members.getMember(docId, userId);
    if (!member?.invitation) return false;
    const accepted = await this.stores.members.acceptInvitation(
      docId,
      userId,
      this.audit(docId, actor, 'member.joined', { userId, invitationId: member.invitation.id, role: member.role }),
    );
    // Same role: nobody's socket closes; open member lists and consensus views reload.
    if (accepted) await this.bus.publish({ type: 'member.changed', docId, userId, role: member.role, previousRole: member.role });
    return accepted;
  }

  private async put(docId: string, actor: ActorRef, userId: string, role: Role): Promise<Role | undefined> {
    const existing = await this.stores.members.roleOf(docId, userId);
    if (existing === 'author' && role !== 'author') await this.assertNotLastAuthor(docId, userId);
    if (existing !== role) {
      const action = existing ? 'member.changed' : 'member.added';
      await this.stores.members.setMember(
        docId,
        userId,
        role,
        this.audit(docId, actor, action, { userId, role, previousRole: existing ?? null }),
      );
    }
    // Announced even when nothing changed, so open member lists refresh (as before).
    await this.bus.publish({ type: 'member.changed', docId, userId, role, previousRole: existing ?? null });
    return existing;
  }

  private audit(docId: string, actor: ActorRef, action: AuditEntry['action'], details: Record<string, unknown>): NewAuditEntry {
    return memberAudit(this.now(), docId, actor, action, details);
  }

  /**
   * Only authors who have accepted count: an invited author does not keep the
   * document managed (nor could counting them tell whether their email has an account).
   */
  private async assertNotLastAuthor(docId: string, userId: string): Promise<void> {
    const authors = (await this.stores.members.listMembers(docId)).filter((m) => m.role === 'author' && !m.invitation);
    if (authors.length === 1 && authors[0]?.userId === userId) throw conflict(LAST_AUTHOR_MESSAGE);
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A membership change's audit entry; the store that makes the change writes it in the same transaction. */
export function memberAudit(
  at: Date,
  docId: string,
  actor: ActorRef,
  action: AuditEntry['action'],
  details: Record<string, unknown>,
): NewAuditEntry {
  return {
    docId,
    at: at.toISOString(),
    actorId: actor.id,
    action,
    blockId: null,
    details: actor.via ? { ...details, via: actor.via } : details,
  };
}
