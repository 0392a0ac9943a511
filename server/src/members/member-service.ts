/**
 * Members of a document: the one place that changes them, for the web and the
 * CLI alike. Checks the rule (a document keeps at least one author), writes the
 * change and its audit entry in one store transaction, and announces it on the
 * bus (the sync layer then closes sockets opened with the old role).
 */
import type { MemberJson, Role } from '@concord/shared';
import type { EventBus } from '../events/event-bus.js';
import { conflict, notFound } from '../domain/domain-error.js';
import type { AuditEntry, Stores } from '../store/types.js';
import { CLI_ACTOR_ID, displayName, usersById } from '../auth/people.js';

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

  async list(docId: string): Promise<MemberJson[]> {
    const members = await this.stores.members.listMembers(docId);
    const users = await usersById(
      this.stores.accounts,
      members.map((m) => m.userId),
    );
    return members.map((m) => ({
      userId: m.userId,
      name: displayName(m.userId, users.get(m.userId)),
      email: users.get(m.userId)?.email ?? '',
      color: users.get(m.userId)?.color ?? '#888',
      role: m.role,
      addedAt: m.addedAt,
    }));
  }

  /** Adds the user with this email, or changes their role. Returns the role they had before (undefined: newly added). */
  async addByEmail(docId: string, actor: ActorRef, email: string, role: Role): Promise<{ userId: string; previousRole: Role | undefined }> {
    const user = await this.stores.accounts.getUserByEmail(email.trim().toLowerCase());
    if (!user) throw notFound(`no user with email ${email.trim()}; ask the server administrator to create the account`);
    const previousRole = await this.put(docId, actor, user.id, role);
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

  private audit(docId: string, actor: ActorRef, action: AuditEntry['action'], details: Record<string, unknown>): Omit<AuditEntry, 'seq'> {
    return {
      docId,
      at: this.now().toISOString(),
      actorId: actor.id,
      action,
      blockId: null,
      details: actor.via ? { ...details, via: actor.via } : details,
    };
  }

  private async assertNotLastAuthor(docId: string, userId: string): Promise<void> {
    const authors = (await this.stores.members.listMembers(docId)).filter((m) => m.role === 'author');
    if (authors.length === 1 && authors[0]?.userId === userId) throw conflict(LAST_AUTHOR_MESSAGE);
  }
}
