import type { FoundInvitation, Invitation, Member, MemberInvitation, MemberStore, NewAuditEntry, Role } from './types.js';
import { StoreError } from './types.js';
import type { SqliteDb } from './sqlite-database.js';
import type { SqliteAuditWriter } from './sqlite-audit-writer.js';
import type { StoredMail } from './mail-types.js';
import { outboxInsert } from './sqlite-mail-store.js';
import { emailKey, toInvitation, toMember, type InvitationRow, type MemberRow } from './member-rows.js';

const isConstraint = (err: unknown) => String((err as { code?: string }).code).startsWith('SQLITE_CONSTRAINT');
const isUnique = (err: unknown) =>
  ['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE'].includes(String((err as { code?: string }).code));

export class SqliteMemberStore implements MemberStore {
  private readonly stmt;
  private readonly claim;
  private readonly queueMail: (m: StoredMail) => boolean;

  constructor(
    private readonly db: SqliteDb,
    private readonly audit: SqliteAuditWriter,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.queueMail = outboxInsert(db);
    this.stmt = {
      upsert: db.prepare(
        'INSERT INTO members (doc_id, user_id, role, added_at) VALUES (?, ?, ?, ?) ON CONFLICT(doc_id, user_id) DO UPDATE SET role = excluded.role',
      ),
      invite: db.prepare('INSERT INTO members (doc_id, user_id, role, added_at, invitation_id, invited_email) VALUES (?, ?, ?, ?, ?, ?)'),
      get: db.prepare<[string, string], MemberRow>('SELECT * FROM members WHERE doc_id = ? AND user_id = ?'),
      remove: db.prepare('DELETE FROM members WHERE doc_id = ? AND user_id = ?'),
      list: db.prepare<[string], MemberRow>('SELECT * FROM members WHERE doc_id = ? ORDER BY added_at, user_id'),
      docsOf: db.prepare<[string], { doc_id: string }>('SELECT doc_id FROM members WHERE user_id = ?'),
      accept: db.prepare(
        'UPDATE members SET invitation_id = NULL, invited_email = NULL WHERE doc_id = ? AND user_id = ? AND invitation_id IS NOT NULL',
      ),
      memberByInvitation: db.prepare<[string, string], MemberRow>('SELECT * FROM members WHERE doc_id = ? AND invitation_id = ?'),
      putInvitation: db.prepare(
        `INSERT INTO invitations (id, doc_id, email, email_key, role, invited_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(doc_id, email_key) DO UPDATE SET role = excluded.role WHERE invitations.id = excluded.id`,
      ),
      invitationByEmail: db.prepare<[string, string], InvitationRow>('SELECT * FROM invitations WHERE doc_id = ? AND email_key = ?'),
      invitationById: db.prepare<[string, string], InvitationRow>('SELECT * FROM invitations WHERE doc_id = ? AND id = ?'),
      listInvitations: db.prepare<[string], InvitationRow>('SELECT * FROM invitations WHERE doc_id = ? ORDER BY invited_at, id'),
      removeInvitation: db.prepare('DELETE FROM invitations WHERE doc_id = ? AND id = ?'),
      invitationsFor: db.prepare<[string], InvitationRow>('SELECT * FROM invitations WHERE email_key = ? ORDER BY invited_at, id'),
      claimOne: db.prepare(
        'INSERT INTO members (doc_id, user_id, role, added_at, invitation_id, invited_email) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),
    };
    // One transaction: every invitation for the email becomes a membership, or none does.
    this.claim = db.transaction((userId: string, email: string): Member[] => {
      const made: Member[] = [];
      for (const row of this.stmt.invitationsFor.all(emailKey(email))) {
        this.stmt.removeInvitation.run(row.doc_id, row.id);
        if (this.stmt.claimOne.run(row.doc_id, userId, row.role, row.invited_at, row.id, row.email).changes > 0)
          made.push(toMember(this.stmt.get.get(row.doc_id, userId)!));
      }
      return made;
    });
  }

  async setMember(docId: string, userId: string, role: Role, audit?: NewAuditEntry): Promise<Member> {
    try {
      this.audit.withAudit(audit, () => this.stmt.upsert.run(docId, userId, role, this.now().toISOString()));
    } catch (err) {
      if (isConstraint(err)) throw new StoreError('unknown document, user or role', 'not_found');
      throw err;
    }
    return toMember(this.stmt.get.get(docId, userId)!);
  }

  async inviteMember(
    docId: string,
    userId: string,
    role: Role,
    invitation: MemberInvitation,
    audit?: NewAuditEntry,
    mail?: StoredMail,
  ): Promise<Member> {
    try {
      this.withMail(mail, () =>
        this.audit.withAudit(audit, () =>
          this.stmt.invite.run(docId, userId, role, this.now().toISOString(), invitation.id, invitation.email),
        ),
      );
    } catch (err) {
      if (isUnique(err)) throw new StoreError('already a member of this document', 'conflict');
      if (isConstraint(err)) throw new StoreError('unknown document, user or role', 'not_found');
      throw err;
    }
    return toMember(this.stmt.get.get(docId, userId)!);
  }

  async removeMember(docId: string, userId: string, audit?: NewAuditEntry): Promise<boolean> {
    return this.audit.withAudit(
      audit,
      () => this.stmt.remove.run(docId, userId).changes > 0,
      (removed) => removed,
    );
  }

  async listMembers(docId: string): Promise<Member[]> {
    return this.stmt.list.all(docId).map(toMember);
  }

  async getMember(docId: string, userId: string): Promise<Member | undefined> {
    const row = this.stmt.get.get(docId, userId);
    return row && toMember(row);
  }

  async roleOf(docId: string, userId: string): Promise<Role | undefined> {
    return this.stmt.get.get(docId, userId)?.role;
  }

  async docIdsOf(userId: string): Promise<string[]> {
    return this.stmt.docsOf.all(userId).map((r) => r.doc_id);
  }

  async acceptInvitation(docId: string, userId: string, audit?: NewAuditEntry): Promise<boolean> {
    return this.audit.withAudit(
      audit,
      () => this.stmt.accept.run(docId, userId).changes > 0,
      (accepted) => accepted,
    );
  }

  async putInvitation(invitation: Invitation, audit?: NewAuditEntry, mail?: StoredMail): Promise<Invitation> {
    const { id, docId, email, role, invitedAt } = invitation;
    const stored = (r: { changes: number }) => r.changes > 0;
    try {
      this.withMail(
        mail,
        () => this.audit.withAudit(audit, () => this.stmt.putInvitation.run(id, docId, email, emailKey(email), role, invitedAt), stored),
        stored,
      );
    } catch (err) {
      if (isConstraint(err)) throw new StoreError('unknown document or role', 'not_found');
      throw err;
    }
    return toInvitation(this.stmt.invitationByEmail.get(docId, emailKey(email))!);
  }

  async listInvitations(docId: string): Promise<Invitation[]> {
    return this.stmt.listInvitations.all(docId).map(toInvitation);
  }

  async invitationForEmail(docId: string, email: string): Promise<Invitation | undefined> {
    const row = this.stmt.invitationByEmail.get(docId, emailKey(email));
    return row && toInvitation(row);
  }

  async findInvitation(docId: string, invitationId: string): Promise<FoundInvitation | undefined> {
    const pending = this.stmt.invitationById.get(docId, invitationId);
    if (pending) return { ...toInvitation(pending), userId: null };
    const member = this.stmt.memberByInvitation.get(docId, invitationId);
    if (!member?.invitation_id || member.invited_email === null) return undefined;
    return {
      id: member.invitation_id,
      docId,
      email: member.invited_email,
      role: member.role,
      invitedAt: member.added_at,
      userId: member.user_id,
    };
  }

  async removeInvitation(docId: string, invitationId: string, audit?: NewAuditEntry): Promise<boolean> {
    return this.audit.withAudit(
      audit,
      () => this.stmt.removeInvitation.run(docId, invitationId).changes > 0,
      (removed) => removed,
    );
  }

  /** Runs `change` and, when `mail` is given and `changed(result)` says so, queues `mail`, in one transaction. */
  private withMail<T>(mail: StoredMail | undefined, change: () => T, changed: (result: T) => boolean = () => true): T {
    if (!mail) return change();
    return this.db.transaction(() => {
      const result = change();
      if (changed(result)) this.queueMail(mail);
      return result;
    })();
  }

  async claimInvitations(userId: string, email: string): Promise<Member[]> {
    try {
      return this.claim(userId, email);
    } catch (err) {
      if (isConstraint(err)) throw new StoreError('unknown user', 'not_found');
      throw err;
    }
  }
}
